/**
 * Target 2 (ingest): a 100,000-object manifest reaches InProgress with its tasks ready in ≤ 2 s and
 * peak RSS ≤ 250 MB; 1,000,000 objects (object limit raised) in ≤ 10× the 100k time, memory flat.
 * Baseline: reading and JSON-parsing the same manifest from disk in this process.
 */
import { DescribeLabelingJobCommand, type SageMakerClient } from "@aws-sdk/client-sagemaker";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GtLocalAdmin } from "../server/programmatic/admin-client.js";
import { QUICK, runAlone } from "./lib/cli.js";
import { createJob, jobRequest, manifestText, s3For, sagemakerFor, uploadInputs } from "./lib/job-setup.js";
import { describeMachine } from "./lib/machine.js";
import { fixed, measuredOn, processMemoryMiB, timed } from "./lib/measure.js";
import { runTarget } from "./lib/run-target.js";
import { markdownTable, verdict } from "./lib/table.js";

const SIZES = QUICK ? [10_000, 100_000] : [100_000, 1_000_000];

interface IngestRun {
  objects: number;
  parseMs: number;
  inProgressMs: number;
  readyMs: number;
  idleMiB: number | undefined;
  peakMiB: number | undefined;
}

/** The baseline: the least every ingest must do, read the file and parse each line. */
function readAndParse(path: string): number {
  let count = 0;
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (line === "") continue;
    JSON.parse(line);
    count++;
  }
  return count;
}

async function waitInProgress(sagemaker: SageMakerClient, name: string, objects: number): Promise<void> {
  for (;;) {
    const job = await sagemaker.send(new DescribeLabelingJobCommand({ LabelingJobName: name }));
    if (job.LabelingJobStatus === "InProgress") {
      if (job.LabelCounters?.Unlabeled !== objects) {
        throw new Error(`expected ${objects} unlabeled objects, got ${String(job.LabelCounters?.Unlabeled)}`);
      }
      return;
    }
    if (job.LabelingJobStatus !== "Initializing") {
      throw new Error(`job ${name} is ${String(job.LabelingJobStatus)}: ${String(job.FailureReason)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function ingestOnce(objects: number, dir: string): Promise<IngestRun> {
  const manifest = manifestText(objects);
  const path = join(dir, `manifest-${objects}.jsonl`);
  writeFileSync(path, manifest);
  const parse = await timed(() => readAndParse(path));

  const target = await runTarget("gt-local-empty.ts", {
    // State on disk, as gt-local runs by default: an in-memory database would hold every row in RSS.
    args: [
      JSON.stringify({
        startDelayMs: 0,
        maxObjectsPerJob: Math.max(objects, 100_000),
        inMemory: false,
        dataDir: join(dir, `data-${objects}`),
      }),
    ],
  });
  const idleMiB = processMemoryMiB(target.pid)?.current;
  const sagemaker = sagemakerFor(target.url);
  const s3 = s3For(target.url);
  const admin = new GtLocalAdmin(target.url, "us-east-1");
  try {
    await uploadInputs(s3, manifest);
    const name = `ingest-${objects}`;
    const started = performance.now();
    await createJob(sagemaker, jobRequest(name, { workers: 1, maxConcurrent: 1000 }));
    await waitInProgress(sagemaker, name, objects);
    const inProgressMs = performance.now() - started;
    // Ready means a worker gets a task: the first batch of objects is open and pre-annotated.
    const task = await admin.claimTask("localworker00001", name);
    if (!task) throw new Error(`no task ready in ${name}`);
    const readyMs = performance.now() - started;
    return {
      objects,
      parseMs: parse.ms,
      inProgressMs,
      readyMs,
      idleMiB,
      peakMiB: processMemoryMiB(target.pid)?.peak,
    };
  } finally {
    sagemaker.destroy();
    s3.destroy();
    await target.stop();
  }
}

export async function ingest(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "gt-local-bench-ingest-"));
  const runs: IngestRun[] = [];
  try {
    for (const objects of SIZES) runs.push(await ingestOnce(objects, dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const [small, large] = runs as [IngestRun, IngestRun];
  const hundredK = runs.find((run) => run.objects === 100_000);
  const rows = runs.map((run) => [
    run.objects.toLocaleString("en-US"),
    fixed(run.parseMs),
    fixed(run.inProgressMs),
    fixed(run.readyMs),
    fixed(run.readyMs / run.parseMs, 1),
    fixed(run.idleMiB),
    fixed(run.peakMiB),
  ]);
  const scaling = large.readyMs / small.readyMs;
  const memoryGrowth = (large.peakMiB ?? Number.NaN) / (small.peakMiB ?? Number.NaN);
  const sizeRatio = large.objects / small.objects;
  const checks = [
    hundredK
      ? `- 100,000 objects ready in ≤ 2,000 ms: ${fixed(hundredK.readyMs)} ms, ${verdict(hundredK.readyMs <= 2000)}.`
      : "",
    hundredK
      ? `- Peak RSS ≤ 250 MB at 100,000: ${fixed((hundredK.peakMiB ?? Number.NaN) * 1.048576)} MB, ${verdict((hundredK.peakMiB ?? Infinity) * 1.048576 <= 250)}.`
      : "",
    `- ${sizeRatio}× the objects in ≤ ${sizeRatio}× the time: ${fixed(scaling, 1)}×, ${verdict(scaling <= sizeRatio)}.`,
    `- Memory flat (peak RSS at ${large.objects.toLocaleString("en-US")} vs ${small.objects.toLocaleString("en-US")}): ${fixed(memoryGrowth, 2)}×.`,
  ].filter((line) => line !== "");
  return [
    `### Ingest${QUICK ? " (--quick sizes)" : ""}: CreateLabelingJob to InProgress with tasks ready`,
    "",
    markdownTable(
      [
        "objects",
        "baseline: read + JSON.parse (ms)",
        "to InProgress (ms)",
        "to first task claimed (ms)",
        "ratio to baseline",
        "server idle RSS (MiB)",
        "server peak RSS (MiB)",
      ],
      rows,
    ),
    "",
    ...checks,
    "",
    "Start delay 0; state in a data dir on disk; the server runs in its own process (its peak RSS covers the manifest's upload and the ingest).",
    measuredOn(describeMachine()),
  ].join("\n");
}

await runAlone(import.meta.url, ingest);
