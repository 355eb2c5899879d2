import type { SqliteDatabase } from "../../storage/database.js";
import { CommittedRows } from "../../storage/committed-rows.js";
import { transactionRunner } from "../../storage/transactions.js";
import type { LabelCounters } from "../../jobs/labeling-job.js";
import type { ClaimIndex } from "./claim-index.js";
import { QueuedReadAhead, type QueuedObject } from "./queued-read-ahead.js";

export type { QueuedObject } from "./queued-read-ahead.js";

export type ObjectState = "queued" | "open" | "labeled" | "failed";

export interface DataObjectRow {
  job_arn: string;
  object_id: number;
  line_json: string;
  state: ObjectState;
  labeled_by: "human" | "machine" | null;
  finished_ms: number | null;
  failure_reason: string | null;
}

/** A job's counters, its objects, and its finished objects that await consolidation (see `counts`). */
export interface JobCounts {
  counters: LabelCounters;
  /** Every object of the job: labeled, failed or still unlabeled. */
  total: number;
  unconsolidated: number;
}

/** An open object whose availability ran out. */
export type ExpiredObject = Pick<DataObjectRow, "job_arn" | "object_id">;

export interface OpenedObject {
  objectId: number;
  taskInputJson: string;
  openedMs: number;
  expiresMs: number;
}

