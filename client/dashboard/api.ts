import type { AdminWireAnswer } from "../../server/admin/admin-api.js";

/*
 * The dashboard's view of the admin API (`/_gt/api/dashboard/...`): the answers' types come from
 * the API's schema (server/admin/admin-api.ts), as they arrive after JSON (dates as ISO strings).
 */
export type JobDetail = AdminWireAnswer<"GET /dashboard/jobs/:jobName">;
export type JobOverview = AdminWireAnswer<"GET /dashboard/jobs">["jobs"][number];
export type Counters = JobOverview["counters"];
export type LabelCount = JobDetail["stats"]["distribution"]["labels"][number];
export type AlphaResult = JobDetail["stats"]["alpha"];
export type AgreementBin = JobDetail["stats"]["agreement"]["histogram"][number];
export type WorkerRow = JobDetail["stats"]["workers"][number];
export type GalleryItem = JobDetail["gallery"]["items"][number];
export type ManifestPage = NonNullable<JobDetail["manifest"]>;

export class ApiError extends Error {}

async function get<T>(path: string): Promise<T> {
  const response = await fetch(`/_gt/api${path}`, { headers: { accept: "application/json" } });
  const payload = (await response.json()) as T & { error?: { message: string } };
  if (!response.ok) throw new ApiError(payload.error?.message ?? `HTTP ${String(response.status)}`);
  return payload;
}

export const listJobs = async (): Promise<JobOverview[]> =>
  (await get<{ jobs: JobOverview[] }>("/dashboard/jobs")).jobs;

export const jobDetail = (name: string, region: string, limit: number): Promise<JobDetail> =>
  get<JobDetail>(
    `/dashboard/jobs/${encodeURIComponent(name)}?region=${encodeURIComponent(region)}&limit=${String(limit)}`,
  );
