/**
 * Target 7 (end to end): 1,000 videos × 3 simulated workers, from CreateLabelingJob to a readable
 * output.manifest, ≤ 3 s, over HTTP against a server in its own process. Baseline: the very same
 * SDK steps answered in-process by gt-local's msw handlers (no sockets, no HTTP parsing).
 */
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { DescribeLabelingJobCommand } from "@aws-sdk/client-sagemaker";
import { setupServer } from "msw/node";
import { gtLocalHandlers } from "../server/msw/index.js";
import { GtLocalAdmin } from "../server/programmatic/admin-client.js";
import { QUICK, runAlone } from "./lib/cli.js";
import { createJob, jobRequest, manifestText, s3For, sagemakerFor, uploadInputs } from "./lib/job-setup.js";
import { describeMachine } from "./lib/machine.js";
import { fixed, measuredOn } from "./lib/measure.js";
import { runTarget } from "./lib/run-target.js";
import { markdownTable, verdict } from "./lib/table.js";

// The target's own size at both scales: the run is short.
const VIDEOS = 1_000;
const SIMULATE = { workers: 3, seed: 1 };

interface Pipeline {
  completedMs: number;
  manifestMs: number;
}

/** Create → Completed (job events) → output.manifest read back and checked, through the SDK. */
async function pipeline(endpoint: string, admin: GtLocalAdmin, name: string): Promise<Pipeline> {
  const sagemaker = sagemakerFor(endpoint);
  const s3 = s3For(endpoint);
  try {
    await uploadInputs(s3, manifestText(VIDEOS));
    const start = performance.now();
    await createJob(sagemaker, jobRequest(name, { workers: 3, maxConcurrent: 1000 }));
    await admin.waitFor(name, "Completed", 120_000);
    const completedMs = performance.now() - start;
    const job = await sagemaker.send(new DescribeLabelingJobCommand({ LabelingJobName: name }));
    const uri = job.LabelingJobOutput?.OutputDatasetS3Uri ?? "";
    const [bucket = "", ...key] = uri.replace("s3://", "").split("/");
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key.join("/") }));
    const lines = ((await object.Body?.transformToString()) ?? "").split("\n").filter((line) => line !== "");
    const manifestMs = performance.now() - start;
    const labeled = lines.filter((line) => (JSON.parse(line) as Record<string, unknown>).label !== undefined);
    if (labeled.length !== VIDEOS) throw new Error(`${name}: ${labeled.length} of ${VIDEOS} lines labeled`);
    return { completedMs, manifestMs };
  } finally {
    sagemaker.destroy();
    s3.destroy();
  }
}

async function inProcess(): Promise<Pipeline> {
  const gt = gtLocalHandlers({ startDelayMs: 0, simulate: SIMULATE });
  const server = setupServer(...gt);
  server.listen({ onUnhandledRequest: "error" });
  try {
    return await pipeline(gt.endpoint, gt.admin, "e2e-in-process");
  } finally {
    server.close();
    await gt.close();
  }
}

async function overHttp(startDelayMs: number): Promise<Pipeline> {
  const target = await runTarget("gt-local-empty.ts", {
    args: [JSON.stringify({ startDelayMs, simulate: SIMULATE })],
  });
  try {
    return await pipeline(target.url, new GtLocalAdmin(target.url, "us-east-1"), `e2e-http-${startDelayMs}`);
  } finally {
    await target.stop();
  }
}

export async function endToEnd(): Promise<string> {
  const baseline = await inProcess();
  const http = await overHttp(0);
  const withDelay = await overHttp(500);
  const row = (name: string, run: Pipeline, target: boolean) => [
    name,
    fixed(run.completedMs),
    fixed(run.manifestMs),
    fixed(run.manifestMs / baseline.manifestMs, 2),
    target ? "≤ 3000" : "",
    target ? verdict(run.manifestMs <= 3000) : "",
  ];
  return [
    `### End to end${QUICK ? " (--quick)" : ""}: ${VIDEOS.toLocaleString("en-US")} videos × 3 simulated workers, CreateLabelingJob to a readable output.manifest`,
    "",
    markdownTable(
      ["run", "to Completed (ms)", "output.manifest read (ms)", "ratio to baseline", "target ms", "verdict"],
      [
        row("in-process, msw handlers, start delay 0 (baseline)", baseline, false),
        row("HTTP, server in its own process, start delay 0", http, true),
        row("HTTP, AWS's default start delay of 500 ms", withDelay, false),
      ],
    ),
    "",
    "Inputs are uploaded before the clock starts; the videos themselves are not needed (pre-annotation only names them).",
    measuredOn(describeMachine()),
  ].join("\n");
}

await runAlone(import.meta.url, endToEnd);
