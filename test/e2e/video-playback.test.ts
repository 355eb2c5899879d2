import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS_DIR, launchBrowser, type Browser } from "../helpers/browser.js";
import { s3ClientFor } from "../helpers/job-fixtures.js";
import { startTestServer, type TestServer } from "../helpers/test-server.js";

const clip = (name: string) => readFileSync(new URL(`../fixtures/videos/${name}`, import.meta.url));

describe("videos stored in gt-local play in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  const rangeRequests: string[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    const s3 = s3ClientFor(server);
    await s3.send(new CreateBucketCommand({ Bucket: "videos" }));
    for (const [name, type] of [
      ["clip-a.mp4", "video/mp4"],
      ["clip-b.webm", "video/webm"],
    ] as const) {
      await s3.send(
        new PutObjectCommand({ Bucket: "videos", Key: `clips/${name}`, Body: clip(name), ContentType: type }),
      );
    }
    s3.destroy();
    browser = await launchBrowser();
    browser.context.on("request", (request) => {
      const range = request.headers().range;
      if (range !== undefined) rangeRequests.push(range);
    });
  });
  afterAll(async () => {
    await browser.close();
    await server.close();
  });

  it.each(["clip-a.mp4", "clip-b.webm"])("plays %s from a presigned URL and seeks", async (name) => {
    const url = await server.emulator.urlSigner.presignGet({ bucket: "videos", key: `clips/${name}` }, 300);
    const page = await browser.context.newPage();
    await page.setContent(`<video id="v" src="${url}" muted controls width="320"></video>`);
    await page.waitForFunction(() => (document.getElementById("v") as HTMLVideoElement).readyState >= 2);
    const duration = await page.evaluate(() => (document.getElementById("v") as HTMLVideoElement).duration);
    expect(duration).toBeGreaterThan(2);
    const seekedTo = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const video = document.getElementById("v") as HTMLVideoElement;
          video.addEventListener("seeked", () => {
            resolve(video.currentTime);
          });
          video.currentTime = 2;
        }),
    );
    expect(seekedTo).toBeCloseTo(2, 0);
    await page.waitForFunction(() => (document.getElementById("v") as HTMLVideoElement).readyState >= 2);
    await page.screenshot({ path: join(ARTIFACTS_DIR, `video-playback-${name}.png`) });
    await page.close();
    // Chromium reads media with Range requests; the store must have answered them.
    expect(rangeRequests.length).toBeGreaterThan(0);
  });
});
