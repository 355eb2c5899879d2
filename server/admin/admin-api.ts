import type { LabelCounters } from "../../emulator/jobs/labeling-job.js";
import type { SimulationPolicy } from "../../emulator/simulation/policy.js";
import type { StateSummary } from "../../emulator/state/state-format.js";
import type { DashboardService } from "../../emulator/stats/dashboard-service.js";

/*
 * The testing/admin API's schema: every route with its request body and its answer. The server
 * registers its routes from this table (admin-route.ts) and types each handler's answer with it;
 * the typed client (server/programmatic/admin-client.ts) types its calls with it. So the routes,
 * the answers and the client cannot drift apart without the compiler saying so, and
 * admin-api.test.ts checks that the router, this table and the README's table list the same routes.
 */

export interface AdminWorker {
  id: string;
  /** The id AWS writes into worker-response files: `private.<region>.<id>`. */
  awsWorkerId: string;
  displayName: string;
  email: string;
  groups: string[];
  createdAt: string;
}

export type TaskState = "claimed" | "submitted" | "declined" | "released" | "timed-out" | "cancelled";

export interface AdminTask {
  id: string;
  jobName: string;
  jobArn: string;
  region: string;
  datasetObjectId: string;
  workerId: string;
  state: TaskState;
  /** What the template sees as `task.input`. */
  taskInput: unknown;
  claimedAt: string;
  deadline: string;
  finishedAt?: string;
  answer?: unknown;
  /** Where the worker portal shows the task, on the host the client called. */
  renderUrl: string;
}

export type LabelingJobStatus =
  "Initializing" | "InProgress" | "Completed" | "Failed" | "Stopping" | "Stopped";

/** A job a worker's teams work on (the portal's home page). */
export interface AdminWorkerJob {
  name: string;
  region: string;
  status: LabelingJobStatus;
  title: string;
  description: string;
  counters: LabelCounters;
  createdAt: string;
}

/** What a simulated workforce did so far (`admin.simulate`, `admin.simulation`). */
export interface AdminSimulation {
  jobName: string;
  jobArn: string;
  region: string;
  /** `finished` once the job ended; `refused` when the server option's policy did not fit the job. */
  status: "running" | "stopped" | "finished" | "refused";
  policy: SimulationPolicy;
  workers: { id: string; answered: number }[];
  /** In submission order. */
  answers: { workerId: string; datasetObjectId: string; answer: unknown; scripted: boolean; at: string }[];
  /** Answers the job refused (with the check's message), truths that could not be found. */
  errors: { workerId?: string; datasetObjectId?: string; message: string; at: string }[];
}

export type ResetTarget = "seed" | "empty";

/** A route's request body and answer; `NoBody`: the route reads none (an empty object is fine). */
interface Route<Body, Answer> {
  body: Body;
  answer: Answer;
}
type NoBody = Record<string, never>;

export interface AdminApi {
  "GET /workers": Route<NoBody, { workers: AdminWorker[] }>;
  "GET /workers/:workerId": Route<NoBody, { worker: AdminWorker }>;
  "POST /workers": Route<
    { displayName: string; id?: string; email?: string; groups?: string[] },
    { worker: AdminWorker }
  >;
  "POST /tasks/claim": Route<
    { workerId: string; jobName?: string; region?: string },
    { task: AdminTask | null }
  >;
  "GET /tasks/:taskId": Route<NoBody, { task: AdminTask }>;
  "POST /tasks/:taskId/submit": Route<{ workerId: string; answer: unknown }, { task: AdminTask }>;
  "POST /tasks/:taskId/decline": Route<{ workerId: string }, { task: AdminTask }>;
  "POST /tasks/:taskId/release": Route<{ workerId: string }, { task: AdminTask }>;
  "GET /jobs": Route<NoBody, { jobs: AdminWorkerJob[] }>;
  "POST /jobs/:jobName/simulate": Route<
    SimulationPolicy & { region?: string },
    { simulation: AdminSimulation }
  >;
  "GET /jobs/:jobName/simulate": Route<NoBody, { simulation: AdminSimulation }>;
  "DELETE /jobs/:jobName/simulate": Route<NoBody, { simulation: AdminSimulation }>;
  "GET /clock": Route<NoBody, { now: string; manual: boolean }>;
  "POST /clock/advance": Route<{ seconds: number } | { milliseconds: number }, { now: string }>;
  "POST /reset": Route<{ to?: ResetTarget }, { reset: true; to: ResetTarget }>;
  "POST /state/export": Route<{ dir: string }, { exported: StateSummary }>;
  "POST /state/import": Route<{ dir: string }, { imported: StateSummary }>;
  "POST /state/seed": Route<NoBody, { seed: StateSummary }>;
  "GET /dashboard/jobs": Route<NoBody, { jobs: ReturnType<DashboardService["listJobs"]> }>;
  "GET /dashboard/jobs/:jobName": Route<NoBody, Awaited<ReturnType<DashboardService["jobDetail"]>>>;
}

export type AdminRouteName = keyof AdminApi;
export type AdminBody<R extends AdminRouteName> = AdminApi[R]["body"];
/** What a handler returns (Dates allowed: they go out as ISO-8601 strings). */
export type AdminAnswer<R extends AdminRouteName> = AdminApi[R]["answer"];
/** What a client receives: the answer after JSON. */
export type AdminWireAnswer<R extends AdminRouteName> = Json<AdminAnswer<R>>;

/** What `JSON.stringify` then `JSON.parse` make of a value: Dates become ISO-8601 strings. */
export type Json<T> = T extends Date
  ? string
  : T extends (infer Item)[]
    ? Json<Item>[]
    : T extends object
      ? { [Key in keyof T]: Json<T[Key]> }
      : T;

/**
 * Every route once, with the HTTP status of its answer when it is not 200. `satisfies` makes the
 * compiler refuse a route missing here or one the schema does not know.
 */
export const ADMIN_ROUTES = {
  "GET /workers": {},
  "GET /workers/:workerId": {},
  "POST /workers": { status: 201 },
  "POST /tasks/claim": {},
  "GET /tasks/:taskId": {},
  "POST /tasks/:taskId/submit": {},
  "POST /tasks/:taskId/decline": {},
  "POST /tasks/:taskId/release": {},
  "GET /jobs": {},
  "POST /jobs/:jobName/simulate": {},
  "GET /jobs/:jobName/simulate": {},
  "DELETE /jobs/:jobName/simulate": {},
  "GET /clock": {},
  "POST /clock/advance": {},
  "POST /reset": {},
  "POST /state/export": {},
  "POST /state/import": {},
  "POST /state/seed": {},
  "GET /dashboard/jobs": {},
  "GET /dashboard/jobs/:jobName": {},
} as const satisfies Record<AdminRouteName, { status?: number }>;

/** `"POST /tasks/:taskId/submit"` → `{ taskId: string }`: the path parameters a route needs. */
type ParamNames<R extends string> = R extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : R extends `${string}:${infer Name}`
    ? Name
    : never;
export type PathParams<R extends string> = { [Name in ParamNames<R>]: string };

export function splitRouteName(route: AdminRouteName): { method: string; path: string } {
  const [method = "", path = ""] = route.split(" ");
  return { method, path };
}
