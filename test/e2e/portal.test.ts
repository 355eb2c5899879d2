import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import { CreateLabelingJobCommand } from "@aws-sdk/client-sagemaker";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS_DIR, launchBrowser, type Browser } from "../helpers/browser.js";
import { describeJob, engineIdle, s3ClientFor, uploadJobInputs } from "../helpers/job-fixtures.js";
import { seedRequest } from "../helpers/requests.js";
import { startTestServer, type TestServer } from "../helpers/test-server.js";

const JOB = "example-video-classification-labeling-job";
const clip = (name: string) => readFileSync(new URL(`../fixtures/videos/${name}`, import.meta.url));

/**
 * A server running the seed video job (one worker per video) over the given fixture clips,
 * uploaded as `videos/clip-1.mp4`, `videos/clip-2.mp4`, ...
 */
async function startVideoJob(clips: readonly string[]): Promise<TestServer> {
  const server = await startTestServer({ startDelayMs: 0 });
  const keys = clips.map((_, index) => `videos/clip-${String(index + 1)}.mp4`);
  await uploadJobInputs(server, { manifest: keys.map((key) => ({ "source-ref": `s3://bucket/${key}` })) });
  const s3 = s3ClientFor(server);
  for (const [index, file] of clips.entries()) {
    await s3.send(
      new PutObjectCommand({
        Bucket: "bucket",
        Key: keys[index],
        Body: clip(file),
        ContentType: "video/mp4",
      }),
    );
  }
  s3.destroy();
  const request = seedRequest();
  request.HumanTaskConfig!.NumberOfHumanWorkersPerDataObject = 1;
  await server.sagemaker.send(new CreateLabelingJobCommand(request));
  await engineIdle(server);
  return server;
}

describe("the worker portal in Chromium", () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startVideoJob(["clip-a.mp4", "clip-c.mp4", "clip-a.mp4"]);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
    await server.close();
  });

  it("labels the seed job's videos by keyboard, one task after another, until nothing is left", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/_gt/`);
    // The home page lists the jobs of the worker's teams with their progress.
    await page.getByRole("heading", { name: "Video classification task" }).waitFor();
    expect(await page.getByRole("progressbar").getAttribute("aria-label")).toBe(`${JOB}: 0 of 3 labeled`);
    await page.screenshot({ path: join(ARTIFACTS_DIR, "portal-home.png") });
    await page.getByRole("button", { name: "Start working" }).click();
    for (let n = 0; n < 3; n++) {
      await page.waitForURL(/\/_gt\/portal\/tasks\//u);
      const frame = page.frameLocator("iframe");
      await frame.locator("video").waitFor();
      const ready = await frame.locator("video").evaluate((video: HTMLVideoElement) =>
        video.readyState >= 2
          ? true
          : new Promise<boolean>((resolve) => {
              video.addEventListener("loadeddata", () => {
                resolve(true);
              });
            }),
      );
      expect(ready).toBe(true);
      if (n === 0) {
        await page.screenshot({ path: join(ARTIFACTS_DIR, "portal-video-task.png") });
        // Video shortcuts: faster with ], a frame forward with . (pausing), the help with ?.
        await frame.locator("crowd-classifier").click({ position: { x: 5, y: 5 } });
        await page.keyboard.press("]");
        await page.keyboard.press(".");
        const state = await frame.locator("video").evaluate((video: HTMLVideoElement) => ({
          rate: video.playbackRate,
          time: video.currentTime,
          paused: video.paused,
        }));
        expect(state).toMatchObject({ rate: 2, paused: true });
        expect(state.time).toBeGreaterThan(0);
        await page.keyboard.press("?");
        await expect
          .poll(() => frame.getByRole("dialog", { name: "Keyboard shortcuts" }).isVisible())
          .toBe(true);
        await page.keyboard.press("?");
      }
      await frame.locator("crowd-classifier").click({ position: { x: 5, y: 5 } });
      await page.keyboard.press("2");
      await page.keyboard.press("Enter");
      await page
        .waitForURL((url) => !url.pathname.endsWith(`/${String(n)}`), { timeout: 10_000 })
        .catch(() => undefined);
      await expect.poll(async () => (await describeJob(server, JOB)).LabelCounters?.HumanLabeled).toBe(n + 1);
    }
    await page.getByRole("heading", { name: "Nothing left to do" }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS_DIR, "portal-nothing-left.png") });
    await engineIdle(server);
    const job = await describeJob(server, JOB);
    expect(job.LabelingJobStatus).toBe("Completed");
    const tasks = server.emulator.workers.list();
    expect(tasks.length).toBeGreaterThan(0);
    const lines = await (
      await fetch(
        `${server.url}/bucket/path/file-to-store-output-data/${JOB}/manifests/output/output.manifest`,
      )
    ).text();
    for (const line of lines.trimEnd().split("\n")) {
      expect(JSON.parse(line)).toMatchObject({ label: 1, "label-metadata": { "class-name": "News" } });
    }
    // What the portal stored is exactly what crowd-form built, as the worker-response files show.
    const s3 = s3ClientFor(server);
    const listed = await s3.send(
      new ListObjectsV2Command({
        Bucket: "bucket",
        Prefix: `path/file-to-store-output-data/${JOB}/annotations/worker-response/`,
      }),
    );
    const keys = (listed.Contents ?? []).map((object) => object.Key ?? "");
    expect(keys).toHaveLength(3);
    for (const key of keys) {
      const file = await s3.send(new GetObjectCommand({ Bucket: "bucket", Key: key }));
      const { answers } = JSON.parse((await file.Body?.transformToString()) ?? "{}") as {
        answers: { answerContent: unknown }[];
      };
      expect(answers.map((answer) => answer.answerContent)).toEqual([
        { "crowd-classifier": { label: "News" } },
      ]);
    }
    s3.destroy();
  }, 90_000);
});

describe("the portal keeps a worker's choice across a reload", () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startVideoJob(["clip-a.mp4"]);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
    await server.close();
  });

  it("restores the chosen label after an accidental reload, then submits it", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/_gt/`);
    await page.getByRole("button", { name: "Start working" }).click();
    await page.waitForURL(/\/_gt\/portal\/tasks\//u);
    const frame = page.frameLocator("iframe");
    await frame.locator("crowd-classifier").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("3");
    await expect.poll(() => frame.locator('[aria-checked="true"]').textContent()).toContain("Music");
    await page.reload();
    const reloaded = page.frameLocator("iframe");
    await expect.poll(() => reloaded.locator('[aria-checked="true"]').count()).toBe(1);
    expect(await reloaded.locator('[aria-checked="true"]').textContent()).toContain("Music");
    await reloaded.locator("crowd-classifier").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Nothing left to do" }).waitFor();
    await engineIdle(server);
    const lines = await (
      await fetch(
        `${server.url}/bucket/path/file-to-store-output-data/${JOB}/manifests/output/output.manifest`,
      )
    ).text();
    expect(JSON.parse(lines.trim())).toMatchObject({ label: 2, "label-metadata": { "class-name": "Music" } });
  }, 60_000);
});

