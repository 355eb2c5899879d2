import { outputLine } from "../../output/label-metadata.js";
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
    // For manifestPageAfter: SQLite calls it for consolidated objects alone (an unconsolidated
    // object's line is its input line), so a manifest page never becomes a JS object per row.
    db.function("gt_output_line", { deterministic: true }, (line: unknown, content: unknown) => {
      if (typeof line !== "string" || typeof content !== "string") {
        throw new TypeError("gt_output_line takes an input line and its consolidated content, as text");
      }
      return outputLine(line, content);
    });
    this.statements = {
      // INDEXED BY: left to itself SQLite walks every object of the job in key order (for the
      // ORDER BY) at every iteration; the index holds just the unconsolidated ones.
      pending: db.prepare<[string], PendingObject>(
        `SELECT object_id, line_json, state, labeled_by, failure_reason FROM data_objects INDEXED BY unconsolidated_objects
         WHERE job_arn = ? AND iteration IS NULL AND state IN ('labeled', 'failed') ORDER BY object_id`,
      ),
      answers: db.prepare<[string], SubmittedRow>(
        `SELECT object_id, worker_id, claimed_ms, finished_ms, answer_json FROM tasks
         WHERE job_arn = ? AND state = 'submitted' ORDER BY object_id, finished_ms, worker_id`,
      ),
      // The answers of the objects the next iteration takes: from the unconsolidated objects (their
      // partial index) to their tasks (the by-object index), never a pass over every answer.
      // CROSS JOIN fixes that order (SQLite would otherwise start from every task of the job).
      pendingAnswers: db.prepare<[string], SubmittedRow>(
        `SELECT t.object_id, t.worker_id, t.claimed_ms, t.finished_ms, t.answer_json
         FROM data_objects o INDEXED BY unconsolidated_objects
         CROSS JOIN tasks t ON t.job_arn = o.job_arn AND t.object_id = o.object_id AND t.state = 'submitted'
         WHERE o.job_arn = ? AND o.iteration IS NULL AND o.state IN ('labeled', 'failed')
         ORDER BY t.object_id, t.finished_ms, t.worker_id`,
      ),
      // Parts of Dawid-Skene's input (see SettledAnswers): the answers of the objects a past
      // iteration consolidated, and those of objects not finished yet; in the order `answers` gives.
      consolidatedAnswers: db.prepare<[string], SubmittedRow>(
        `SELECT t.object_id, t.worker_id, t.claimed_ms, t.finished_ms, t.answer_json
         FROM data_objects o INDEXED BY consolidated_objects
         CROSS JOIN tasks t ON t.job_arn = o.job_arn AND t.object_id = o.object_id AND t.state = 'submitted'
         WHERE o.job_arn = ? AND o.iteration IS NOT NULL
         ORDER BY t.object_id, t.finished_ms, t.worker_id`,
      ),
      // Open objects alone: a queued object has no tasks (only a claim makes one, of an open
      // object), and objects never go back to queued.
      unfinishedAnswers: db.prepare<[string], SubmittedRow>(
        `SELECT t.object_id, t.worker_id, t.claimed_ms, t.finished_ms, t.answer_json
         FROM data_objects o INDEXED BY open_objects
         CROSS JOIN tasks t ON t.job_arn = o.job_arn AND t.object_id = o.object_id AND t.state = 'submitted'
         WHERE o.job_arn = ? AND o.state = 'open'
         ORDER BY t.object_id, t.finished_ms, t.worker_id`,
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
      // A manifest page as its bytes: SQLite joins the lines (UTF-8, as stored) into one blob.
      manifestPage: db.prepare<[string, number, number], { bytes: Buffer | null; last: number | null }>(
        `SELECT CAST(group_concat(
                  CASE WHEN consolidated_json IS NULL THEN line_json ELSE gt_output_line(line_json, consolidated_json) END
                  || char(10), '' ORDER BY object_id) AS BLOB) AS bytes,
                max(object_id) AS last
         FROM (SELECT object_id, line_json, consolidated_json FROM data_objects
               WHERE job_arn = ? AND object_id > ? ORDER BY object_id LIMIT ?)`,
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

  /** Every submitted answer of the job so far (the dashboard's agreement figures read them). */
  answers(jobArn: string): SubmittedRow[] {
    return this.statements.answers.all(jobArn);
  }

  /** The submitted answers of the objects waiting for consolidation (what `pending` returns). */
  pendingAnswers(jobArn: string): SubmittedRow[] {
    return this.statements.pendingAnswers.all(jobArn);
  }

  consolidatedAnswers(jobArn: string): SubmittedRow[] {
    return this.statements.consolidatedAnswers.all(jobArn);
  }

  /** The answers so far of objects still waiting for more (queued or open). */
  unfinishedAnswers(jobArn: string): SubmittedRow[] {
    return this.statements.unfinishedAnswers.all(jobArn);
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

  /**
   * The next `limit` lines of the job's manifest after `afterObjectId` (each input line, labeled
   * where it has been consolidated, as `outputLine` writes it, ending in a newline), as bytes;
   * undefined past the last object.
   */
  manifestPageAfter(
    jobArn: string,
    afterObjectId: number,
    limit: number,
  ): { bytes: Buffer; lastObjectId: number } | undefined {
    const page = this.statements.manifestPage.get(jobArn, afterObjectId, limit);
    if (page?.bytes == null || page.last === null) return undefined;
    return { bytes: page.bytes, lastObjectId: page.last };
  }

  /** A consolidation that produced nothing for an object fails it (FailedNonRetryableError). */
  markFailed(jobArn: string, objectId: number, reason: string): void {
    this.statements.markFailed.run(reason, jobArn, objectId);
  }
}
