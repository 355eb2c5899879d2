import type { SqliteDatabase } from "../../storage/database.js";
import type { TaskState } from "../task.js";
import type { ClaimIndex, OpenObjectTaskRow } from "./claim-index.js";

export interface TaskRow {
  id: string;
  job_arn: string;
  object_id: number;
  worker_id: string;
  state: TaskState;
  claimed_ms: number;
  deadline_ms: number;
  finished_ms: number | null;
  answer_json: string | null;
}

/** The task a change is about: its id, and where it belongs for the claim index. */
export type TaskKey = Pick<TaskRow, "id" | "job_arn" | "object_id">;

/** The rule a claim applies, in SQL: open, never this worker's, a slot free. */
const CLAIMABLE = `o.job_arn = @jobArn AND o.state = 'open'
  AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.job_arn = o.job_arn AND t.object_id = o.object_id
                  AND t.worker_id = @workerId)
  AND (SELECT count(*) FROM tasks t WHERE t.job_arn = o.job_arn AND t.object_id = o.object_id
       AND t.state IN ('claimed', 'submitted')) < @perObject`;

/** All SQL about tasks (one worker's assignment to one object), and the claim index it keeps. */
export class TaskRepository {
  private readonly statements;

  constructor(
    db: SqliteDatabase,
    private readonly claims: ClaimIndex,
  ) {
    this.statements = {
      insert: db.prepare(
        `INSERT INTO tasks (id, job_arn, object_id, worker_id, state, claimed_ms, deadline_ms)
         VALUES (?, ?, ?, ?, 'claimed', ?, ?)`,
      ),
      find: db.prepare<[string], TaskRow>("SELECT * FROM tasks WHERE id = ?"),
      activeFor: db.prepare<[string, string], TaskRow>(
        "SELECT * FROM tasks WHERE worker_id = ? AND job_arn = ? AND state = 'claimed' ORDER BY claimed_ms LIMIT 1",
      ),
      // The first open object this worker has never been given, with a free slot.
      claimable: db
        .prepare<{ jobArn: string; workerId: string; perObject: number }, number>(
          `SELECT o.object_id FROM data_objects o WHERE ${CLAIMABLE} ORDER BY o.object_id LIMIT 1`,
        )
        .pluck(),
      // The same rule for the one object the claim index proposes.
      claimableOne: db
        .prepare<{ jobArn: string; workerId: string; perObject: number; objectId: number }, number>(
          `SELECT o.object_id FROM data_objects o WHERE o.object_id = @objectId AND ${CLAIMABLE}`,
        )
        .pluck(),
      // What the claim index is built from: the job's open objects in id order, with their tasks.
      openObjectTasks: db.prepare<[string], OpenObjectTaskRow>(
        `SELECT o.object_id, t.worker_id, t.state FROM data_objects o INDEXED BY open_objects
         LEFT JOIN tasks t ON t.job_arn = o.job_arn AND t.object_id = o.object_id
         WHERE o.job_arn = ? AND o.state = 'open' ORDER BY o.object_id`,
      ),
      finish: db.prepare(
        "UPDATE tasks SET state = ?, finished_ms = ?, answer_json = ? WHERE id = ? AND state = 'claimed'",
      ),
      submittedCount: db.prepare<[string, number], { n: number }>(
        "SELECT count(*) AS n FROM tasks WHERE job_arn = ? AND object_id = ? AND state = 'submitted'",
      ),
      lapsed: db.prepare<[number], TaskRow>(
        "SELECT * FROM tasks WHERE state = 'claimed' AND deadline_ms <= ? ORDER BY deadline_ms",
      ),
      nextDeadline: db.prepare<[], { at: number | null }>(
        "SELECT min(deadline_ms) AS at FROM tasks WHERE state = 'claimed'",
      ),
      cancelForObject: db.prepare(
        "UPDATE tasks SET state = 'cancelled', finished_ms = ? WHERE job_arn = ? AND object_id = ? AND state = 'claimed'",
      ),
      // INDEXED BY: the claimed tasks alone, where SQLite would walk every task the job ever had.
      cancelForJob: db.prepare(
        "UPDATE tasks INDEXED BY claimed_tasks_by_deadline SET state = 'cancelled', finished_ms = ? WHERE job_arn = ? AND state = 'claimed'",
      ),
    };
  }

  /** Stores a new claim (the row's finish fields are empty until the task ends). */
  insert(task: TaskRow & { state: "claimed" }): void {
    this.statements.insert.run(
      task.id,
      task.job_arn,
      task.object_id,
      task.worker_id,
      task.claimed_ms,
      task.deadline_ms,
    );
    this.claims.claimed(task.job_arn, task.object_id, task.worker_id);
  }

  find(id: string): TaskRow | undefined {
    return this.statements.find.get(id);
  }

  activeFor(workerId: string, jobArn: string): TaskRow | undefined {
    return this.statements.activeFor.get(workerId, jobArn);
  }

  /**
   * The first open object this worker never had with a slot free (see ClaimIndex): the index
   * proposes, SQL confirms; when they disagree, SQL's full walk answers and the index is rebuilt.
   */
  claimableObject(jobArn: string, workerId: string, perObject: number): number | undefined {
    const proposed = this.claims.propose(jobArn, workerId, perObject, () =>
      this.statements.openObjectTasks.all(jobArn),
    );
    const params = { jobArn, workerId, perObject };
    if (
      proposed !== undefined &&
      this.statements.claimableOne.get({ ...params, objectId: proposed }) !== undefined
    ) {
      return proposed;
    }
    const found = this.statements.claimable.get(params);
    if (found !== proposed) this.claims.forget(jobArn);
    return found;
  }

  /** Ends a claimed task; false when it was no longer claimed. */
  finish(task: TaskKey, state: TaskState, atMs: number, answerJson: string | null = null): boolean {
    const finished = this.statements.finish.run(state, atMs, answerJson, task.id).changes > 0;
    // An answer keeps its slot; any other end gives it back.
    if (finished && state !== "submitted") this.claims.slotFreed(task.job_arn, task.object_id);
    return finished;
  }

  submittedCount(jobArn: string, objectId: number): number {
    return this.statements.submittedCount.get(jobArn, objectId)?.n ?? 0;
  }

  lapsedBy(nowMs: number): TaskRow[] {
    return this.statements.lapsed.all(nowMs);
  }

  nextDeadlineMs(): number | undefined {
    return this.statements.nextDeadline.get()?.at ?? undefined;
  }

  /** Withdraws the object's claims (it expires: the caller ends it too). */
  cancelForObject(jobArn: string, objectId: number, atMs: number): void {
    this.statements.cancelForObject.run(atMs, jobArn, objectId);
    this.claims.ended(jobArn, objectId);
  }

  cancelForJob(jobArn: string, atMs: number): void {
    this.statements.cancelForJob.run(atMs, jobArn);
    this.claims.forget(jobArn);
  }
}
