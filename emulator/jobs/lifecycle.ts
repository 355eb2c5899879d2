import { validationError } from "../errors.js";
import type { LabelingJob, LabelingJobStatus } from "./labeling-job.js";

/**
 * The job state machine. Each transition is named and guarded: it lists the states it may leave
 * from, so an impossible move (completing a stopped job, say) is a bug caught here, not a silent
 * overwrite.
 */
const TRANSITIONS = {
  start: { from: ["Initializing"], to: "InProgress" },
  complete: { from: ["InProgress"], to: "Completed" },
  fail: { from: ["Initializing", "InProgress", "Stopping"], to: "Failed" },
  requestStop: { from: ["Initializing", "InProgress"], to: "Stopping" },
  finishStop: { from: ["Stopping"], to: "Stopped" },
} as const satisfies Record<string, { from: readonly LabelingJobStatus[]; to: LabelingJobStatus }>;

export type TransitionName = keyof typeof TRANSITIONS;

export const TERMINAL_STATUSES: ReadonlySet<LabelingJobStatus> = new Set(["Completed", "Failed", "Stopped"]);

export function canTransition(job: LabelingJob, transition: TransitionName): boolean {
  return (TRANSITIONS[transition].from as readonly LabelingJobStatus[]).includes(job.status);
}

/** Returns the job in its new state; throws when the move is not allowed from the current one. */
export function transition(
  job: LabelingJob,
  name: TransitionName,
  at: Date,
  failureReason?: string,
): LabelingJob {
  if (!canTransition(job, name)) {
    throw new Error(`Labeling job ${job.name} cannot ${name} from status ${job.status}`);
  }
  const next: LabelingJob = { ...job, status: TRANSITIONS[name].to, lastModifiedTime: at };
  if (failureReason !== undefined) next.failureReason = failureReason.slice(0, 1024);
  return next;
}

/** StopLabelingJob on a job that already ended: AWS refuses with a validation error. */
export function assertStoppable(job: LabelingJob): void {
  if (TERMINAL_STATUSES.has(job.status)) {
    throw validationError(
      `The labeling job ${job.name} cannot be stopped because it is in status ${job.status}.`,
    );
  }
}
