import { readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { freePort, runCli, SAMPLE_TRUTH, SAMPLE_VIDEOS, temporaryFolder } from "./cli-process.js";

const truth = JSON.parse(readFileSync(SAMPLE_TRUTH, "utf8")) as Record<string, string>;
const LABELS = "Test card,Fractal,Automaton";

interface OutputLine {
  "source-ref": string;
  label: number;
  "label-metadata": { "class-name": string; type: string; "job-name": string; "human-annotated": string };
}

const readManifest = (path: string): OutputLine[] =>
  readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as OutputLine);

describe("gt-local label", () => {
  const folders: { remove(): void }[] = [];
  afterEach(() => {
    for (const folder of folders.splice(0)) folder.remove();
  });

  it("labels the sample clips with simulated workers and writes a valid output manifest", async () => {
    const work = temporaryFolder();
    folders.push(work);
    // The truth map is keyed by the clips' names in the folder, as samples/truth.json is.
    writeFileSync(join(work.dir, "policy.json"), JSON.stringify({ truth: { map: truth }, seed: 1 }));
    const endpoint = `http://127.0.0.1:${String(await freePort())}`;
    const result = await runCli(
      [
        "label",
        SAMPLE_VIDEOS,
        "--labels",
        LABELS,
        "--simulate",
        "@policy.json",
        "--endpoint",
        endpoint,
        "--data-dir",
        join(work.dir, "state"),
      ],
      { cwd: work.dir },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe("");
    // Nothing answered at the endpoint, so label started its own gt-local there.
    expect(result.stdout).toContain(`Started gt-local at ${endpoint}`);
    expect(result.stdout).toContain(`Label in the worker portal: ${endpoint}/_gt/`);
    const jobName = /as job (\S+)\./u.exec(result.stdout)?.[1] ?? "";
    expect(jobName).toMatch(/^videos-[0-9a-f]{8}$/u);
    expect(result.stdout).toMatch(/Completed: 6\/6 labeled/u);

    const lines = readManifest(join(work.dir, `${jobName}.output.manifest`));
    expect(lines).toHaveLength(6);
    const labels = LABELS.split(",");
    for (const line of lines) {
      const clip = basename(line["source-ref"]);
      expect(line["source-ref"]).toBe(`s3://gt-local-label/${jobName}/videos/${clip}`);
      expect(line["label-metadata"]["class-name"]).toBe(truth[clip]);
      expect(labels[line.label]).toBe(truth[clip]);
      expect(line["label-metadata"].type).toBe("groundtruth/video-classification");
      expect(line["label-metadata"]["job-name"]).toBe(`labeling-job/${jobName}`);
      expect(line["label-metadata"]["human-annotated"]).toBe("yes");
    }
    expect(lines.map((line) => basename(line["source-ref"])).sort()).toEqual(Object.keys(truth).sort());
  });

  it("labels the files a glob matches, and writes --out where it is told", async () => {
    const work = temporaryFolder();
    folders.push(work);
    const endpoint = `http://127.0.0.1:${String(await freePort())}`;
    const out = join(work.dir, "results", "clips.manifest");
    const result = await runCli(
      [
        "label",
        `${SAMPLE_VIDEOS}/*.webm`,
        "--labels",
        LABELS,
        "--workers",
        "2",
        "--simulate",
        JSON.stringify({ truth: { map: truth } }),
        "--out",
        out,
        "--endpoint",
        endpoint,
        "--data-dir",
        join(work.dir, "state"),
      ],
      { cwd: work.dir },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("Labeling 3 videos");
    expect(result.stdout).toContain("sim-1, sim-2");
    const lines = readManifest(out);
    expect(lines.map((line) => basename(line["source-ref"]))).toEqual([
      "color-bars.webm",
      "rgb-stripes.webm",
      "sierpinski-carpet.webm",
    ]);
    for (const line of lines)
      expect(line["label-metadata"]["class-name"]).toBe(truth[basename(line["source-ref"])]);
  });
});
