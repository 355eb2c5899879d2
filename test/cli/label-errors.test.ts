import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { expectOneLineError, runCli, SAMPLE_VIDEOS, temporaryFolder } from "./cli-process.js";

/*
 * Each of these fails before gt-local is contacted, so the endpoint is one where nothing listens:
 * had the command got that far, it would have started a server there instead of failing.
 */
const NOWHERE = ["--endpoint", "http://127.0.0.1:9", "--data-dir", "/nonexistent/state"];

describe("gt-local label refuses bad input in one line", () => {
  const work = temporaryFolder();
  afterAll(() => {
    work.remove();
  });

  it("names a missing folder", async () => {
    const missing = join(work.dir, "no-such-folder");
    const result = await runCli(["label", missing, "--labels", "a,b", ...NOWHERE]);
    expect(result.code).toBe(1);
    expect(expectOneLineError(result.stderr)).toBe(`gt-local: no such folder: ${missing}`);
  });

  it("asks for --labels (a usage error, exit code 2)", async () => {
    const result = await runCli(["label", SAMPLE_VIDEOS, ...NOWHERE]);
    expect(result.code).toBe(2);
    expect(expectOneLineError(result.stderr)).toBe(
      "gt-local: required option '--labels <a,b,c>' not specified",
    );
  });

  it("refuses --labels without a label", async () => {
    const result = await runCli(["label", SAMPLE_VIDEOS, "--labels", " , ", ...NOWHERE]);
    expect(result.code).toBe(2);
    expect(expectOneLineError(result.stderr)).toContain("give at least one label");
  });

  it("names a file in the folder that is not a video", async () => {
    const folder = join(work.dir, "mixed");
    mkdirSync(folder);
    copyFileSync(join(SAMPLE_VIDEOS, "test-pattern.mp4"), join(folder, "test-pattern.mp4"));
    writeFileSync(join(folder, "notes.txt"), "not a video");
    writeFileSync(join(folder, ".DS_Store"), "hidden files are left out");
    const result = await runCli(["label", folder, "--labels", "a,b", ...NOWHERE]);
    expect(result.code).toBe(1);
    expect(expectOneLineError(result.stderr)).toMatch(
      /^gt-local: not a video: notes\.txt \(gt-local label takes \.mp4/u,
    );
  });

  it("names a non-video file a glob matches, and a glob that matches nothing", async () => {
    const matched = await runCli(["label", join(work.dir, "mixed", "*"), "--labels", "a", ...NOWHERE], {
      cwd: work.dir,
    });
    expect(matched.code).toBe(1);
    expect(expectOneLineError(matched.stderr)).toContain("not a video: mixed/notes.txt");

    const nothing = await runCli(["label", join(work.dir, "*.mkv"), "--labels", "a", ...NOWHERE]);
    expect(nothing.code).toBe(1);
    expect(expectOneLineError(nothing.stderr)).toBe(`gt-local: ${join(work.dir, "*.mkv")} matches no files`);
  });

  it("names a template it cannot read and a bad --simulate policy", async () => {
    const template = await runCli([
      "label",
      SAMPLE_VIDEOS,
      "--labels",
      "a",
      "--template",
      "nope.html",
      ...NOWHERE,
    ]);
    expect(template.code).toBe(1);
    expect(expectOneLineError(template.stderr)).toMatch(
      /^gt-local: cannot read the template nope\.html: ENOENT/u,
    );

    const policy = await runCli([
      "label",
      SAMPLE_VIDEOS,
      "--labels",
      "a",
      "--simulate",
      '{"accuracy": 2}',
      ...NOWHERE,
    ]);
    expect(policy.code).toBe(1);
    expect(expectOneLineError(policy.stderr)).toContain('--simulate "accuracy" must be a number from 0 to 1');
  });
});
