import { PutObjectCommand } from "@aws-sdk/client-s3";
import { CreateLabelingJobCommand } from "@aws-sdk/client-sagemaker";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../emulator/clock.js";
import { ARTIFACTS_DIR, launchBrowser, type Browser } from "../helpers/browser.js";
import { describeJob, engineIdle, s3ClientFor, uploadJobInputs } from "../helpers/job-fixtures.js";
import { seedRequest, videoJobRequest } from "../helpers/requests.js";
import { startTestServer, type TestServer } from "../helpers/test-server.js";

const JOB = "example-video-classification-labeling-job";
const FAILED_JOB = "job-without-inputs";
const clip = (name: string) => readFileSync(new URL(`../fixtures/videos/${name}`, import.meta.url));
const CLIPS = ["clip-a.mp4", "clip-c.mp4", "clip-a.mp4", "clip-c.mp4", "clip-a.mp4", "clip-c.mp4"];
const TRUTH = ["Sports", "News", "Music", "Sports", "News", "Music"];

/** Each worker's label for an object (ann is always right, bob and cy slip now and then) and pace. */
const WORKERS = {
  ann: { seconds: 20, label: (object: number) => TRUTH[object] ?? "Sports" },
  bob: { seconds: 45, label: (object: number) => (object === 2 ? "News" : (TRUTH[object] ?? "Sports")) },
  cy: {
    seconds: 30,
    label: (object: number) => (object === 1 ? "Music" : object === 3 ? "News" : (TRUTH[object] ?? "Sports")),
  },
} as const;
type WorkerId = keyof typeof WORKERS;

