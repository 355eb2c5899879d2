import type { Clock } from "../clock.js";
import type { JobRepository } from "../jobs/job-repository.js";
import type { LabelingJob } from "../jobs/labeling-job.js";
import { canTransition, transition } from "../jobs/lifecycle.js";
import { stoppingConditionsMet } from "../jobs/stopping-conditions.js";
import type { ObjectStore } from "../objects/object-store.js";
import { ingestJob } from "./ingest/ingest-job.js";
import { IngestFailure } from "./ingest/ingest-failure.js";
import type { ConsolidationMethod } from "../consolidation/index.js";
import type { WorkerIdentity } from "../output/worker-response.js";
import type { ConsolidationRepository } from "./output/consolidation-repository.js";
import { batchWaiting, runIteration } from "./output/run-iteration.js";
import { EngineTimer } from "./engine-timer.js";
import { JobChains } from "./job-chains.js";
import { SettledAnswers } from "./output/settled-answers.js";
import { preAnnotate, type LambdaRunner } from "./pre-annotation.js";
import type { DataObjectRepository } from "./tasks/object-repository.js";
import type { TaskRepository } from "./tasks/task-repository.js";

export interface EngineOptions {
  /** The built-in consolidation every job uses unless its tag `gt-local:consolidation` says otherwise. */
  consolidation: ConsolidationMethod;
  /** How long a new job stays Initializing (AWS: about a second). */
  startDelayMs: number;
  /** Data objects one job may have (AWS: 100,000). */
  maxObjectsPerJob: number;
}

export interface EngineDependencies {
  clock: Clock;
  jobs: JobRepository;
  objects: DataObjectRepository;
  tasks: TaskRepository;
  store: ObjectStore;
  lambdas: LambdaRunner | undefined;
  options: EngineOptions;
  /** Reports errors that are gt-local's own bugs (the job is failed with a generic reason). */
  onInternalError: (error: unknown) => void;
  consolidation: ConsolidationRepository;
  /** Whose identity provider signs the job's workers in (for worker-response files). */
  identityFor: (job: LabelingJob) => WorkerIdentity;
  /**
   * Called after every refill of a job (its start, a submit, a lapsed claim...): work may be
   * available. Simulated workers listen here, so they need no timer of their own.
   */
  onWorkAvailable?: (jobArn: string) => void;
}

/** The job tag that picks a job's consolidation method (`majority-vote` or `dawid-skene`). */
export const CONSOLIDATION_TAG = "gt-local:consolidation";

/**
 * Brings labeling jobs to life. All state is in SQLite (job status, objects, tasks, deadlines); the
 * engine only keeps one timer, armed at the next persisted deadline, and a per-job chain so that
 * refills of one job never interleave. `tick()` is idempotent: after a restart it simply resumes.
 */
export class JobEngine {
  private readonly timer: EngineTimer;
  /** Refills and starts of a job: quick steps that a worker's submit waits for. */
  private readonly refills = new JobChains((jobArn, error) => {
    this.failUnexpectedly(jobArn, error);
  });
  /**
   * Consolidation iterations and the final pass of a job: they write thousands of files, so they
   * run on their own chain and a submit never waits behind them.
   */
  private readonly outputs = new JobChains((jobArn, error) => {
    this.failUnexpectedly(jobArn, error);
  });
  /** Jobs with an iteration queued that has not begun (one queued is enough). */
  private readonly iterationQueued = new Set<string>();
  /** Jobs whose final pass is queued or running. */
  private readonly finishing = new Set<string>();
  /** Dawid-Skene's input kept between iterations (see SettledAnswers). */
  private readonly settledAnswers = new SettledAnswers();
  private readonly starting = new Set<string>();
  private closed = false;

  constructor(private readonly deps: EngineDependencies) {
    this.timer = new EngineTimer({
      clock: deps.clock,
      nextDueMs: () => this.nextDueMs(),
      onDue: () => {
        this.tick();
      },
    });
  }

  /** A new job: it starts after the configured delay. */
  jobCreated(job: LabelingJob, consolidation?: ConsolidationMethod): void {
    this.deps.objects.createRun(
      job.arn,
      job.creationTime.getTime() + this.deps.options.startDelayMs,
      consolidation ?? this.deps.options.consolidation,
    );
    this.timer.wake();
  }

