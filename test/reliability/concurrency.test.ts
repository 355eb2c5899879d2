import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../emulator/clock.js";
import { randomFor } from "../../emulator/simulation/seeded-random.js";
import { GtLocalAdmin, type AdminApiError } from "../../server/programmatic/admin-client.js";
import { startTestServer, type TestServer } from "../helpers/test-server.js";
import { runWorker, WorkLog, type TaskChoice } from "./support/http-workers.js";
import { counterViolations, taskInvariantViolations, type JobLimits } from "./support/invariants.js";
import { createVideoJob, describeJobAt } from "./support/labeling-job.js";

/*
 * Concurrency invariants (issue 9, item 2): 64 workers claim, answer, release and decline over HTTP
 * at once while time jumps past the task time limit, and a sampler checks the job's rules the whole
 * time, from the database and from DescribeLabelingJob: never more than N answers per object, never
 * one worker twice on an object, never more than MaxConcurrentTaskCount objects out, counters that
 * always add up.
 */

const JOB = "concurrency-job";
const WORKERS = 64;
// Enough objects that the run lasts for many samples however fast the engine gets.
const LIMITS: JobLimits = { objects: 180, workersPerObject: 3, maxConcurrentTaskCount: 5 };
const TASK_TIME_LIMIT_SECONDS = 30;
/** How many times time jumps past every open claim's deadline while the workers work. */
const TIME_JUMPS = 3;

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const workerIds = Array.from(
  { length: WORKERS },
  (_, index) => `busy-worker-${String(index).padStart(2, "0")}`,
);

/** Mostly answers; sometimes hands a task back or turns it down (seeded per worker and object). */
function chooser(workerId: string) {
  return (task: { datasetObjectId: string }): TaskChoice => {
    const draw = randomFor("concurrency", workerId, task.datasetObjectId)();
    return draw < 0.1 ? "release" : draw < 0.15 ? "decline" : "submit";
  };
}

/** A submit, release or decline of a claim that lapsed during a time jump is refused; that is the rule. */
const lapsed = (error: AdminApiError): boolean =>
  error.code === "ValidationException" && /time limit of task .* has passed/u.test(error.message);

describe("concurrency invariants with 64 workers", () => {
  let server: TestServer;
  const clock = new ManualClock(new Date("2026-06-01T09:00:00.000Z"));
  beforeAll(async () => {
    server = await startTestServer({ startDelayMs: 0, clock });
  });
  afterAll(async () => {
    await server.close();
  });

  it("never breaks a rule of the job while they claim, answer, release and decline at once", async () => {
    await createVideoJob(server.url, {
      name: JOB,
      objects: LIMITS.objects,
      workersPerObject: LIMITS.workersPerObject,
      maxConcurrentTaskCount: LIMITS.maxConcurrentTaskCount,
      taskTimeLimitSeconds: TASK_TIME_LIMIT_SECONDS,
    });
    const admin = new GtLocalAdmin(server.url);
    for (const id of workerIds) await admin.createWorker({ id, displayName: id });
    await admin.waitFor(JOB, "InProgress");
    const jobArn = (await describeJobAt(server.url, JOB)).LabelingJobArn ?? "";

    const log = new WorkLog();
    let finished = false;
    const workers = workerIds.map((workerId) =>
      runWorker({
        admin,
        workerId,
        jobName: JOB,
        log,
        done: () => finished,
        choose: chooser(workerId),
        expected: lapsed,
      }),
    );

    // The sampler: the database (one synchronous read is one consistent snapshot) and the
    // counters as the SDK sees them, over and over until the job is done.
    const violations: string[] = [];
    let samples = 0;
    let humanLabeled = 0;
    const sample = async (): Promise<string | undefined> => {
      violations.push(...taskInvariantViolations(server.emulator.db, jobArn, LIMITS));
      const job = await describeJobAt(server.url, JOB);
      violations.push(...counterViolations(job.LabelCounters, LIMITS.objects));
      const human = job.LabelCounters?.HumanLabeled ?? 0;
      if (human < humanLabeled)
        violations.push(`HumanLabeled went down from ${String(humanLabeled)} to ${String(human)}`);
      humanLabeled = human;
      samples++;
      return job.LabelingJobStatus;
    };
    const sampler = (async () => {
      let jumps = 0;
      for (let status = await sample(); status === "InProgress"; status = await sample()) {
        // At a quarter, half and three quarters of the job, every open claim lapses at once: the
        // objects go back to the pool while their workers are still about to answer.
        if (jumps < TIME_JUMPS && humanLabeled >= ((jumps + 1) * LIMITS.objects) / (TIME_JUMPS + 1)) {
          jumps++;
          await admin.advanceClock(TASK_TIME_LIMIT_SECONDS + 1);
        }
        await pause(2);
      }
      return jumps;
    })();

    await admin.waitFor(JOB, "Completed", 60_000);
    const jumps = await sampler;
    finished = true;
    await Promise.all(workers);

    expect(violations).toEqual([]);
    expect(log.unexpected).toEqual([]);
    expect(log.disconnects).toEqual([]);
    expect(taskInvariantViolations(server.emulator.db, jobArn, LIMITS)).toEqual([]);
    // The run really was concurrent and went through every path: many samples, time jumps, and
    // answers from many of the 64 workers.
    expect(samples).toBeGreaterThan(20);
    expect(jumps).toBe(TIME_JUMPS);
    expect(new Set(log.answers.map((answer) => answer.workerId)).size).toBeGreaterThan(WORKERS / 4);

    // What the workers were told agrees: at most N acknowledged answers per object, and a worker
    // was never handed two tasks on one object.
    const answersPerObject = new Map<string, number>();
    for (const answer of log.answers) {
      answersPerObject.set(answer.objectId, (answersPerObject.get(answer.objectId) ?? 0) + 1);
    }
    expect([...answersPerObject.values()].every((count) => count === LIMITS.workersPerObject)).toBe(true);
    expect(answersPerObject.size).toBe(LIMITS.objects);
    const taskOfPair = new Map<string, string>();
    for (const claim of log.claims.values()) {
      const pair = `${claim.workerId}/${claim.objectId}`;
      expect(taskOfPair.get(pair) ?? claim.taskId, `${pair} got two tasks`).toBe(claim.taskId);
      taskOfPair.set(pair, claim.taskId);
    }

    const job = await describeJobAt(server.url, JOB);
    expect(job.LabelCounters).toEqual({
      TotalLabeled: LIMITS.objects,
      HumanLabeled: LIMITS.objects,
      MachineLabeled: 0,
      FailedNonRetryableError: 0,
      Unlabeled: 0,
    });
  }, 120_000);
});
