import { validationError } from "../../emulator/errors.js";
import type { ResetTarget } from "../../emulator/state/state-service.js";
import type { AdminRouter } from "./admin-context.js";
import { addRoute } from "./admin-route.js";
import { optionalString, readJsonObject } from "./request-body.js";

const TARGETS: readonly ResetTarget[] = ["seed", "empty"];

/**
 * Back to a known state between tests. With a seed state (`POST /_gt/api/state/seed`, or the
 * `--seed-state` folder) a reset returns to it; without one, or with `{"to": "empty"}`, to a fresh
 * start: every job, task, worker, team, workforce, tag, bucket and object is gone, the default
 * worker is back at once and each region's default workforce and team at its next request.
 * `{"to": "seed"}` insists on the seed. The clock is left where it is (a manual clock behind the
 * seed's time moves up to it).
 */
export function addResetRoutes(router: AdminRouter): void {
  addRoute(router, "POST /reset", async (request, { emulator }) => {
    const body = await readJsonObject(request, ["to"]);
    const to = optionalString(body, "to");
    if (to !== undefined && !isResetTarget(to)) {
      throw validationError(`"to" must be "seed" or "empty", not ${JSON.stringify(to)}.`);
    }
    return { reset: true, to: await emulator.state.reset(to) };
  });
}

const isResetTarget = (value: string): value is ResetTarget => (TARGETS as readonly string[]).includes(value);