  /** Resumes every job after a (re)start: due starts, lapsed claims, expired objects, refills. */
  resume(): void {
    for (const arn of this.deps.objects.inProgressJobs()) void this.serially(arn, () => this.refill(arn));
    this.timer.wake();
  }

  /** Runs everything that is due now, then re-arms the timer at the next deadline. */
  tick(): void {
    if (this.closed) return;
    const now = this.deps.clock.now().getTime();
    for (const arn of this.deps.objects.dueStarts(now)) this.start(arn);
    const touched = new Set<string>();
    for (const task of this.deps.tasks.lapsedBy(now)) {
      if (this.deps.tasks.finish(task, "timed-out", now)) touched.add(task.job_arn);
    }
    for (const object of this.deps.objects.expiredBy(now)) {
      this.expireObject(object.job_arn, object.object_id, now);
      touched.add(object.job_arn);
    }
    for (const arn of touched) void this.serially(arn, () => this.refill(arn));
    this.timer.arm();
  }

  /**
   * A worker claimed a task: only its deadline is new (arm the timer for it). Nothing else a refill
   * or settle looks at changed (no object opened or ended), so neither runs: a claim stays O(1).
   */
  taskClaimed(deadline: Date): void {
    this.timer.armBy(deadline.getTime());
  }

  /** Called after any task change; settles the object and the job, then hands out more work. */
  objectsChanged(jobArn: string): Promise<void> {
    // Nothing due earlier can appear before the refill, which arms the timer when it ends.
    return this.serially(jobArn, () => this.refill(jobArn)).then(() =>
      // The change that ended the job (its last answer) returns once the job has ended, as it did
      // before output moved to its own chain; iterations along the way are never waited for.
      this.finishing.has(jobArn) ? this.outputs.queuedFor(jobArn) : undefined,
    );
  }

  /**
   * StopLabelingJob moved the job to Stopping: withdraw claims now, then write what was labeled
   * (a final consolidation pass and the output manifest) and end it Stopped.
   */
  stopped(job: LabelingJob): void {
    this.deps.tasks.cancelForJob(job.arn, this.deps.clock.now().getTime());
    void this.serially(job.arn, () => {
      this.settle(job.arn);
      return Promise.resolve();
    });
  }

  /** Waits for work in flight (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.refills.busy || this.outputs.busy || this.starting.size > 0) {
      await Promise.all([this.refills.settled(), this.outputs.settled()]);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** The state was replaced (an import or a reset): nothing kept in memory about its jobs holds. */
  forgetCaches(): void {
    this.settledAnswers.forget();
  }

  close(): void {
    this.closed = true;
    this.timer.close();
  }

  /** The next persisted moment something falls due, for the timer. */
  private nextDueMs(): number | undefined {
    const now = this.deps.clock.now().getTime();
    const start = this.deps.objects.nextStartMs();
    const candidates = [
      // A due start is already running (tick started it); only future ones need a wake-up.
      start !== undefined && start > now ? start : undefined,
      this.deps.tasks.nextDeadlineMs(),
      this.deps.objects.nextExpiryMs(),
    ].filter((at): at is number => at !== undefined);
    return candidates.length === 0 ? undefined : Math.min(...candidates);
  }

  /** Per-job serialization: refills and starts of one job never run concurrently. */
  private serially(jobArn: string, work: () => Promise<void>): Promise<void> {
    return this.refills.run(jobArn, work);
  }

  private start(jobArn: string): void {
    if (this.starting.has(jobArn)) return;
    this.starting.add(jobArn);
    void this.serially(jobArn, async () => {
      try {
        const job = this.deps.jobs.findByArn(jobArn);
        if (!job || !canTransition(job, "start")) return;
        try {
          await ingestJob(job, this.deps);
        } catch (error) {
          if (!(error instanceof IngestFailure)) throw error;
          this.transitionTo(job.arn, "fail", error.message);
          return;
        }
        this.transitionTo(job.arn, "start");
        await this.refill(job.arn);
      } finally {
        this.starting.delete(jobArn);
        this.timer.arm();
      }
    });
  }

