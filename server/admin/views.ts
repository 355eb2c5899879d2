import type { Task } from "../../emulator/engine/task.js";
import { awsWorkerId, type Worker } from "../../emulator/workers/worker.js";
import type { AdminTask, AdminWorker } from "./admin-api.js";

/**
 * Where the worker portal shows a task (`/_gt/portal/tasks/<id>`), on the origin the client used.
 * `origin` is a serialized http(s) origin (`originOf`), so appending an absolute path of URL-safe
 * characters gives what `new URL(path, origin).href` would, without parsing a URL for every claim
 * and submit.
 */
export const renderUrlOf = (taskId: string, origin: string): string =>
  `${origin}/_gt/portal/tasks/${encodeURIComponent(taskId)}`;

/** The origin a client used, as a Fetch Request's URL gives it. */
export const originOf = (request: Request): string => new URL(request.url).origin;

/** A worker as the admin API shows it, with the id AWS writes into worker-response files. */
export function workerView(worker: Worker, region: string): AdminWorker {
  return {
    id: worker.id,
    awsWorkerId: awsWorkerId(region, worker),
    displayName: worker.displayName,
    email: worker.email,
    groups: worker.groups,
    createdAt: worker.createdAt.toISOString(),
  };
}

/**
 * A task as the admin API shows it; `finishedAt` and `answer` appear once they exist. `origin` is
 * where the client reached gt-local (`originOf`), for the portal link.
 */
export function taskView(task: Task, origin: string): AdminTask {
  return {
    id: task.id,
    jobName: task.jobName,
    jobArn: task.jobArn,
    region: task.region,
    datasetObjectId: task.datasetObjectId,
    workerId: task.workerId,
    state: task.state,
    taskInput: task.taskInput,
    claimedAt: task.claimedAt.toISOString(),
    deadline: task.deadline.toISOString(),
    ...(task.finishedAt ? { finishedAt: task.finishedAt.toISOString() } : {}),
    ...("answer" in task ? { answer: task.answer } : {}),
    renderUrl: renderUrlOf(task.id, origin),
  };
}
