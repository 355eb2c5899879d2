import { AdminApiError, GtLocalAdmin, type AdminTask } from "../../../server/programmatic/admin-client.js";
import { fnv1a32 } from "../../../emulator/simulation/seeded-random.js";

export const LABELS = ["Sports", "News", "Music"] as const;

/** The answer a worker gives an object: fixed by the pair, so a retry gives the same one. */
export function answerFor(workerId: string, objectId: string): { "crowd-classifier": { label: string } } {
  const label = LABELS[fnv1a32(`${workerId}/${objectId}`) % LABELS.length] ?? "Sports";
  return { "crowd-classifier": { label } };
}

/** A claim or submit the server acknowledged with a 2xx. */
export interface Acknowledged {
  taskId: string;
  workerId: string;
  objectId: string;
  answer?: unknown;
}

/** What the workers saw: every acknowledged claim and answer, and every answer that was not 2xx. */
export class WorkLog {
  readonly claims = new Map<string, Acknowledged>();
  readonly answers: Acknowledged[] = [];
  /** Error answers nobody expected (a 500, a refused submit of a task the worker holds...). */
  readonly unexpected: string[] = [];
  /** Requests that got no HTTP answer at all: the server was gone (expected only around a crash). */
  readonly disconnects: string[] = [];
  private readonly listeners = new Set<() => void>();

  claimed(task: AdminTask): void {
    this.claims.set(task.id, { taskId: task.id, workerId: task.workerId, objectId: task.datasetObjectId });
  }

  answered(entry: Acknowledged): void {
    this.answers.push(entry);
    for (const listener of this.listeners) listener();
  }

  /** Resolves once `count` answers in all have been acknowledged. */
  untilAnswers(count: number, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (this.answers.length < count) return;
        this.listeners.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(
          new Error(
            `only ${String(this.answers.length)} of ${String(count)} answers came within ${String(timeoutMs)} ms`,
          ),
        );
      }, timeoutMs);
      this.listeners.add(check);
      check();
    });
  }
}

/** What a worker does with a task it claimed. */
export type TaskChoice = "submit" | "release" | "decline";

export interface WorkerPlan {
  admin: GtLocalAdmin;
  workerId: string;
  jobName: string;
  log: WorkLog;
  /** Checked before every claim: the worker stops once it says so. */
  done: () => boolean;
  /** Default: always submit. */
  choose?: (task: AdminTask) => TaskChoice;
  /** Error answers that are part of the scenario (a lapsed time limit, say); others are logged. */
  expected?: (error: AdminApiError) => boolean;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One worker as a person at the portal acts: claim the next task, answer it (or hand it back),
 * again, through the testing API over HTTP. A request that fails without an HTTP answer means the
 * server is gone (a crash): the worker stops, and what it sent last counts as unacknowledged.
 */
export async function runWorker(plan: WorkerPlan): Promise<void> {
  const { admin, workerId, jobName, log } = plan;
  while (!plan.done()) {
    try {
      const task = await admin.claimTask(workerId, jobName);
      if (!task) {
        await pause(15);
        continue;
      }
      log.claimed(task);
      const choice = plan.choose?.(task) ?? "submit";
      if (choice === "release") await admin.releaseTask(task.id, workerId);
      else if (choice === "decline") await admin.declineTask(task.id, workerId);
      else {
        const answer = answerFor(workerId, task.datasetObjectId);
        await admin.submitAnswer(task.id, workerId, answer);
        log.answered({ taskId: task.id, workerId, objectId: task.datasetObjectId, answer });
      }
    } catch (error) {
      if (!(error instanceof AdminApiError)) {
        log.disconnects.push(`${workerId}: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
      if (!(plan.expected?.(error) ?? false)) {
        log.unexpected.push(`${workerId}: ${String(error.status)} ${error.code}: ${error.message}`);
      }
    }
  }
}
