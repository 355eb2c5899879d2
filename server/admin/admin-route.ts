import { ADMIN_BASE, type AdminContext, type AdminRequest, type AdminRouter } from "./admin-context.js";
import { ADMIN_ROUTES, splitRouteName, type AdminAnswer, type AdminRouteName } from "./admin-api.js";
import { json } from "./admin-json.js";

/** A route's handler: the matched request and the context in, the schema's answer out. */
export type AdminHandler<R extends AdminRouteName> = (
  request: AdminRequest,
  context: AdminContext,
) => Promise<AdminAnswer<R>> | AdminAnswer<R>;

const METHODS = { GET: "get", POST: "post", DELETE: "delete" } as const;

/**
 * Registers one route of the schema (admin-api.ts): its method and path come from its name, its
 * answer is typed by the schema and sent as JSON with the schema's status.
 */
export function addRoute<R extends AdminRouteName>(
  router: AdminRouter,
  route: R,
  handler: AdminHandler<R>,
): void {
  const { method, path } = splitRouteName(route);
  const register = router[METHODS[method as keyof typeof METHODS]];
  const entry: { status?: number } = ADMIN_ROUTES[route];
  register(`${ADMIN_BASE}${path}`, async (request: AdminRequest, context: AdminContext) =>
    json(await handler(request, context), entry.status ?? 200),
  );
}
