import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { crowdScriptResponse } from "../../server/portal/crowd-script.js";
import { ARTIFACTS_DIR, launchBrowser, type Browser } from "../helpers/browser.js";

const VIDEO_TEMPLATE = readFileSync("/work/shared/fixtures/video-classification.liquid.html", "utf8");
const CATEGORIES = ["Sports", "News", "Music"];

const escapeHtml = (text: string): string =>
  text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");

/** The page a worker would get: the crowd script inline where the template loads the AWS one. */
function withScript(html: string, script: string): string {
  const inline = `<script>${script.replace(/<\/script/gi, "<\\/script")}</script>`;
  const tag = '<script src="https://assets.crowd.aws/crowd-html-elements.js"></script>';
  // A function replacement: the minified script is full of `$` sequences.
  return html.includes(tag) ? html.replace(tag, () => inline) : `${html}\n${inline}`;
}

/**
 * The documentation's video template with its Liquid placeholders replaced by literal values. The video
 * has no data: `about:blank` fails at once (an empty `data:` URL leaves Playwright waiting for "load").
 */
function videoTask(script: string): string {
  const html = VIDEO_TEMPLATE.replace(
    /\{\{\s*task\.input\.labels\s*\|\s*to_json\s*\|\s*escape\s*\}\}/g,
    escapeHtml(JSON.stringify(CATEGORIES)),
  ).replace(/\{\{\s*task\.input\.taskObject\s*\|\s*grant_read_access\s*\}\}/g, "about:blank");
  expect(html).not.toContain("{{");
  return withScript(html, script);
}

interface Captured {
  answers: unknown[];
  messages: unknown[];
}

/** Records every `gt-local-submit` answer and every posted message on `window.captured`. */
async function captureSubmissions(page: Page): Promise<void> {
  await page.evaluate(() => {
    const captured: Captured = { answers: [], messages: [] };
    (window as unknown as { captured: Captured }).captured = captured;
    document.addEventListener("gt-local-submit", (event) => {
      if (event instanceof CustomEvent) captured.answers.push((event.detail as { answer: unknown }).answer);
    });
    window.addEventListener("message", (event) => {
      captured.messages.push(event.data);
    });
  });
}

const captured = (page: Page): Promise<Captured> =>
  page.evaluate(() => (window as unknown as { captured: Captured }).captured);

async function firstAnswer(page: Page): Promise<unknown> {
  await page.waitForFunction(() => (window as unknown as { captured: Captured }).captured.answers.length > 0);
  return (await captured(page)).answers[0];
}

