import { ADMIN_BASE, type AdminRouter } from "./admin-context.js";
import { json } from "./admin-json.js";
import { readJsonObject } from "./request-body.js";

/**
 * Back to a fresh start between tests: every job, task, worker, team, workforce, tag, bucket and
 * object is gone; the default worker is back at once and each region's default workforce and team
 * at its next request. The clock is left where it is.
 */
export function addResetRoutes(router: AdminRouter): void {
  router.post(`${ADMIN_BASE}/reset`, async (request, { emulator }) => {
    await readJsonObject(request, []);
    await emulator.reset();
    return json({ reset: true });
  });
}