/** All SQL about a job's data objects and its runtime row. */
export class DataObjectRepository {
  private readonly statements;
  /** Each job's label categories, parsed: every submit checks its answer against them. */
  private readonly keptLabels: CommittedRows<readonly string[] | null>;
  private readonly queuedAhead: QueuedReadAhead;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly claims: ClaimIndex,
  ) {
    this.keptLabels = new CommittedRows(db);
    this.statements = {
      insertRun: db.prepare(
        "INSERT OR IGNORE INTO job_runs (job_arn, start_after_ms, consolidation) VALUES (?, ?, ?)",
      ),
      run: db.prepare<
        [string],
        {
          start_after_ms: number;
          labels_json: string | null;
          template: string | null;
          object_count: number;
          consolidation: string | null;
        }
      >("SELECT * FROM job_runs WHERE job_arn = ?"),
      // The run's small columns alone: every submit reads them, and the run's row holds the template.
      labelsJson: db.prepare<[string], { labels_json: string | null }>(
        "SELECT labels_json FROM job_runs WHERE job_arn = ?",
      ),
      taskInputJson: db
        .prepare<[string, number], string>(
          "SELECT task_input_json FROM opened_objects WHERE job_arn = ? AND object_id = ?",
        )
        .pluck(),
      saveIngest: db.prepare(
        "UPDATE job_runs SET labels_json = ?, template = ?, object_count = ? WHERE job_arn = ?",
      ),
      insertObject: db.prepare(
        "INSERT INTO data_objects (job_arn, object_id, line_json, state) VALUES (?, ?, ?, 'queued')",
      ),
      deleteObjects: db.prepare("DELETE FROM data_objects WHERE job_arn = ?"),
      deleteOpened: db.prepare("DELETE FROM opened_objects WHERE job_arn = ?"),
      // Counts come from data_object_counts, which triggers keep (migration 5): O(1) per request.
      // The job's few count rows as they are (one per state, labeler and consolidated or not).
      countRows: db.prepare<
        [string],
        { state: ObjectState; labeled_by: string; consolidated: number; n: number }
      >("SELECT state, labeled_by, consolidated, n FROM data_object_counts WHERE job_arn = ?"),
      // INDEXED BY: for the ORDER BY, SQLite would walk the job's objects in key order past every
      // one already handed out (a refill then costs more as the job goes on).
      // Only the two columns a refill needs: every other column made the read take twice as long.
      queued: db.prepare<[string, number, number], QueuedObject>(
        "SELECT object_id, line_json FROM data_objects INDEXED BY queued_objects WHERE job_arn = ? AND state = 'queued' AND object_id > ? ORDER BY object_id LIMIT ?",
      ),
      openCount: db.prepare<[string], { n: number | null }>(
        "SELECT sum(n) AS n FROM data_object_counts WHERE job_arn = ? AND state = 'open'",
      ),
      // Opening an object changes its state alone (its row keeps its size); what opening adds is
      // a row of its own (migration 9).
      open: db.prepare(
        "UPDATE data_objects SET state = 'open' WHERE job_arn = ? AND object_id = ? AND state = 'queued'",
      ),
      insertOpened: db.prepare(
        "INSERT INTO opened_objects (job_arn, object_id, task_input_json, opened_ms, expires_ms) VALUES (?, ?, ?, ?, ?)",
      ),
      finish: db.prepare(
        `UPDATE data_objects SET state = ?, labeled_by = ?, failure_reason = ?, finished_ms = ?
         WHERE job_arn = ? AND object_id = ? AND state IN ('queued', 'open')`,
      ),
      find: db.prepare<[string, number], DataObjectRow>(
        "SELECT * FROM data_objects WHERE job_arn = ? AND object_id = ?",
      ),
      // An object's expiry is set while it is open alone (cleared by a trigger as it ends).
      expired: db.prepare<[number], ExpiredObject>(
        "SELECT job_arn, object_id FROM opened_objects WHERE expires_ms IS NOT NULL AND expires_ms <= ? ORDER BY expires_ms",
      ),
      nextExpiry: db.prepare<[], { at: number | null }>(
        "SELECT min(expires_ms) AS at FROM opened_objects WHERE expires_ms IS NOT NULL",
      ),
      dueStarts: db.prepare<[number], { job_arn: string }>(
        `SELECT r.job_arn FROM job_runs r JOIN labeling_jobs j ON j.arn = r.job_arn
         WHERE j.status = 'Initializing' AND r.start_after_ms <= ? ORDER BY r.start_after_ms`,
      ),
      nextStart: db.prepare<[], { at: number | null }>(
        `SELECT min(r.start_after_ms) AS at FROM job_runs r JOIN labeling_jobs j ON j.arn = r.job_arn
         WHERE j.status = 'Initializing'`,
      ),
      activeJobs: db.prepare<[], { job_arn: string }>(
        `SELECT r.job_arn FROM job_runs r JOIN labeling_jobs j ON j.arn = r.job_arn WHERE j.status = 'InProgress'`,
      ),
    };
    this.queuedAhead = new QueuedReadAhead(db, (jobArn, afterId, limit) =>
      this.statements.queued.all(jobArn, afterId, limit),
    );
  }

  transaction<T>(work: () => T): T {
    try {
      return transactionRunner(this.db)(work);
    } catch (error) {
      // Rolled back: the claim index and the queue read ahead may hold changes that never happened.
      this.claims.forgetAll();
      this.queuedAhead.forgetAll();
      throw error;
    }
  }

  createRun(jobArn: string, startAfterMs: number, consolidation: string): void {
    this.statements.insertRun.run(jobArn, startAfterMs, consolidation);
  }

  run(jobArn: string) {
    return this.statements.run.get(jobArn);
  }

  /** The job's label categories as stored at ingest (frozen); undefined for a job without them. */
  labels(jobArn: string): readonly string[] | undefined {
    let labels = this.keptLabels.get(jobArn);
    if (labels === undefined) {
      const json = this.statements.labelsJson.get(jobArn)?.labels_json ?? null;
      labels = this.keptLabels.remember(
        jobArn,
        json === null ? null : Object.freeze(JSON.parse(json) as string[]),
      );
    }
    return labels ?? undefined;
  }

  /** An import or a reset replaced the rows: labels and queues kept from before no longer hold. */
  forgetKept(): void {
    this.keptLabels.forgetAll();
    this.queuedAhead.forgetAll();
  }

  /** The task input pre-annotation made for an object (JSON), without the rest of its row. */
  taskInputJson(jobArn: string, objectId: number): string | null {
    return this.statements.taskInputJson.get(jobArn, objectId) ?? null;
  }

  saveIngest(
    jobArn: string,
    labels: string[] | undefined,
    template: string | undefined,
    count: number,
  ): void {
    this.statements.saveIngest.run(labels ? JSON.stringify(labels) : null, template ?? null, count, jobArn);
    this.keptLabels.forget(jobArn);
  }

  /** Drops the objects of a job whose ingest a crash interrupted, so that it can run again. */
  deleteObjects(jobArn: string): void {
    this.statements.deleteOpened.run(jobArn);
    this.statements.deleteObjects.run(jobArn);
    this.claims.forget(jobArn);
    this.queuedAhead.forget(jobArn);
  }

  insertObjects(jobArn: string, firstId: number, lines: readonly string[]): void {
    lines.forEach((line, index) => this.statements.insertObject.run(jobArn, firstId + index, line));
  }

  counters(jobArn: string): LabelCounters {
    return this.counts(jobArn).counters;
  }

  /**
   * The job's counters, its objects, and how many of its finished objects (labeled or failed) no
   * iteration has consolidated yet: one read of its count rows, where settling a job read them and
   * the run's object count three times.
   */
  counts(jobArn: string): JobCounts {
    const counters: LabelCounters = {
      totalLabeled: 0,
      humanLabeled: 0,
      machineLabeled: 0,
      failedNonRetryableError: 0,
      unlabeled: 0,
    };
    let unconsolidated = 0;
    for (const row of this.statements.countRows.all(jobArn)) {
      if (row.state === "labeled" && row.labeled_by === "machine") counters.machineLabeled += row.n;
      else if (row.state === "labeled") counters.humanLabeled += row.n;
      else if (row.state === "failed") counters.failedNonRetryableError += row.n;
      else counters.unlabeled += row.n;
      if ((row.state === "labeled" || row.state === "failed") && row.consolidated === 0)
        unconsolidated += row.n;
    }
    counters.totalLabeled = counters.humanLabeled + counters.machineLabeled;
    const total = counters.totalLabeled + counters.failedNonRetryableError + counters.unlabeled;
    return { counters, total, unconsolidated };
  }

  /** The job's first `limit` queued objects in id order (read ahead: see QueuedReadAhead). */
  queued(jobArn: string, limit: number): QueuedObject[] {
    return this.queuedAhead.peek(jobArn, limit);
  }

  openCount(jobArn: string): number {
    return this.statements.openCount.get(jobArn)?.n ?? 0;
  }

  /** Opens a queued object: two statements, so its caller runs it inside a transaction. */
  open(jobArn: string, opened: OpenedObject): boolean {
    // Whether or not SQL still had it queued, it is not in the queue any more.
    this.queuedAhead.taken(jobArn, opened.objectId);
    const changed = this.statements.open.run(jobArn, opened.objectId).changes > 0;
    if (changed) {
      this.statements.insertOpened.run(
        jobArn,
        opened.objectId,
        opened.taskInputJson,
        opened.openedMs,
        opened.expiresMs,
      );
      this.claims.opened(jobArn, opened.objectId);
    }
    return changed;
  }

  /** Ends an object that is still queued or open; false when it had already ended. */
  finish(
    jobArn: string,
    objectId: number,
    outcome: { state: "labeled"; by: "human" | "machine" } | { state: "failed"; reason: string },
    atMs: number,
  ): boolean {
    const by = outcome.state === "labeled" ? outcome.by : null;
    const reason = outcome.state === "failed" ? outcome.reason : null;
    const changed = this.statements.finish.run(outcome.state, by, reason, atMs, jobArn, objectId).changes > 0;
    this.queuedAhead.taken(jobArn, objectId);
    if (changed) this.claims.ended(jobArn, objectId);
    return changed;
  }

  find(jobArn: string, objectId: number): DataObjectRow | undefined {
    return this.statements.find.get(jobArn, objectId);
  }

  expiredBy(nowMs: number): ExpiredObject[] {
    return this.statements.expired.all(nowMs);
  }

  nextExpiryMs(): number | undefined {
    return this.statements.nextExpiry.get()?.at ?? undefined;
  }

  /** Jobs still Initializing whose start delay has passed (also those a restart interrupted). */
  dueStarts(nowMs: number): string[] {
    return this.statements.dueStarts.all(nowMs).map((row) => row.job_arn);
  }

  nextStartMs(): number | undefined {
    return this.statements.nextStart.get()?.at ?? undefined;
  }

  inProgressJobs(): string[] {
    return this.statements.activeJobs.all().map((row) => row.job_arn);
  }
}
