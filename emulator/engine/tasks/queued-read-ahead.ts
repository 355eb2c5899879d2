import type { SqliteDatabase } from "../../storage/database.js";

/** An object waiting to be opened: its id and manifest line. */
export interface QueuedObject {
  object_id: number;
  line_json: string;
}

/** Reads a job's queued objects with ids above `afterId`, in id order, at most `limit`. */
export type ReadQueued = (jobArn: string, afterId: number, limit: number) => QueuedObject[];

/**
 * Each job's next queued objects, read ahead a batch at a time. A running job's refill opens the
 * one object an answer made room for, and reading it from SQLite each time was a third of the
 * refill's time in the task loop (an index seek and a row, cold in a busy server's caches; issue
 * 10, target 3). Objects leave the queue in id order, and only through this repository (opened or
 * ended), so the batch stays true to the database when:
 * - an object leaves it as the repository opens or ends it (`taken`), whatever SQL then says;
 * - objects added later (a streaming job's) have higher ids, so they are read after the batch;
 * - a rollback, an import, a reset or a re-run ingest forgets it (they put objects back, or
 *   replace them), and a read inside a transaction is not kept.
 * Opening still checks SQL (`state = 'queued'`), as claims check the claim index's proposals.
 */
export class QueuedReadAhead {
  private readonly jobs = new Map<string, QueuedObject[]>();

  constructor(
    private readonly db: SqliteDatabase,
    private readonly read: ReadQueued,
    private readonly batch = 64,
    private readonly jobsKept = 1_000,
  ) {}

  /** The job's first `limit` queued objects, in id order (fewer when the queue holds fewer). */
  peek(jobArn: string, limit: number): QueuedObject[] {
    if (this.db.inTransaction) return this.read(jobArn, -1, limit);
    let ahead = this.jobs.get(jobArn);
    if (!ahead) {
      // Bounded like CommittedRows: jobs that ended leave their (empty) batches behind.
      if (this.jobs.size >= this.jobsKept) this.jobs.clear();
      ahead = [];
      this.jobs.set(jobArn, ahead);
    }
    if (ahead.length < limit) {
      const afterId = ahead.at(-1)?.object_id ?? -1;
      ahead.push(...this.read(jobArn, afterId, Math.max(this.batch, limit - ahead.length)));
    }
    return ahead.slice(0, limit);
  }

  /** The object left the queue (opened or ended): it leaves the batch too. */
  taken(jobArn: string, objectId: number): void {
    const ahead = this.jobs.get(jobArn);
    if (!ahead) return;
    if (ahead[0]?.object_id === objectId) {
      ahead.shift();
      return;
    }
    const index = ahead.findIndex((object) => object.object_id === objectId);
    if (index >= 0) ahead.splice(index, 1);
  }

  forget(jobArn: string): void {
    this.jobs.delete(jobArn);
  }

  forgetAll(): void {
    this.jobs.clear();
  }
}
