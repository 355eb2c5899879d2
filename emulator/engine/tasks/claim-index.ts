/** One open object as a claim sees it: who has ever had it, how many of its slots are taken. */
interface OpenObjectClaims {
  /** Every worker with a task on the object, in any state: none of them may have it again. */
  workers: Set<string>;
  /** Its claimed and submitted tasks: the slots of NumberOfHumanWorkersPerDataObject in use. */
  taken: number;
}

/** A row of the rebuild query: an open object, with one of its tasks (null columns for none). */
export interface OpenObjectTaskRow {
  object_id: number;
  worker_id: string | null;
  state: string | null;
}

/** A job's open objects, in object id order (a Map keeps insertion order, and ids only grow). */
interface JobClaims {
  objects: Map<number, OpenObjectClaims>;
  lastId: number;
}

/**
 * Each running job's open objects, kept in memory for claims (issue 10, target 3): a claim looks
 * for the first open object this worker never had with a free slot, and SQL found it by walking
 * past every open object other workers held (two index lookups each). The walk is now over this
 * index; the repository still has SQL check the one object it proposes, so an entry that went
 * stale costs a fallback to the full query, never a broken rule.
 *
 * A job's entry is built from SQL at its first claim, then follows the changes that claims bring
 * (a claim, a task ended, an object opened or ended) as the repositories make them. Anything else
 * forgets it, to be built again: a rollback, a stop, an import or a reset.
 */
export class ClaimIndex {
  private readonly jobs = new Map<string, JobClaims>();

  /**
   * The first open object the worker never had with a slot free, by the index; undefined when it
   * knows of none. `load` gives the job's open objects with their tasks when it is not built yet.
   */
  propose(
    jobArn: string,
    workerId: string,
    perObject: number,
    load: () => readonly OpenObjectTaskRow[],
  ): number | undefined {
    let job = this.jobs.get(jobArn);
    if (job === undefined) {
      job = build(load());
      this.jobs.set(jobArn, job);
    }
    for (const [objectId, object] of job.objects) {
      if (object.taken < perObject && !object.workers.has(workerId)) return objectId;
    }
    return undefined;
  }

  /** A worker claimed the object: one slot more taken, and the worker can never have it again. */
  claimed(jobArn: string, objectId: number, workerId: string): void {
    const object = this.jobs.get(jobArn)?.objects.get(objectId);
    if (object === undefined) return;
    object.workers.add(workerId);
    object.taken += 1;
  }

  /** A claimed task ended other than by an answer (declined, released, timed out): its slot is free. */
  slotFreed(jobArn: string, objectId: number): void {
    const object = this.jobs.get(jobArn)?.objects.get(objectId);
    if (object !== undefined) object.taken -= 1;
  }

  /** The object opened: nobody has had it yet. */
  opened(jobArn: string, objectId: number): void {
    const job = this.jobs.get(jobArn);
    if (job === undefined) return;
    // Objects open in id order; one that does not is left to a rebuild, which sorts.
    if (objectId <= job.lastId) {
      this.jobs.delete(jobArn);
      return;
    }
    job.objects.set(objectId, { workers: new Set(), taken: 0 });
    job.lastId = objectId;
  }

  /** The object was labeled, failed or expired: no claim may take it. */
  ended(jobArn: string, objectId: number): void {
    this.jobs.get(jobArn)?.objects.delete(objectId);
  }

  forget(jobArn: string): void {
    this.jobs.delete(jobArn);
  }

  forgetAll(): void {
    this.jobs.clear();
  }
}

function build(rows: readonly OpenObjectTaskRow[]): JobClaims {
  const objects = new Map<number, OpenObjectClaims>();
  let lastId = -1;
  for (const row of rows) {
    let object = objects.get(row.object_id);
    if (object === undefined) {
      object = { workers: new Set(), taken: 0 };
      objects.set(row.object_id, object);
      lastId = Math.max(lastId, row.object_id);
    }
    if (row.worker_id !== null) object.workers.add(row.worker_id);
    if (row.state === "claimed" || row.state === "submitted") object.taken += 1;
  }
  return { objects, lastId };
}
