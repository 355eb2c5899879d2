/**
 * Target 3 (task loop): claim + submit (two requests per answer) by 32 concurrent HTTP workers, in
 * answers/s, ≥ 0.35 × the bare express request rate of target 1 (measured again here, before each
 * of three rounds, as this machine's speed drifts by a quarter within minutes); p99 latency
 * reported. Workers claim and submit through node's HTTP client with keep-alive connections
 * (bench/lib/task-worker-client.ts) against a server in its own process; consolidation iterations
 * run as they would in a real job.
 */
import { DescribeLabelingJobCommand } from "@aws-sdk/client-sagemaker";
import { GtLocalAdmin } from "../server/programmatic/admin-client.js";
import { bareExpressRate } from "./lib/bare-express-rate.js";
import { QUICK, runAlone } from "./lib/cli.js";
import { createJob, jobRequest, manifestText, s3For, sagemakerFor, uploadInputs } from "./lib/job-setup.js";
import { describeMachine } from "./lib/machine.js";
import { fixed, measuredOn, median, percentile, untilIdle } from "./lib/measure.js";
import { runTarget } from "./lib/run-target.js";
import { TaskWorkerClient } from "./lib/task-worker-client.js";
import { markdownTable, verdict } from "./lib/table.js";

const WORKERS = 32;
/** The task loop's time in all, split over the rounds. */
const DURATION_MS = QUICK ? 4_000 : 12_000;
const ROUNDS = QUICK ? 1 : 3;
const BARE_SECONDS = QUICK ? 3 : 4;
/** More objects than the run can answer, so workers never run out of work. */
const OBJECTS = QUICK ? 10_000 : 40_000;
const JOB = "task-loop";

/** One turn: the bare express rate, then the task loop's answers/s. */
interface Round {
  bare: number;
  rate: number;
}

interface WorkerTimings {
  answers: number;
  claimMs: number[];
  submitMs: number[];
  answerMs: number[];
}

async function workerLoop(client: TaskWorkerClient, workerId: string, until: number): Promise<WorkerTimings> {
  const timings: WorkerTimings = { answers: 0, claimMs: [], submitMs: [], answerMs: [] };
  while (performance.now() < until) {
    const start = performance.now();
    const task = await client.claim(workerId, JOB, "us-east-1");
    const claimed = performance.now();
    if (!task) throw new Error(`worker ${workerId} found no work: raise OBJECTS`);
    await client.submit(task.id, workerId, { "crowd-classifier": { label: "Sports" } });
    const submitted = performance.now();
    timings.claimMs.push(claimed - start);
    timings.submitMs.push(submitted - claimed);
    timings.answerMs.push(submitted - start);
    timings.answers++;
  }
  return timings;
}

export async function taskLoop(): Promise<string> {
  const target = await runTarget("gt-local-empty.ts", { args: [JSON.stringify({ startDelayMs: 0 })] });
  const sagemaker = sagemakerFor(target.url);
  const s3 = s3For(target.url);
  const admin = new GtLocalAdmin(target.url, "us-east-1");
  const runs: WorkerTimings[] = [];
  const rounds: Round[] = [];
  let labeled: number | undefined;
  try {
    await uploadInputs(s3, manifestText(OBJECTS));
    await createJob(sagemaker, jobRequest(JOB, { workers: 3, maxConcurrent: 1000 }));
    await admin.waitFor(JOB, "InProgress");
    const workerIds: string[] = [];
    for (let index = 0; index < WORKERS; index++) {
      workerIds.push((await admin.createWorker({ displayName: `Bench ${index}`, id: `bench-${index}` })).id);
    }
    const client = new TaskWorkerClient(target.url, WORKERS);
    try {
      // Baseline and task loop take turns, so that a slow spell of the machine weighs on both.
      for (let round = 0; round < ROUNDS; round++) {
        await untilIdle(target.pid);
        const bare = await bareExpressRate(BARE_SECONDS);
        const started = performance.now();
        const timings = await Promise.all(
          workerIds.map((id) => workerLoop(client, id, started + DURATION_MS / ROUNDS)),
        );
        const elapsedMs = performance.now() - started;
        runs.push(...timings);
        const answers = timings.reduce((sum, run) => sum + run.answers, 0);
        rounds.push({ bare, rate: answers / (elapsedMs / 1000) });
      }
    } finally {
      client.close();
    }
    const job = await sagemaker.send(new DescribeLabelingJobCommand({ LabelingJobName: JOB }));
    labeled = job.LabelCounters?.HumanLabeled;
  } finally {
    sagemaker.destroy();
    s3.destroy();
    await target.stop();
  }
  const answers = runs.reduce((sum, run) => sum + run.answers, 0);
  const bare = median(rounds.map((round) => round.bare));
  const rate = median(rounds.map((round) => round.rate));
  const ratio = median(rounds.map((round) => round.rate / round.bare));
  const all = (pick: (run: WorkerTimings) => number[]) => runs.flatMap(pick);
  const latencyRow = (name: string, samples: number[]) => [
    name,
    fixed(percentile(samples, 50), 1),
    fixed(percentile(samples, 99), 1),
  ];
  return [
    `### Task loop${QUICK ? " (--quick)" : ""}: ${WORKERS} HTTP workers claiming and submitting for ${DURATION_MS / 1000} s in ${ROUNDS} round(s), each after its own baseline`,
    "",
    markdownTable(
      ["measure", "value", "target", "verdict"],
      [
        ["bare express JSON (baseline, req/s)", fixed(bare), "", ""],
        ["answers/s (claim + submit)", fixed(rate), `≥ ${fixed(0.35 * bare)}`, verdict(ratio >= 0.35)],
        ["HTTP requests/s", fixed(2 * rate), "", ""],
        ["ratio to bare express", fixed(ratio, 2), "≥ 0.35", verdict(ratio >= 0.35)],
      ],
    ),
    "",
    markdownTable(
      ["latency", "p50 ms", "p99 ms"],
      [
        latencyRow(
          "claim",
          all((run) => run.claimMs),
        ),
        latencyRow(
          "submit",
          all((run) => run.submitMs),
        ),
        latencyRow(
          "claim + submit",
          all((run) => run.answerMs),
        ),
      ],
    ),
    "",
    `Rounds (bare express req/s, answers/s, ratio): ${rounds
      .map((round) => `${fixed(round.bare)}, ${fixed(round.rate)}, ${fixed(round.rate / round.bare, 2)}`)
      .join("; ")}. The table gives medians.`,
    "",
    `${answers} answers; the job counted ${String(labeled)} objects labeled (3 answers each) of ${OBJECTS}.`,
    measuredOn(describeMachine()),
  ].join("\n");
}

await runAlone(import.meta.url, taskLoop);
