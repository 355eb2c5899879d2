import type { AdminRouter } from "./admin-context.js";
import { addRoute } from "./admin-route.js";
import { readJsonObject, requiredString } from "./request-body.js";

/**
 * State between tests: export the whole state (jobs, tasks, workers, teams, buckets and objects)
 * to a folder, import one back, or make the current state the seed a reset returns to.
 *
 * By design: `dir` is a path on the server's machine (gt-local is a local tool), and a relative
 * path resolves against the server's working directory. Export refuses a folder that is neither
 * empty nor a previous export, so no file of the user's is ever deleted.
 */
export function addStateRoutes(router: AdminRouter): void {
  addRoute(router, "POST /state/export", async (request, { emulator }) => {
    const body = await readJsonObject(request, ["dir"]);
    return { exported: await emulator.state.exportTo(requiredString(body, "dir")) };
  });

  addRoute(router, "POST /state/import", async (request, { emulator }) => {
    const body = await readJsonObject(request, ["dir"]);
    return { imported: await emulator.state.importFrom(requiredString(body, "dir")) };
  });

  addRoute(router, "POST /state/seed", async (request, { emulator }) => {
    await readJsonObject(request, []);
    return { seed: await emulator.state.saveSeed() };
  });
}
