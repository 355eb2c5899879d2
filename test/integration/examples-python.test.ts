import { afterAll, beforeAll, expect, it } from "vitest";
import { startGtLocal, type GtLocal } from "../../server/programmatic/index.js";
import { report, run } from "../helpers/cross-client-scripts.js";

// The boto3 example of examples/python, run as a user runs it: against a started server.
let gt: GtLocal;
beforeAll(async () => {
  gt = await startGtLocal();
});
afterAll(() => gt.stop());

it("examples/python/video_pipeline.py labels the videos and prints output.manifest", async () => {
  const script = new URL("../../examples/python/video_pipeline.py", import.meta.url).pathname;
  const result = await run("python3", [script, gt.endpoint], 60_000);
  expect(result.exitCode, report("video_pipeline.py", result)).toBe(0);
  expect(result.stdout).toContain("s3://bucket/videos/clip-b.webm -> News");
  expect(result.stdout).toContain("example-video-classification-labeling-job: Completed, 3 objects labelled");
});