  /**
   * Hands out work up to MaxConcurrentTaskCount open objects, running pre-annotation for each
   * object as it opens (as AWS does, batch by batch), then settles the job's status.
   */
  private async refill(jobArn: string): Promise<void> {
    // The earliest expiry of the objects this refill opens: the only deadline a refill adds.
    let openedExpiryMs: number | undefined;
    for (;;) {
      const job = this.deps.jobs.findByArn(jobArn);
      if (job?.status !== "InProgress") break;
      const capacity = job.spec.humanTask.maxConcurrentTaskCount - this.deps.objects.openCount(jobArn);
      if (capacity <= 0) break;
      const queued = this.deps.objects.queued(jobArn, capacity);
      if (queued.length === 0) break;
      const labels = this.deps.objects.labels(jobArn);
      const outcomes: { objectId: number; outcome: Awaited<ReturnType<typeof preAnnotate>> }[] = [];
      for (const row of queued) {
        const dataObject = JSON.parse(row.line_json) as Record<string, unknown>;
        outcomes.push({
          objectId: row.object_id,
          outcome: await preAnnotate(job, dataObject, labels, this.deps.lambdas),
        });
      }
      const now = this.deps.clock.now().getTime();
      const expiresMs = now + job.spec.humanTask.taskAvailabilityLifetimeSeconds * 1000;
      const openAll = (): void => {
        for (const { objectId, outcome } of outcomes) {
          if (outcome.kind === "failed") {
            this.deps.objects.finish(jobArn, objectId, { state: "failed", reason: outcome.reason }, now);
          } else if (outcome.kind === "machine") {
            this.deps.objects.finish(jobArn, objectId, { state: "labeled", by: "machine" }, now);
          } else {
            const taskInputJson = JSON.stringify(outcome.taskInput);
            this.deps.objects.open(jobArn, { objectId, taskInputJson, openedMs: now, expiresMs });
            openedExpiryMs = Math.min(openedExpiryMs ?? expiresMs, expiresMs);
          }
        }
      };
      // One transaction for a batch: a commit per object made opening 1,000 objects cost 1,000
      // commits (and opening one object is two statements, which commit together).
      this.deps.objects.transaction(openAll);
      // Done when the queue ran dry or every object taken was opened (the capacity is then full);
      // only objects that failed or were machine-labeled leave room to look again.
      if (queued.length < capacity || outcomes.every(({ outcome }) => outcome.kind === "human")) break;
    }
    this.settle(jobArn);
    // Nothing else a timer waits for moved earlier: ended tasks and objects only leave a timer
    // that fires early, finds nothing due and re-arms.
    if (openedExpiryMs !== undefined) this.timer.armBy(openedExpiryMs);
    this.deps.onWorkAvailable?.(jobArn);
  }

  /** Availability ran out: answered objects count as labeled, the rest fail (AWS's rule). */
  private expireObject(jobArn: string, objectId: number, nowMs: number): void {
    this.deps.objects.transaction(() => {
      this.deps.tasks.cancelForObject(jobArn, objectId, nowMs);
      const answered = this.deps.tasks.submittedCount(jobArn, objectId) > 0;
      this.deps.objects.finish(
        jobArn,
        objectId,
        answered
          ? { state: "labeled", by: "human" }
          : {
              state: "failed",
              reason:
                "No worker answered within the task availability lifetime (TaskAvailabilityLifetimeInSeconds).",
            },
        nowMs,
      );
    });
  }

  /**
   * After anything changed: counters, then (as they apply) stopping conditions, completion or a
   * consolidation iteration, the last two queued on the output chain. A job ends only after its
   * output is written.
   */
  private settle(jobArn: string): void {
    const job = this.deps.jobs.findByArn(jobArn);
    if (!job) return;
    const counts = this.saveCounters(jobArn, job);
    const { counters, total } = counts;
    if (job.status === "Stopping") {
      this.finishLater(job, "finishStop");
      return;
    }
    if (job.status !== "InProgress") return;
    // A streaming job (SNS input) runs until StopLabelingJob; a one-shot job ends with its manifest.
    const streaming = job.spec.input.snsTopicArn !== undefined;
    // Objects still to label (queued or open) are what the counters call unlabeled.
    if (counters.unlabeled === 0 && !streaming) {
      this.finishLater(job, "complete");
      return;
    }
    if (stoppingConditionsMet(job, counters, total)) {
      this.transitionTo(jobArn, "requestStop");
      this.deps.tasks.cancelForJob(jobArn, this.deps.clock.now().getTime());
      this.finishLater(job, "finishStop");
      return;
    }
    // Objects are consolidated in batches as they collect their answers (iteration-1, 2, ...).
    if (batchWaiting(job, counts)) this.iterateLater(job);
  }

