import { CreateLabelingJobCommand } from "@aws-sdk/client-sagemaker";
import type { Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, type Browser } from "../helpers/browser.js";
import { engineIdle, uploadJobInputs } from "../helpers/job-fixtures.js";
import { seedRequest } from "../helpers/requests.js";
import { startTestServer, type TestServer } from "../helpers/test-server.js";
import { runCli } from "../cli/cli-process.js";

/**
 * Label names, manifest attributes, task inputs, job titles and worker names are data, whoever
 * wrote them: every page shows them as text. Each payload would set `window.__pwned` if it ever
 * ran; the test visits the portal, a task, the preview and the dashboard in Chromium and checks
 * that it never did (in the page and in every frame) and that the payload reads literally.
 */

const JOB = "example-video-classification-labeling-job";
const WORKER = "payload-worker";
const payload = {
  labelImg: `<img src=x onerror="window.__pwned='label'">`,
  labelScript: `<script>window.__pwned='label-script'</script>`,
  key: `videos/<img src=x onerror=window.__pwned='key'>.mp4`,
  note: `<script>window.__pwned='manifest'</script><b>bold?</b>`,
  title: `<img src=x onerror="window.__pwned='title'">`,
  description: `<script>window.__pwned='description'</script>`,
  worker: `<svg onload="window.__pwned='worker'"></svg>`,
  input: `<img src=x onerror="window.__pwned='preview'">`,
};

/** The documentation's classifier, showing the task input in the header and the target too. */
const TEMPLATE = `<script src="https://assets.crowd.aws/crowd-html-elements.js"></script>
<crowd-form>
  <crowd-classifier name="crowd-classifier" categories="{{ task.input.labels | to_json | escape }}" header="{{ task.input.taskObject }}">
    <classification-target><p id="object">{{ task.input.taskObject }}</p></classification-target>
  </crowd-classifier>
</crowd-form>`;

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer({ startDelayMs: 0 });
  await uploadJobInputs(server, {
    manifest: [
      { "source-ref": `s3://bucket/${payload.key}`, note: payload.note },
      { "source-ref": "s3://bucket/videos/plain.mp4", note: payload.note },
    ],
    labels: [payload.labelImg, payload.labelScript, "Plain"],
    template: TEMPLATE,
  });
  const request = seedRequest();
  request.HumanTaskConfig!.NumberOfHumanWorkersPerDataObject = 1;
  request.HumanTaskConfig!.TaskTitle = payload.title;
  request.HumanTaskConfig!.TaskDescription = payload.description;
  await server.sagemaker.send(new CreateLabelingJobCommand(request));
  await engineIdle(server);
  await api("POST", "/workers", { id: WORKER, displayName: payload.worker });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
  await server.close();
});

async function api(method: string, path: string, body?: object): Promise<{ task?: { id: string } | null }> {
  const response = await fetch(`${server.url}/_gt/api${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return (await response.json()) as { task?: { id: string } | null };
}

/** No payload ran anywhere on the page, and no element carries an inline handler from one. */
async function expectNothingRan(page: Page): Promise<void> {
  // Give broken images time to fire their onerror, had one been created.
  await page.waitForTimeout(300);
  const frames: Frame[] = page.frames();
  for (const frame of frames) {
    expect(
      await frame.evaluate(() => (window as { __pwned?: unknown }).__pwned),
      frame.url(),
    ).toBeUndefined();
    expect(await frame.locator("[onerror], [onload]").count(), frame.url()).toBe(0);
  }
}

const bodyText = async (target: Page | Frame): Promise<string> =>
  (await target.locator("body").textContent()) ?? "";

describe("payloads in the worker portal", () => {
  it("show as text on the home page (worker names, job titles and descriptions)", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/_gt/`);
    await page.getByRole("button", { name: "Start working" }).waitFor();
    await page.locator("select#worker").selectOption(WORKER);
    await page.getByRole("heading", { name: payload.title }).waitFor();
    const text = await bodyText(page);
    expect(text).toContain(payload.description);
    expect(await page.locator("select#worker").textContent()).toContain(payload.worker);
    await expectNothingRan(page);
  });

  it("show as text in a task: label buttons and the task input", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/_gt/`);
    await page.locator("select#worker").selectOption(WORKER);
    await page.getByRole("button", { name: "Start working" }).click();
    await page.waitForURL(/\/_gt\/portal\/tasks\//u);
    const frame = page.frameLocator("iframe");
    await frame.locator("#object").waitFor();
    expect(await frame.locator("#object").textContent()).toBe(`s3://bucket/${payload.key}`);
    for (const label of [payload.labelImg, payload.labelScript]) {
      await frame.getByText(label, { exact: true }).first().waitFor();
    }
    await expectNothingRan(page);
  });

  it("show as text in the template preview", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/_gt/preview`);
    await page
      .getByLabel("Template")
      .fill(`<p id="shown">{{ task.input.text }}</p><p>{{ task.input.labels | join: ", " }}</p>`);
    await page
      .getByLabel("Task input (JSON)")
      .fill(JSON.stringify({ text: payload.input, labels: [payload.labelScript] }));
    await page.getByRole("button", { name: "Render" }).click();
    const frame = page.frameLocator("iframe");
    await frame.locator("#shown").waitFor();
    expect(await frame.locator("#shown").textContent()).toBe(payload.input);
    expect(await frame.locator("body").textContent()).toContain(payload.labelScript);
    await expectNothingRan(page);
  });
});

describe("payloads on the dashboard", () => {
  beforeAll(async () => {
    // The payload worker answers both objects with the <img> label, so the job completes with it.
    for (let reply = await api("POST", "/tasks/claim", { workerId: WORKER }); reply.task;) {
      await api("POST", `/tasks/${reply.task.id}/submit`, {
        workerId: WORKER,
        answer: { "crowd-classifier": { label: payload.labelImg } },
      });
      reply = await api("POST", "/tasks/claim", { workerId: WORKER });
    }
    await server.emulator.engine.idle();
  });

  it("show as text in the jobs list", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/_gt/dashboard`);
    await page.getByRole("link", { name: JOB }).waitFor();
    await expectNothingRan(page);
  });

  it("show as text in the gallery, the output manifest and the worker table", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/_gt/dashboard/jobs/${JOB}?region=us-east-1`);
    await page.getByRole("button", { name: "Expand all" }).click();
    await page.getByRole("group", { name: "Output manifest lines" }).waitFor();
    const text = await bodyText(page);
    expect(text).toContain(payload.worker);
    expect(text).toContain(payload.labelImg);
    expect(text).toContain(payload.key);
    // The manifest shows JSON, so the note's quotes are escaped as JSON writes them.
    expect(text).toContain(JSON.stringify(payload.note).slice(1, -1));
    await expectNothingRan(page);
  });
});

describe("payloads in the CLI's tables", () => {
  it("print HTML as it is and control characters escaped, so a name cannot drive the terminal", async () => {
    const hostile = "evil\u001b]0;retitled\u0007\u001b[2Jname";
    await api("POST", "/workers", { id: "terminal-worker", displayName: hostile });
    const { code, stdout, stderr } = await runCli(["workers", "list", "--endpoint", server.url]);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain(payload.worker);
    expect(stdout).toContain("evil\\x1b]0;retitled\\x07\\x1b[2Jname");
    expect(stdout).not.toContain("\u001b");
    expect(stdout).not.toContain("\u0007");
  });
});
