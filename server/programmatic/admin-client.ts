import {
  splitRouteName,
  type AdminWireAnswer,
  type AdminBody,
  type AdminRouteName,
  type AdminSimulation,
  type AdminTask,
  type AdminWorker,
  type AdminWorkerJob,
  type LabelingJobStatus,
  type PathParams,
  type ResetTarget,
} from "../admin/admin-api.js";
import type { SimulationPolicy } from "../../emulator/simulation/policy.js";
import type { StateSummary } from "../../emulator/state/state-format.js";
import { waitForStatus } from "./wait-for-status.js";

export type {
  AdminSimulation,
  AdminTask,
  AdminWorker,
  AdminWorkerJob,
  LabelingJobStatus,
  ResetTarget,
} from "../admin/admin-api.js";

/** An error answer of the admin API: its HTTP status and gt-local's error code. */
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

interface CallOptions<R extends AdminRouteName> {
  params?: PathParams<R>;
  body?: AdminBody<R>;
  query?: Record<string, string | undefined>;
}

/**
 * A typed client for gt-local's testing/admin API (`/_gt/api`), for tests that drive workers and
 * time: plain fetch, no SDK needed. Every call names its route in the API's schema
 * (server/admin/admin-api.ts), which types its body and answer; the README lists the same routes.
 */
export class GtLocalAdmin {
  readonly #headers: Record<string, string>;

  /**
   * `options.token`: the server's `--admin-token`, sent as `Authorization: Bearer <token>` on
   * every call (the API answers 401 without it when the server has one).
   */
  constructor(
    private readonly endpoint: string,
    private readonly region = "us-east-1",
    options: { token?: string } = {},
  ) {
    this.#headers = options.token === undefined ? {} : { authorization: `Bearer ${options.token}` };
  }

