import type { SqliteDatabase } from "../../storage/database.js";

export interface PendingObject {
  object_id: number;
  line_json: string;
  state: "labeled" | "failed";
  labeled_by: "human" | "machine" | null;
  failure_reason: string | null;
}

export interface SubmittedRow {
  object_id: number;
  worker_id: string;
  claimed_ms: number;
  finished_ms: number;
  answer_json: string;
}

/** All SQL of consolidation and output: what is left to consolidate, answers, results. */
export class ConsolidationRepository {
  private readonly statements;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = {
      pending: db.prepare<[string], PendingObject>(
        `SELECT object_id, line_json, state, labeled_by, failure_reason FROM data_objects
         WHERE job_arn = ? AND state IN ('labeled', 'failed') AND iteration IS NULL ORDER BY object_id`,
      ),
      pendingCount: db.prepare<[string], { n: number }>(
        `SELECT count(*) AS n FROM data_objects
         WHERE job_arn = ? AND state IN ('labeled', 'failed') AND iteration IS NULL`,
      ),
      answers: db.prepare<[string], SubmittedRow>(
        `SELECT object_id, worker_id, claimed_ms, finished_ms, answer_json FROM tasks
         WHERE job_arn = ? AND state = 'submitted' ORDER BY object_id, finished_ms, worker_id`,
      ),
      nextIteration: db.prepare<[string], { iterations: number }>(
        "UPDATE job_runs SET iterations = iterations + 1 WHERE job_arn = ? RETURNING iterations",
      ),
      consolidated: db.prepare(
        "UPDATE data_objects SET iteration = ?, consolidated_json = ? WHERE job_arn = ? AND object_id = ?",
      ),
      lines: db.prepare<
        [string, number, number],
        { object_id: number; line_json: string; consolidated_json: string | null }
      >(
        `SELECT object_id, line_json, consolidated_json FROM data_objects WHERE job_arn = ? AND object_id > ?
         ORDER BY object_id LIMIT ?`,
      ),
      markFailed: db.prepare(
        `UPDATE data_objects SET state = 'failed', labeled_by = NULL, failure_reason = ?
         WHERE job_arn = ? AND object_id = ? AND iteration IS NULL`,
      ),
    };
  }

  pending(jobArn: string): PendingObject[] {
    return this.statements.pending.all(jobArn);
  }

  pendingCount(jobArn: string): number {
    return this.statements.pendingCount.get(jobArn)?.n ?? 0;
  }

  /** Every submitted answer of the job so far (Dawid-Skene re-estimates over all of them). */
  answers(jobArn: string): SubmittedRow[] {
    return this.statements.answers.all(jobArn);
  }

  nextIteration(jobArn: string): number {
    return this.statements.nextIteration.get(jobArn)?.iterations ?? 1;
  }

  saveResults(jobArn: string, iteration: number, results: ReadonlyMap<number, string>): void {
    this.db.transaction(() => {
      for (const [objectId, json] of results)
        this.statements.consolidated.run(iteration, json, jobArn, objectId);
    })();
  }

  /** Input lines with what consolidation produced for them, in manifest order, a page at a time. */
  linesAfter(jobArn: string, afterObjectId: number, limit: number) {
    return this.statements.lines.all(jobArn, afterObjectId, limit);
  }

  /** A consolidation that produced nothing for an object fails it (FailedNonRetryableError). */
  markFailed(jobArn: string, objectId: number, reason: string): void {
    this.statements.markFailed.run(reason, jobArn, objectId);
  }
}