describe("a custom template with radio buttons and text input", () => {
  let server: TestServer;
  let browser: Browser;
  const template = `<script src="https://assets.crowd.aws/crowd-html-elements.js"></script>
<crowd-form>
  <p>Is {{ task.input.source }} positive?</p>
  <crowd-radio-group>
    <crowd-radio-button name="sentiment" value="positive">Positive</crowd-radio-button>
    <crowd-radio-button name="sentiment" value="negative">Negative</crowd-radio-button>
  </crowd-radio-group>
  <crowd-input name="reason" label="Why?"></crowd-input>
  <input type="text" name="note">
</crowd-form>`;

  beforeAll(async () => {
    server = await startTestServer({ startDelayMs: 0 });
    await uploadJobInputs(server, { manifest: [{ source: "I love this film" }], template });
    const request = seedRequest();
    request.LabelingJobName = "custom-text-job";
    request.LabelCategoryConfigS3Uri = undefined;
    request.HumanTaskConfig!.PreHumanTaskLambdaArn = undefined;
    request.HumanTaskConfig!.AnnotationConsolidationConfig = undefined;
    request.HumanTaskConfig!.NumberOfHumanWorkersPerDataObject = 1;
    await server.sagemaker.send(new CreateLabelingJobCommand(request));
    await engineIdle(server);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
    await server.close();
  });

  it("stores exactly the answer crowd-form builds", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/_gt/`);
    await page.getByRole("button", { name: "Start working" }).click();
    await page.waitForURL(/\/_gt\/portal\/tasks\//u);
    const taskId = decodeURIComponent(new URL(page.url()).pathname.split("/").at(-1) ?? "");
    const frame = page.frameLocator("iframe");
    await frame.getByText("Is I love this film positive?").waitFor();
    await frame.getByText("Positive", { exact: true }).click();
    await frame.getByLabel("Why?").fill("Says love");
    await frame.locator('input[name="note"]').fill("easy one");
    await page.screenshot({ path: join(ARTIFACTS_DIR, "portal-custom-template.png") });
    await frame.getByRole("button", { name: "Submit" }).click();
    await page.getByRole("heading", { name: "Nothing left to do" }).waitFor();
    const stored = server.emulator.tasks.get(taskId);
    expect(stored.answer).toEqual({
      sentiment: { positive: true, negative: false },
      reason: "Says love",
      note: "easy one",
    });
  }, 60_000);
});

describe("the template preview page", () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
    await server.close();
  });

  it("renders a template through RenderUiTemplate and shows the answer it would submit", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/_gt/preview`);
    await page.getByRole("button", { name: "Render" }).click();
    const frame = page.frameLocator("iframe");
    await frame.locator("crowd-classifier").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("2");
    await page.keyboard.press("Enter");
    await expect
      .poll(async () => page.getByLabel("Submitted answer").textContent())
      .toContain('"label": "News"');
    await page.screenshot({ path: join(ARTIFACTS_DIR, "template-preview.png") });
  });
});

describe("a portal password", () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startTestServer({ portalPassword: "s3cret" });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
    await server.close();
  });

  it("keeps the portal and the testing API closed until the worker signs in", async () => {
    expect((await fetch(`${server.url}/_gt/api/workers`)).status).toBe(401);
    expect((await fetch(`${server.url}/_gt/health`)).status).toBe(200);
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/_gt/`);
    await page.getByLabel("Portal password").fill("wrong");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").waitFor();
    await page.getByLabel("Portal password").fill("s3cret");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("button", { name: "Start working" }).waitFor();
    const cookies = await browser.context.cookies(`${server.url}/_gt/`);
    expect(cookies.find((cookie) => cookie.name === "gt-local-session")?.httpOnly).toBe(true);
  });
});
