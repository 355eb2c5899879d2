/**
 * Tasks as workers see them. A task is one worker's assignment to one data object of a job; an
 * object needs `NumberOfHumanWorkersPerDataObject` submitted tasks from distinct workers.
 */
export type TaskState = "claimed" | "submitted" | "declined" | "released" | "timed-out" | "cancelled";

export interface Task {
  id: string;
  jobArn: string;
  jobName: string;
  region: string;
  /** The object's 0-based position in the input manifest, as a string (AWS's datasetObjectId). */
  datasetObjectId: string;
  workerId: string;
  state: TaskState;
  /** What the worker template sees as `task.input` (the pre-annotation Lambda's `taskInput`). */
  taskInput: unknown;
  claimedAt: Date;
  /** Claimed + TaskTimeLimitInSeconds: after it the claim lapses and the object returns to the pool. */
  deadline: Date;
  finishedAt?: Date;
  /** The answer exactly as the worker's crowd-form built it (`answerContent`). */
  answer?: unknown;
}

/** What a claim request may narrow down: one job, or any the worker's teams can work on. */
export interface ClaimRequest {
  workerId: string;
  /** Job name (any case) in `region`; omitted: the oldest job with work for this worker. */
  jobName?: string;
  region?: string;
}