  /** Queues a consolidation iteration on the job's output chain, unless one is already waiting. */
  private iterateLater(job: LabelingJob): void {
    if (this.iterationQueued.has(job.arn) || this.finishing.has(job.arn)) return;
    this.iterationQueued.add(job.arn);
    void this.outputs.run(job.arn, async () => {
      this.iterationQueued.delete(job.arn);
      const current = this.deps.jobs.findByArn(job.arn);
      if (current?.status !== "InProgress") return;
      // Queued while the one before ran, whose objects then still waited: a whole batch, or nothing.
      if (!batchWaiting(current, this.deps.objects.counts(job.arn))) return;
      await runIteration(current, this.iterationDependencies(current), false);
      this.saveCounters(job.arn);
    });
  }

  /** Queues the job's final pass on its output chain (once), after iterations already queued. */
  private finishLater(job: LabelingJob, name: "complete" | "finishStop"): void {
    if (this.finishing.has(job.arn)) return;
    this.finishing.add(job.arn);
    void this.outputs.run(job.arn, async () => {
      try {
        await this.finish(job, name);
      } finally {
        this.finishing.delete(job.arn);
      }
    });
  }

  /** The final pass: consolidate what is left, write the output manifest, end the job. */
  private async finish(job: LabelingJob, name: "complete" | "finishStop"): Promise<void> {
    const outputUri = await runIteration(job, this.iterationDependencies(job), true);
    const current = this.deps.jobs.findByArn(job.arn);
    const from = name === "finishStop" ? "requestStop" : undefined;
    if (current && from !== undefined && canTransition(current, from)) this.transitionTo(job.arn, from);
    const latest = this.deps.jobs.findByArn(job.arn);
    if (!latest || !canTransition(latest, name)) return;
    const next = transition(latest, name, this.deps.clock.now());
    if (outputUri !== undefined) next.outputDatasetS3Uri = outputUri;
    this.deps.jobs.saveState({ ...next, counters: this.deps.objects.counters(job.arn) });
  }

  private iterationDependencies(job: LabelingJob) {
    const run = this.deps.objects.run(job.arn);
    return {
      clock: this.deps.clock,
      store: this.deps.store,
      consolidation: this.deps.consolidation,
      lambdas: this.deps.lambdas,
      method: (run?.consolidation ?? this.deps.options.consolidation) as ConsolidationMethod,
      settled: this.settledAnswers,
      labels: this.deps.objects.labels(job.arn),
      identity: this.deps.identityFor(job),
    };
  }

  /** Writes the job's counters when they changed; `job` is its row as just read, when the caller has it. */
  private saveCounters(jobArn: string, job = this.deps.jobs.findByArn(jobArn)) {
    const counts = this.deps.objects.counts(jobArn);
    if (job && JSON.stringify(job.counters) !== JSON.stringify(counts.counters)) {
      this.deps.jobs.saveState({
        ...job,
        counters: counts.counters,
        lastModifiedTime: this.deps.clock.now(),
      });
    }
    return counts;
  }

  private transitionTo(jobArn: string, name: Parameters<typeof transition>[1], failureReason?: string): void {
    const job = this.deps.jobs.findByArn(jobArn);
    if (!job || !canTransition(job, name)) return;
    const next = transition(job, name, this.deps.clock.now(), failureReason);
    this.deps.jobs.saveState({ ...next, counters: this.deps.objects.counters(jobArn) });
  }

  private failUnexpectedly(jobArn: string, error: unknown): void {
    this.deps.onInternalError(error);
    this.transitionTo(jobArn, "fail", "InternalError: gt-local could not run this job. See the server log.");
  }
}
