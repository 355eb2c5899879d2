import type { AdminRouter } from "./admin-context.js";
import { addRoute } from "./admin-route.js";
import { validationError } from "../../emulator/errors.js";

/**
 * `GET /_gt/api/jobs?workerId=<id>[&region=]`: the jobs in progress this worker's teams work on,
 * with their counters, for the portal's home page.
 */
export function addJobRoutes(router: AdminRouter): void {
  addRoute(router, "GET /jobs", (request, { emulator }) => {
    const { workerId, region } = request.query;
    if (typeof workerId !== "string" || workerId === "")
      throw validationError('"workerId" is required in the query string.');
    const jobs = emulator.tasks.jobsFor(
      workerId,
      typeof region === "string" && region !== "" ? region : undefined,
    );
    return {
      jobs: jobs.map((job) => ({
        name: job.name,
        region: job.region,
        status: job.status,
        title: job.spec.humanTask.taskTitle,
        description: job.spec.humanTask.taskDescription,
        counters: job.counters,
        createdAt: job.creationTime.toISOString(),
      })),
    };
  });
}
