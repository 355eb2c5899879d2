import type { Emulator } from "../../emulator/emulator.js";
import { validationError } from "../../emulator/errors.js";
import { DashboardService } from "../../emulator/stats/dashboard-service.js";
import type { AdminRequest, AdminRouter } from "./admin-context.js";
import { addRoute } from "./admin-route.js";
import { pathParam } from "./request-body.js";

/**
 * The dashboard's data (its pages live in client/dashboard/):
 * - `GET /_gt/api/dashboard/jobs`: every job of every region, with status and counters;
 * - `GET /_gt/api/dashboard/jobs/<name>[?region=&offset=&limit=]`: the job's statistics (label
 *   distribution, Krippendorff's alpha, per-object and per-worker agreement, throughput), a page
 *   of its objects for the gallery (presigned URLs the browser can load) and, once the job has one,
 *   the same page of its output manifest.
 * Read-only; the statistics are computed on each request from the engine's tables.
 */

/** One service per emulator: its prepared statements belong to that emulator's database. */
const services = new WeakMap<Emulator, DashboardService>();

function serviceFor(emulator: Emulator): DashboardService {
  let service = services.get(emulator);
  if (!service) {
    service = new DashboardService({
      db: emulator.db,
      jobs: emulator.jobs,
      store: emulator.objects,
      workers: emulator.workers,
      accountId: emulator.accountId,
    });
    services.set(emulator, service);
  }
  return service;
}

const DEFAULT_LIMIT = 48;
const MAX_LIMIT = 500;

export function addDashboardRoutes(router: AdminRouter): void {
  addRoute(router, "GET /dashboard/jobs", (_request, { emulator }) => ({
    jobs: serviceFor(emulator).listJobs(),
  }));

  addRoute(router, "GET /dashboard/jobs/:jobName", async (request, { emulator, defaultRegion }) => {
    const region = singleQuery(request, "region") ?? defaultRegion;
    const offset = integerQuery(request, "offset", 0, Number.MAX_SAFE_INTEGER) ?? 0;
    const limit = integerQuery(request, "limit", 1, MAX_LIMIT) ?? DEFAULT_LIMIT;
    const detail = await serviceFor(emulator).jobDetail(
      region,
      pathParam(request, "jobName"),
      { offset, limit },
      emulator.urlSigner,
    );
    return detail;
  });
}

/** A query parameter given at most once; an empty value counts as absent. */
function singleQuery(request: AdminRequest, name: string): string | undefined {
  const value = request.query[name];
  if (Array.isArray(value)) throw validationError(`Give "${name}" at most once in the query string.`);
  return value === undefined || value === "" ? undefined : value;
}

function integerQuery(request: AdminRequest, name: string, min: number, max: number): number | undefined {
  const text = singleQuery(request, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/u.test(text) || value < min || value > max) {
    throw validationError(
      `"${name}" must be a whole number from ${String(min)} to ${String(max)}, not ${JSON.stringify(text)}.`,
    );
  }
  return value;
}