  private async call<R extends AdminRouteName>(
    route: R,
    options: CallOptions<R> = {},
  ): Promise<AdminWireAnswer<R>> {
    const { method, path } = splitRouteName(route);
    const params: Partial<Record<string, string>> = options.params ?? {};
    const filled = path.replace(/:(\w+)/gu, (_match, name: string) => encodeURIComponent(params[name] ?? ""));
    const query = new URLSearchParams(
      Object.entries(options.query ?? {}).filter(
        (entry): entry is [string, string] => entry[1] !== undefined,
      ),
    ).toString();
    const response = await fetch(`${this.endpoint}/_gt/api${filled}${query ? `?${query}` : ""}`, {
      method,
      ...(options.body === undefined
        ? { headers: this.#headers }
        : {
            headers: { ...this.#headers, "content-type": "application/json" },
            body: JSON.stringify(options.body),
          }),
    });
    const payload = (await response.json()) as AdminWireAnswer<R> & {
      error?: { code: string; message: string };
    };
    if (!response.ok) {
      throw new AdminApiError(
        response.status,
        payload.error?.code ?? "Error",
        payload.error?.message ?? response.statusText,
      );
    }
    return payload;
  }

  async createWorker(worker: AdminBody<"POST /workers">): Promise<AdminWorker> {
    return (await this.call("POST /workers", { body: worker })).worker;
  }

  async listWorkers(): Promise<AdminWorker[]> {
    return (await this.call("GET /workers")).workers;
  }

  async getWorker(workerId: string): Promise<AdminWorker> {
    return (await this.call("GET /workers/:workerId", { params: { workerId } })).worker;
  }

  /** The jobs in progress that the worker's teams work on (the portal's home page). */
  async jobsFor(workerId: string): Promise<AdminWorkerJob[]> {
    return (await this.call("GET /jobs", { query: { workerId, region: this.region } })).jobs;
  }

  /** The worker's next task (in one job, or any), or null when there is no work. */
  async claimTask(workerId: string, jobName?: string): Promise<AdminTask | null> {
    const body = { workerId, region: this.region, ...(jobName === undefined ? {} : { jobName }) };
    return (await this.call("POST /tasks/claim", { body })).task;
  }

  /** A task; with `workerId`, only if it is that worker's (403 otherwise). */
  async getTask(taskId: string, workerId?: string): Promise<AdminTask> {
    return (await this.call("GET /tasks/:taskId", { params: { taskId }, query: { workerId } })).task;
  }

  /** Submits the JSON a crowd-form would, e.g. `{"crowd-classifier": {"label": "Sports"}}`. */
  async submitAnswer(taskId: string, workerId: string, answer: unknown): Promise<AdminTask> {
    return (await this.call("POST /tasks/:taskId/submit", { params: { taskId }, body: { workerId, answer } }))
      .task;
  }

  async declineTask(taskId: string, workerId: string): Promise<AdminTask> {
    return (await this.call("POST /tasks/:taskId/decline", { params: { taskId }, body: { workerId } })).task;
  }

  async releaseTask(taskId: string, workerId: string): Promise<AdminTask> {
    return (await this.call("POST /tasks/:taskId/release", { params: { taskId }, body: { workerId } })).task;
  }

  /**
   * Lets simulated workers answer the job through the same claims and submits as people (README,
   * "Simulated workers"); replaces the simulation the job already has.
   */
  async simulate(jobName: string, policy: SimulationPolicy = {}): Promise<AdminSimulation> {
    const body = { ...policy, region: this.region };
    return (await this.call("POST /jobs/:jobName/simulate", { params: { jobName }, body })).simulation;
  }

  /** What the job's simulated workers have done: answers in order, and anything refused. */
  async simulation(jobName: string): Promise<AdminSimulation> {
    const options = { params: { jobName }, query: { region: this.region } };
    return (await this.call("GET /jobs/:jobName/simulate", options)).simulation;
  }

  /** Stops the job's simulated workers; their answers so far stay. */
  async stopSimulation(jobName: string): Promise<AdminSimulation> {
    const options = { params: { jobName }, query: { region: this.region } };
    return (await this.call("DELETE /jobs/:jobName/simulate", options)).simulation;
  }

  /** The server's time, and whether it is a manual clock that `advanceClock` can move. */
  async clock(): Promise<{ now: Date; manual: boolean }> {
    const { now, manual } = await this.call("GET /clock");
    return { now: new Date(now), manual };
  }

  /** Moves a `--manual-clock` server's time forward; the effects are visible when this resolves. */
  async advanceClock(seconds: number): Promise<Date> {
    return new Date((await this.call("POST /clock/advance", { body: { seconds } })).now);
  }

  /**
   * Back to the seed state if there is one, else to empty; `{ to: "empty" }` forces empty,
   * `{ to: "seed" }` fails when there is no seed. Resolves with where it went.
   */
  async reset(options: { to?: ResetTarget } = {}): Promise<ResetTarget> {
    return (await this.call("POST /reset", { body: options })).to;
  }

  /** Writes the whole state to `dir`, a folder on the server's machine (relative: its working dir). */
  async exportState(dir: string): Promise<StateSummary> {
    return (await this.call("POST /state/export", { body: { dir } })).exported;
  }

  /** Replaces the whole state with the export in `dir`; InProgress jobs carry on. */
  async importState(dir: string): Promise<StateSummary> {
    return (await this.call("POST /state/import", { body: { dir } })).imported;
  }

  /** Makes the current state the seed that `reset()` returns to. */
  async saveSeed(): Promise<StateSummary> {
    return (await this.call("POST /state/seed", { body: {} })).seed;
  }

  /** Every job of every region with its status and counters (the dashboard's list). */
  async dashboardJobs(): Promise<AdminWireAnswer<"GET /dashboard/jobs">["jobs"]> {
    return (await this.call("GET /dashboard/jobs")).jobs;
  }

  /** A job's statistics, a page of its objects and of its output manifest (the dashboard's page). */
  async dashboardJob(
    jobName: string,
    page: { offset?: number; limit?: number } = {},
  ): Promise<AdminWireAnswer<"GET /dashboard/jobs/:jobName">> {
    const query = {
      region: this.region,
      offset: page.offset?.toString(),
      limit: page.limit?.toString(),
    };
    return this.call("GET /dashboard/jobs/:jobName", { params: { jobName }, query });
  }

  /**
   * Resolves when the job reaches `status` (at once if it has): it listens to the server's job
   * events rather than polling. Rejects if the job ends in another status or `timeoutMs` passes.
   */
  waitFor(jobName: string, status: LabelingJobStatus, timeoutMs = 30_000): Promise<void> {
    return waitForStatus(this.endpoint, jobName, status, timeoutMs, {
      region: this.region,
      headers: this.#headers,
    });
  }
}