describe("the dashboard in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  let heldTaskId = "";

  const api = async (method: string, path: string, body?: unknown): Promise<Record<string, unknown>> => {
    const response = await fetch(`${server.url}/_gt/api${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(response.ok, `${method} ${path}`).toBe(true);
    return (await response.json()) as Record<string, unknown>;
  };

  /**
   * The three workers label every object through the admin API, on a manual clock that moves each
   * worker's pace per task, except the last answer: cy keeps the last object claimed, so the job
   * stays InProgress until the test submits it.
   */
  async function labelAllButTheLastAnswer(): Promise<void> {
    for (const id of Object.keys(WORKERS))
      await api("POST", "/workers", { id, displayName: id.toUpperCase() });
    for (let progressed = true; progressed;) {
      progressed = false;
      for (const [workerId, worker] of Object.entries(WORKERS) as [WorkerId, (typeof WORKERS)[WorkerId]][]) {
        const { task } = (await api("POST", "/tasks/claim", { workerId, jobName: JOB })) as {
          task: { id: string; datasetObjectId: string } | null;
        };
        if (!task || task.id === heldTaskId) continue;
        const object = Number(task.datasetObjectId);
        if (workerId === "cy" && object === CLIPS.length - 1) {
          heldTaskId = task.id;
          continue;
        }
        await api("POST", "/clock/advance", { seconds: worker.seconds });
        await api("POST", `/tasks/${task.id}/submit`, {
          workerId,
          answer: { "crowd-classifier": { label: worker.label(object) } },
        });
        progressed = true;
      }
    }
    await engineIdle(server);
  }

  beforeAll(async () => {
    server = await startTestServer({
      clock: new ManualClock(new Date("2026-06-01T09:00:00.000Z")),
      startDelayMs: 0,
    });
    const keys = CLIPS.map((_, index) => `videos/clip-${String(index + 1)}.mp4`);
    await uploadJobInputs(server, { manifest: keys.map((key) => ({ "source-ref": `s3://bucket/${key}` })) });
    const s3 = s3ClientFor(server);
    for (const [index, key] of keys.entries()) {
      await s3.send(
        new PutObjectCommand({
          Bucket: "bucket",
          Key: key,
          Body: clip(CLIPS[index] ?? ""),
          ContentType: "video/mp4",
        }),
      );
    }
    s3.destroy();
    // A job whose manifest is missing fails at once: the list shows every status, not just one.
    await server.sagemaker.send(
      new CreateLabelingJobCommand(
        videoJobRequest(FAILED_JOB, {
          InputConfig: {
            DataSource: { S3DataSource: { ManifestS3Uri: "s3://bucket/missing/manifest.json" } },
          },
        }),
      ),
    );
    await api("POST", "/clock/advance", { seconds: 90 });
    const request = seedRequest();
    // Two objects out at a time: consolidation runs every two finished objects, so the job page has
    // consolidated labels while the job is still in progress.
    request.HumanTaskConfig!.MaxConcurrentTaskCount = 2;
    request.HumanTaskConfig!.TaskTimeLimitInSeconds = 3600;
    await server.sagemaker.send(new CreateLabelingJobCommand(request));
    await engineIdle(server);
    await labelAllButTheLastAnswer();
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser.close();
    await server.close();
  });

  const row = (page: Page, name: string) => page.locator(`tr[data-job="${name}"]`);

  it("lists jobs, shows a job's charts, agreement, workers, gallery and manifest, and follows it live", async () => {
    const list = await browser.context.newPage();
    await list.setViewportSize({ width: 1366, height: 900 });
    await list.goto(`${server.url}/_gt/dashboard`);
    await row(list, JOB).waitFor();
    expect(await row(list, JOB).locator(".badge").textContent()).toBe("In progress");
    expect(await row(list, FAILED_JOB).locator(".badge").textContent()).toBe("Failed");
    expect(await row(list, JOB).getByRole("progressbar").getAttribute("aria-label")).toBe(
      `${JOB}: 5 of 6 labeled`,
    );
    // Newest first.
    expect(
      await list.locator("tbody tr").evaluateAll((rows) => rows.map((tr) => tr.getAttribute("data-job"))),
    ).toEqual([JOB, FAILED_JOB]);
    await list.locator(".live.live").waitFor();
    await list.screenshot({ path: join(ARTIFACTS_DIR, "dashboard-jobs.png"), fullPage: true });

    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(`${server.url}/_gt/dashboard`);
    // Keyboard: the job's link is reachable and opens the job page.
    await page.getByRole("link", { name: JOB }).focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/_gt\/dashboard\/jobs\//u);
    await page.getByRole("heading", { name: JOB }).waitFor();

    // Label distribution: one bar per series and label, on one chart.
    const distribution = page.locator("#distribution svg.chart");
    await distribution.waitFor();
    expect(await distribution.getAttribute("aria-label")).toContain("Sports:");
    expect(await distribution.locator("rect.bar-consolidated").count()).toBe(3 + 1);
    // Agreement: alpha over the 16 answers so far, and the histogram of per-object agreement.
    const alpha = await page.locator("#alpha [data-alpha]").getAttribute("data-alpha");
    expect(Number(alpha)).toBeGreaterThan(0);
    expect(Number(alpha)).toBeLessThan(1);
    expect(await page.locator("#agreement svg.chart rect.bar-hist").count()).toBe(5);
    // Workers: three rows with throughput and agreement with the consolidated label.
    const workerRows = page.locator("#workers tbody tr");
    expect(await workerRows.count()).toBe(3);
    expect(await page.locator('#workers tr[data-worker="ann"]').textContent()).toContain("100%");
    expect(await page.locator('#workers tr[data-worker="ann"]').textContent()).toContain("180.0 / h");
    // Gallery: six videos whose first frame loads from their presigned URLs.
    expect(await page.locator("#gallery video").count()).toBe(6);
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll<HTMLVideoElement>("#gallery video")].every(
          (video) => video.readyState >= 1,
        ),
      undefined,
      { timeout: 15_000 },
    );
    expect(await page.locator('#gallery [data-object="0"] .label-chip').textContent()).toBe("Sports");
    expect(await page.getByText("The output manifest appears here").count()).toBe(1);
    await page.locator(".live.live").waitFor();
    await page.screenshot({ path: join(ARTIFACTS_DIR, "dashboard-job-in-progress.png"), fullPage: true });

    // The last answer completes the job: both pages hear it over server-sent events.
    await api("POST", `/tasks/${heldTaskId}/submit`, {
      workerId: "cy",
      answer: { "crowd-classifier": { label: "Music" } },
    });
    await engineIdle(server);
    expect((await describeJob(server, JOB)).LabelingJobStatus).toBe("Completed");
    await expect
      .poll(() => page.locator("#status").textContent(), { timeout: 10_000 })
      .toBe(`${JOB} is now Completed.`);
    expect(await page.locator("h1 .badge").textContent()).toBe("Completed");
    await expect
      .poll(() => list.locator("#status").textContent(), { timeout: 10_000 })
      .toBe(`${JOB} is now Completed.`);
    expect(await row(list, JOB).locator(".badge").textContent()).toBe("Completed");

    // The manifest viewer: one collapsible entry per line, opened by keyboard.
    const lines = page.locator("#manifest details.manifest-line");
    await expect.poll(() => lines.count()).toBe(6);
    expect(await lines.first().locator("summary").textContent()).toContain(
      "s3://bucket/videos/clip-1.mp4 → Sports",
    );
    await lines.first().locator("summary").focus();
    await page.keyboard.press("Enter");
    expect(await lines.first().getAttribute("open")).toBe("");
    expect(await lines.first().locator("pre.json").textContent()).toContain('"class-name": "Sports"');
    await lines.nth(1).locator("summary").click();
    await page.screenshot({ path: join(ARTIFACTS_DIR, "dashboard-job-completed.png"), fullPage: true });
    await list.screenshot({ path: join(ARTIFACTS_DIR, "dashboard-jobs-after-update.png"), fullPage: true });

    // And back to the portal from the shared bar.
    await page.getByRole("link", { name: "gt-local" }).click();
    await page.getByRole("button", { name: "Start working" }).waitFor();
  }, 90_000);
});
