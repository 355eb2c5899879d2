/**
 * A typed client for gt-local's testing/admin API (`/_gt/api`), for tests that drive workers and
 * time: plain fetch, no SDK needed. Every method maps to one route documented in the README.
 */
export interface AdminWorker {
  id: string;
  awsWorkerId: string;
  displayName: string;
  email: string;
  groups: string[];
}

export interface AdminTask {
  id: string;
  jobName: string;
  jobArn: string;
  region: string;
  datasetObjectId: string;
  workerId: string;
  state: "claimed" | "submitted" | "declined" | "released" | "timed-out" | "cancelled";
  taskInput: unknown;
  claimedAt: string;
  deadline: string;
  finishedAt?: string;
  answer?: unknown;
  renderUrl: string;
}

export type LabelingJobStatus =
  "Initializing" | "InProgress" | "Completed" | "Failed" | "Stopping" | "Stopped";

export class AdminApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

const TERMINAL: ReadonlySet<LabelingJobStatus> = new Set(["Completed", "Failed", "Stopped"]);

export class GtLocalAdmin {
  constructor(
    private readonly endpoint: string,
    private readonly region = "us-east-1",
  ) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.endpoint}/_gt/api${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
    });
    const payload = (await response.json()) as T & { error?: { code: string; message: string } };
    if (!response.ok) {
      throw new AdminApiError(
        response.status,
        payload.error?.code ?? "Error",
        payload.error?.message ?? response.statusText,
      );
    }
    return payload;
  }

  async createWorker(worker: {
    displayName: string;
    id?: string;
    email?: string;
    groups?: string[];
  }): Promise<AdminWorker> {
    return (await this.call<{ worker: AdminWorker }>("POST", "/workers", worker)).worker;
  }

  async listWorkers(): Promise<AdminWorker[]> {
    return (await this.call<{ workers: AdminWorker[] }>("GET", "/workers")).workers;
  }

  /** The worker's next task (in one job, or any), or null when there is no work. */
  async claimTask(workerId: string, jobName?: string): Promise<AdminTask | null> {
    const body = { workerId, region: this.region, ...(jobName === undefined ? {} : { jobName }) };
    return (await this.call<{ task: AdminTask | null }>("POST", "/tasks/claim", body)).task;
  }

  async getTask(taskId: string): Promise<AdminTask> {
    return (await this.call<{ task: AdminTask }>("GET", `/tasks/${encodeURIComponent(taskId)}`)).task;
  }

  /** Submits the JSON a crowd-form would, e.g. `{"crowd-classifier": {"label": "Sports"}}`. */
  async submitAnswer(taskId: string, workerId: string, answer: unknown): Promise<AdminTask> {
    const path = `/tasks/${encodeURIComponent(taskId)}/submit`;
    return (await this.call<{ task: AdminTask }>("POST", path, { workerId, answer })).task;
  }

  async declineTask(taskId: string, workerId: string): Promise<AdminTask> {
    return (
      await this.call<{ task: AdminTask }>("POST", `/tasks/${encodeURIComponent(taskId)}/decline`, {
        workerId,
      })
    ).task;
  }

  async releaseTask(taskId: string, workerId: string): Promise<AdminTask> {
    return (
      await this.call<{ task: AdminTask }>("POST", `/tasks/${encodeURIComponent(taskId)}/release`, {
        workerId,
      })
    ).task;
  }

  /** Moves a `--manual-clock` server's time forward; the effects are visible when this resolves. */
  async advanceClock(seconds: number): Promise<Date> {
    return new Date((await this.call<{ now: string }>("POST", "/clock/advance", { seconds })).now);
  }

  async reset(): Promise<void> {
    await this.call("POST", "/reset", {});
  }

  /**
   * Resolves when the job reaches `status` (at once if it has): it listens to the server's job
   * events rather than polling. Rejects if the job ends in another status or `timeoutMs` passes.
   */
  async waitFor(jobName: string, status: LabelingJobStatus, timeoutMs = 30_000): Promise<void> {
    const abort = new AbortController();
    const timer = setTimeout(() => {
      abort.abort();
    }, timeoutMs);
    try {
      // Subscribe first, then look: a change between the two is not missed.
      const events = await fetch(`${this.endpoint}/_gt/api/events`, { signal: abort.signal });
      const current = await this.statusOf(jobName);
      if (current === status) return;
      if (TERMINAL.has(current)) throw new Error(`Labeling job ${jobName} ended ${current}, not ${status}`);
      const reader = events.body?.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const chunk = await reader?.read();
        if (!chunk || chunk.done) throw new Error(`The event stream closed before ${jobName} was ${status}`);
        buffer += chunk.value;
        const blocks = buffer.split("\n\n");
        buffer = blocks.pop() ?? "";
        for (const block of blocks) {
          const data = /^data: (.*)$/mu.exec(block)?.[1];
          if (data === undefined) continue;
          const event = JSON.parse(data) as {
            resources: string[];
            detail: { LabelingJobStatus: LabelingJobStatus };
          };
          if (!event.resources.some((arn) => arn.endsWith(`/${jobName.toLowerCase()}`))) continue;
          const reached = event.detail.LabelingJobStatus;
          if (reached === status) return;
          if (TERMINAL.has(reached))
            throw new Error(`Labeling job ${jobName} ended ${reached}, not ${status}`);
        }
      }
    } catch (error) {
      if (abort.signal.aborted) {
        throw new Error(`Labeling job ${jobName} was not ${status} within ${String(timeoutMs)} ms`, {
          cause: error,
        });
      }
      throw error;
    } finally {
      clearTimeout(timer);
      abort.abort();
    }
  }

  /** DescribeLabelingJob over the SageMaker wire (unsigned requests use the server's region). */
  private async statusOf(jobName: string): Promise<LabelingJobStatus> {
    const response = await fetch(`${this.endpoint}/`, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "SageMaker.DescribeLabelingJob",
      },
      body: JSON.stringify({ LabelingJobName: jobName }),
    });
    const body = (await response.json()) as { LabelingJobStatus?: LabelingJobStatus; message?: string };
    if (!response.ok || body.LabelingJobStatus === undefined)
      throw new Error(body.message ?? `HTTP ${String(response.status)}`);
    return body.LabelingJobStatus;
  }
}
