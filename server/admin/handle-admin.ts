import { IttyRouter } from "itty-router";
import { GtError, notFound } from "../../emulator/errors.js";
import { closeIfAbandoned } from "../http/bounded-body.js";
import { ADMIN_BASE, type AdminContext, type AdminRequest, type AdminRouter } from "./admin-context.js";
import { errorJson } from "./admin-json.js";
import { addClockRoutes } from "./clock-routes.js";
import { addDashboardRoutes } from "./dashboard-routes.js";
import { addJobRoutes } from "./job-routes.js";
import { addResetRoutes } from "./reset-routes.js";
import { addStateRoutes } from "./state-routes.js";
import { addSimulationRoutes } from "./simulation-routes.js";
import { addTaskRoutes } from "./task-routes.js";
import { addWorkerRoutes } from "./worker-routes.js";

/*
 * The testing/admin API under /_gt/api/ as a Fetch function (Request in, Response out), so express
 * and msw mount the very same code. JSON in and out; the routes are listed in the README
 * ("Testing and admin API").
 *
 * By design: this is gt-local's own API, not AWS's, so it speaks plain REST: HTTP statuses carry
 * the error class (400, 403, 404, 409), the body `{"error": {"code", "message"}}` carries the core's
 * GtError code; timestamps are ISO-8601. Unknown body fields are refused (a typo in a test script
 * should fail loudly), unlike the AWS protocols, which ignore them as AWS does.
 * Gaps: this is the operator's API: it sees every worker's tasks and answers. Without
 * --admin-token or --portal-password, whoever reaches the port can act as every worker (gt-local
 * binds to loopback by default); with them, the bearer token or the /_gt/login session is required
 * (checked before this function is called).
 */
const router: AdminRouter = IttyRouter<AdminRequest, [AdminContext], Response | undefined>();
addWorkerRoutes(router);
addTaskRoutes(router);
addJobRoutes(router);
addClockRoutes(router);
addResetRoutes(router);
addStateRoutes(router);
addSimulationRoutes(router);
addDashboardRoutes(router);

/** Every registered route as `METHOD /path` below the API's base, for the schema check. */
export const registeredAdminRoutes = (): string[] =>
  router.routes.map(([method, , , path]) => `${method} ${(path ?? "").slice(ADMIN_BASE.length)}`);

export async function handleAdmin(request: Request, context: AdminContext): Promise<Response> {
  let response: Response;
  try {
    // 1. Route by method and path to one small handler (workers, tasks, clock, reset); each reads
    //    and checks its JSON body, makes one call into the core and answers JSON.
    // 2. No route: 404, naming what was asked for.
    response = (await router.fetch(request, context)) ?? unknownRoute(request);
  } catch (error) {
    // 3. Errors are serialized once; anything that is not a GtError is our bug (500).
    if (!(error instanceof GtError)) context.onInternalError?.(error);
    // An over-size body left unread closes the connection rather than being read to its end.
    response = closeIfAbandoned(request, errorJson(error));
  }
  response.headers.set("x-request-id", context.requestId);
  return response;
}

function unknownRoute(request: Request): Response {
  const { pathname } = new URL(request.url);
  return errorJson(
    notFound(
      `The admin API has no route ${request.method} ${pathname}. See the README, "Testing and admin API".`,
    ),
  );
}
