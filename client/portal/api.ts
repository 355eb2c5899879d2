/** The testing/admin API, as the portal uses it. */
export interface WorkerView {
  id: string;
  displayName: string;
  groups: string[];
}

export interface TaskView {
  id: string;
  jobName: string;
  region: string;
  datasetObjectId: string;
  state: string;
  deadline: string;
}

export interface JobView {
  name: string;
  status: string;
  title: string;
  description: string;
  counters: {
    totalLabeled: number;
    humanLabeled: number;
    machineLabeled: number;
    failedNonRetryableError: number;
    unlabeled: number;
  };
}

export class ApiError extends Error {}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`/_gt/api${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const payload = (await response.json()) as T & { error?: { message: string } };
  if (!response.ok) throw new ApiError(payload.error?.message ?? `HTTP ${String(response.status)}`);
  return payload;
}

export const listWorkers = async (): Promise<WorkerView[]> =>
  (await call<{ workers: WorkerView[] }>("GET", "/workers")).workers;

export const claimTask = async (workerId: string, jobName?: string): Promise<TaskView | null> =>
  (
    await call<{ task: TaskView | null }>("POST", "/tasks/claim", {
      workerId,
      ...(jobName ? { jobName } : {}),
    })
  ).task;

export const getTask = async (taskId: string, workerId: string): Promise<TaskView> =>
  (
    await call<{ task: TaskView }>(
      "GET",
      `/tasks/${encodeURIComponent(taskId)}?workerId=${encodeURIComponent(workerId)}`,
    )
  ).task;

export const submitTask = (taskId: string, workerId: string, answer: unknown): Promise<unknown> =>
  call("POST", `/tasks/${encodeURIComponent(taskId)}/submit`, { workerId, answer });

export const giveBack = (taskId: string, workerId: string, how: "decline" | "release"): Promise<unknown> =>
  call("POST", `/tasks/${encodeURIComponent(taskId)}/${how}`, { workerId });

export const listJobs = async (workerId: string): Promise<JobView[]> =>
  (await call<{ jobs: JobView[] }>("GET", `/jobs?workerId=${encodeURIComponent(workerId)}`)).jobs;
