/**
 * Target 3 (task loop): claim + submit (two requests per answer) by 32 concurrent HTTP workers, in
 * answers/s, ≥ 0.35 × the bare express request rate of target 1 (measured again here, for as long
 * as each round, before and after each of nine rounds, as this machine's speed drifts by a quarter
 * within seconds); p99 latency reported. Both servers are warmed up for a second first. Workers
 * claim and submit over keep-alive connections driven by autocannon, the baseline's own load tool
 * (bench/lib/task-loop-load.ts), against a server in its own process; consolidation iterations run
 * as they would in a real job.
 */
import { DescribeLabelingJobCommand } from "@aws-sdk/client-sagemaker";
import { GtLocalAdmin } from "../server/programmatic/admin-client.js";
import { startBareExpress } from "./lib/bare-express-rate.js";
import { QUICK, runAlone } from "./lib/cli.js";
import { createJob, jobRequest, manifestText, s3For, sagemakerFor, uploadInputs } from "./lib/job-setup.js";
import { describeMachine } from "./lib/machine.js";
import { cpuMeter, fixed, measuredOn, median, percentile, untilIdle } from "./lib/measure.js";
import { runTarget } from "./lib/run-target.js";
import { runTaskLoop, type TaskLoopRun } from "./lib/task-loop-load.js";
import { markdownTable, verdict } from "./lib/table.js";
import { WARMUP_SECONDS } from "./lib/warm-load.js";

const WORKERS = 32;
/** The task loop's time in all, split over the rounds (2.5 s each). */
const DURATION_MS = QUICK ? 5_000 : 22_500;
/**
 * Nine short rounds rather than a few long ones: this machine's pace drifts within seconds. An odd
 * number, so that the median is the middle round's ratio (with eight, `median` took the lower of
 * the two middle ones, which reads low).
 */
const ROUNDS = QUICK ? 3 : 9;
/** The baseline's time between rounds: as long as a round itself. */
const BARE_SECONDS = DURATION_MS / ROUNDS / 1000;
/** More objects than the run can answer, so workers never run out of work. */
const OBJECTS = QUICK ? 10_000 : 40_000;
const JOB = "task-loop";

/** One turn: the task loop's answers/s, and the bare express rate around it. */
interface Round {
  /** The mean of the bare express rates measured just before and just after the round. */
  bare: number;
  rate: number;
  /** CPU time per bare express request and per gt-local answer, in µs (undefined without /proc). */
  bareCpuUs: number | undefined;
  answerCpuUs: number | undefined;
}

/** The mean of two CPU figures, undefined when either is (no /proc). */
const meanOf = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined || b === undefined ? undefined : (a + b) / 2;

export async function taskLoop(): Promise<string> {
  const target = await runTarget("gt-local-empty.ts", { args: [JSON.stringify({ startDelayMs: 0 })] });
  const sagemaker = sagemakerFor(target.url);
  const s3 = s3For(target.url);
  const admin = new GtLocalAdmin(target.url, "us-east-1");
  const runs: TaskLoopRun[] = [];
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
    const bareExpress = await startBareExpress();
    try {
      // Warmed up as the baseline is: the first second's answers are not counted.
      await runTaskLoop(target.url, JOB, "us-east-1", workerIds, WARMUP_SECONDS);
      // Baseline and task loop take turns, so that a slow spell of the machine weighs on both; each
      // round is compared with the baselines on either side of it (one more baseline closes the
      // last round), so a machine that speeds up or slows down during a round weighs on both too.
      let before = await bareExpress.rate(BARE_SECONDS);
      for (let round = 0; round < ROUNDS; round++) {
        await untilIdle(target.pid);
        const cpu = cpuMeter(target.pid);
        const run = await runTaskLoop(target.url, JOB, "us-east-1", workerIds, DURATION_MS / ROUNDS / 1000);
        const answerCpuUs = cpu(run.answers);
        const after = await bareExpress.rate(BARE_SECONDS);
        runs.push(run);
        rounds.push({
          bare: (before.perSecond + after.perSecond) / 2,
          rate: run.answers / run.seconds,
          bareCpuUs: meanOf(before.cpuUsPerRequest, after.cpuUsPerRequest),
          answerCpuUs,
        });
        before = after;
      }
    } finally {
      await bareExpress.stop();
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
  const cpu = (pick: (round: Round) => number | undefined): number | undefined => {
    const values = rounds.map(pick).filter((value): value is number => value !== undefined);
    return values.length === 0 ? undefined : median(values);
  };
  const bareCpuUs = cpu((round) => round.bareCpuUs);
  const answerCpuUs = cpu((round) => round.answerCpuUs);
  const cpuRows =
    bareCpuUs === undefined || answerCpuUs === undefined
      ? []
      : [
          ["bare express CPU per request (µs)", fixed(bareCpuUs), "", ""],
          ["gt-local CPU per answer (µs)", fixed(answerCpuUs), "", ""],
          ["CPU ratio (per request ÷ per answer)", fixed(bareCpuUs / answerCpuUs, 2), "", ""],
        ];
  const all = (pick: (run: TaskLoopRun) => number[]) => runs.flatMap(pick);
  const latencyRow = (name: string, samples: number[]) => [
    name,
    fixed(percentile(samples, 50), 1),
    fixed(percentile(samples, 99), 1),
  ];
  return [
    `### Task loop${QUICK ? " (--quick)" : ""}: ${WORKERS} HTTP workers claiming and submitting for ${DURATION_MS / 1000} s in ${ROUNDS} round(s), each between two baselines, both servers warmed up for ${WARMUP_SECONDS} s first`,
    "",
    markdownTable(
      ["measure", "value", "target", "verdict"],
      [
        ["bare express JSON (baseline, req/s)", fixed(bare), "", ""],
        // The verdict is the median of the rounds' ratios, not a ratio of these medians.
        ["answers/s (claim + submit)", fixed(rate), "", ""],
        ["HTTP requests/s", fixed(2 * rate), "", ""],
        ["ratio to bare express", fixed(ratio, 2), "≥ 0.35", verdict(ratio >= 0.35)],
        ...cpuRows,
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
    `Rounds (bare express req/s, the mean of the baselines before and after the round; answers/s; ratio): ${rounds
      .map((round) => `${fixed(round.bare)}, ${fixed(round.rate)}, ${fixed(round.rate / round.bare, 2)}`)
      .join("; ")}. The table gives medians.${
      cpuRows.length === 0
        ? ""
        : " CPU rows: each server process's CPU time (user and system, all its threads, from /proc) during its own measurement; a slow spell of the machine moves them less than it moves rates, and the verdict stays on rates."
    }`,
    "",
    `${answers} answers; the job counted ${String(labeled)} objects labeled (3 answers each) of ${OBJECTS}.`,
    measuredOn(describeMachine()),
  ].join("\n");
}

await runAlone(import.meta.url, taskLoop);