describe("offline crowd HTML elements in Chromium", () => {
  let browser: Browser;
  let script: string;
  let server: Server;
  let baseUrl: string;

  beforeAll(async () => {
    const response = await crowdScriptResponse();
    expect(response.headers.get("content-type")).toBe("application/javascript; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-cache");
    script = await response.text();
    browser = await launchBrowser();
    server = createServer((_request, reply) => {
      reply.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      reply.end(
        `<!doctype html><html><head><meta charset="utf-8"></head><body>${videoTask(script)}</body></html>`,
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  });
  afterAll(async () => {
    await browser.close();
    await new Promise<void>((resolve) =>
      server.close(() => {
        resolve();
      }),
    );
  });

  it("classifies the documentation's video task with the keyboard", async () => {
    const page = await browser.context.newPage();
    await page.setContent(videoTask(script));
    await captureSubmissions(page);

    const group = page.getByRole("radiogroup", { name: "Please classify video" });
    await expect(group.getByRole("radio").allTextContents()).resolves.toEqual(["1Sports", "2News", "3Music"]);
    await expect(page.locator("classification-target video").count()).resolves.toBe(1);
    await expect(page.getByText("Video classification instructions").isVisible()).resolves.toBe(true);

    // Enter without a label does not submit.
    await page.keyboard.press("Enter");
    await page.keyboard.press("2");
    await expect(group.getByRole("radio", { name: "News" }).getAttribute("aria-checked")).resolves.toBe(
      "true",
    );
    await page.screenshot({ path: join(ARTIFACTS_DIR, "crowd-classifier.png"), fullPage: true });
    await page.keyboard.press("Enter");

    expect(await firstAnswer(page)).toEqual({ "crowd-classifier": { label: "News" } });
    await page.waitForFunction(
      () => (window as unknown as { captured: Captured }).captured.messages.length > 0,
    );
    const { answers, messages } = await captured(page);
    expect(answers).toHaveLength(1);
    expect(messages).toEqual([
      { type: "gt-local:submit", answer: { "crowd-classifier": { label: "News" } } },
    ]);
    await page.close();
  });

  it("collects radio buttons, inputs, plain inputs and checkboxes through the added submit button", async () => {
    const page = await browser.context.newPage();
    // The script after the markup: defining the elements upgrades what is already there.
    const html = withScript(
      `<crowd-form>
        <p>How does the text feel?</p>
        <crowd-radio-group>
          <crowd-radio-button name="sentiment" value="positive">Positive</crowd-radio-button>
          <crowd-radio-button name="sentiment" value="negative">Negative</crowd-radio-button>
        </crowd-radio-group>
        <crowd-input name="summary" label="Summary"></crowd-input>
        <crowd-input name="unused" label="Left empty"></crowd-input>
        <label>Note <input name="note"></label>
        <crowd-checkbox name="flags" value="blurry">Blurry</crowd-checkbox>
        <crowd-checkbox name="flags" value="offensive">Offensive</crowd-checkbox>
        <crowd-alert type="info">Display only</crowd-alert>
      </crowd-form>`,
      script,
    );
    await page.setContent(html);
    await captureSubmissions(page);

    await expect(page.getByRole("button").count()).resolves.toBe(1);
    await page.getByRole("radio", { name: "Positive" }).click();
    await page.getByRole("radio", { name: "Negative" }).click();
    await page.getByLabel("Summary").fill("a short summary");
    await page.getByLabel("Note").fill("plain note");
    await page.getByRole("checkbox", { name: "Blurry" }).click();
    await page.getByRole("button", { name: "Submit" }).click();

    expect(await firstAnswer(page)).toEqual({
      sentiment: { positive: false, negative: true },
      summary: "a short summary",
      note: "plain note",
      flags: { blurry: true, offensive: false },
    });
    await page.close();
  });

  it("lets an onsubmit handler veto the submission", async () => {
    const page = await browser.context.newPage();
    await page.setContent(
      withScript(
        `<crowd-form onsubmit="window.vetoed = true; return false">
          <input type="radio" name="choice" value="a"><input type="radio" name="choice" value="b" checked>
          <input type="checkbox" name="ok" checked>
          <crowd-button form-action="submit">Send</crowd-button>
        </crowd-form>`,
        script,
      ),
    );
    await captureSubmissions(page);
    await expect(page.getByRole("button").allTextContents()).resolves.toEqual(["Send"]);
    await page.getByRole("button", { name: "Send" }).click();
    await page.waitForFunction(() => (window as unknown as { vetoed?: boolean }).vetoed === true);
    expect((await captured(page)).answers).toEqual([]);

    await page.evaluate(() => {
      document.querySelector("crowd-form")?.removeAttribute("onsubmit");
    });
    await page.getByRole("button", { name: "Send" }).click();
    expect(await firstAnswer(page)).toEqual({ choice: "b", ok: true });
    await page.close();
  });

  it("keeps the chosen label across a reload", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${baseUrl}/task/7?assignment=a1`);
    await page.getByRole("radio", { name: "Music" }).click();
    await page.reload();
    const music = page.getByRole("radio", { name: "Music" });
    await music.waitFor();
    await expect(music.getAttribute("aria-checked")).resolves.toBe("true");
    await expect(page.getByRole("radio", { name: "Sports" }).getAttribute("aria-checked")).resolves.toBe(
      "false",
    );

    // The restored label is what gets submitted; afterwards the saved answer is gone.
    await captureSubmissions(page);
    await page.getByRole("button", { name: "Submit" }).click();
    expect(await firstAnswer(page)).toEqual({ "crowd-classifier": { label: "Music" } });
    await page.reload();
    await page.getByRole("radio", { name: "Music" }).waitFor();
    await expect(page.getByRole("radio", { name: "Music" }).getAttribute("aria-checked")).resolves.toBe(
      "false",
    );
    await page.close();
  });
});
