import express, { type Request as ExpressRequest, type Response as ExpressResponse } from "express";
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { Emulator } from "../emulator/emulator.js";
import { GtError } from "../emulator/errors.js";
import { scriptResponse } from "./portal/bundle-client.js";
import { crowdScriptResponse } from "./portal/crowd-script.js";
import { portalCss } from "./portal/portal-css.js";
import { portalPage } from "./portal/portal-page.js";
import { loginPage, type PortalAuth } from "./portal/portal-auth.js";
import { taskFrameResponse } from "./portal/task-frame.js";

type FetchHandler = (request: Request, requestId: string) => Promise<Response> | Response;

export interface PortalRouteDependencies {
  emulator: Emulator;
  auth: PortalAuth;
  /** Adapts a Fetch handler to node's request and response (server/app.ts). */
  mount: (handler: FetchHandler) => (req: IncomingMessage, res: ServerResponse) => void;
  adminAllowed: (req: IncomingMessage) => boolean;
  adminRefusal: () => Response;
  /** The Fetch entry point for whatever no page route takes. */
  answerGtLocal: (req: IncomingMessage, res: ServerResponse, rawTarget: string) => void;
}

/**
 * The pages under /_gt/ as express routes: the worker portal, the dashboard, the sign-in form and
 * their assets. Loaded with the first page request (server/app.ts), so a start does not load
 * express; whatever no route here takes goes on to the Fetch entry point.
 */
export function portalRoutes({
  emulator,
  auth,
  mount,
  adminAllowed,
  adminRefusal,
  answerGtLocal,
}: PortalRouteDependencies): RequestListener {
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);

  // With a portal password, pages and the testing API need a session; health, the login form and
  // the static assets it uses stay open.
  app.post(
    "/_gt/login",
    mount((request) => auth.login(request)),
  );
  const guard =
    (blocked: () => Response) =>
    (req: ExpressRequest, res: ExpressResponse, next: () => void): void => {
      if (auth.allows(req.headers.cookie)) next();
      else mount(blocked)(req, res);
    };
  // The testing API (reached here only in absolute form: `http://host/_gt/api/...`).
  app.use("/_gt/api", (req: ExpressRequest, res: ExpressResponse, next: () => void): void => {
    if (adminAllowed(req)) next();
    else mount(adminRefusal)(req, res);
  });
  app.use(
    ["/_gt/portal", "/_gt/preview"],
    guard(() => loginPage()),
  );
  app.get(
    "/_gt/",
    guard(() => loginPage()),
  );

  // The worker portal: one page shell, its script and style, the offline crowd elements, and each
  // task's rendered template (shown in a sandboxed iframe).
  app.get(
    ["/_gt/", "/_gt/preview", "/_gt/portal/tasks/:taskId"],
    mount(() => portalPage()),
  );
  // The dashboard: the same shell with its own script (client/dashboard/), behind the same password.
  app.get(
    ["/_gt/dashboard", "/_gt/dashboard/jobs/:jobName"],
    guard(() => loginPage()),
    mount(() => portalPage({ title: "gt-local dashboard", script: "/_gt/dashboard.js" })),
  );
  app.get(
    "/_gt/dashboard.js",
    mount(() => scriptResponse("dashboard/index.ts")),
  );
  app.get(
    "/_gt/portal.js",
    mount(() => scriptResponse("portal/index.ts")),
  );
  app.get(
    "/_gt/portal.css",
    mount(() => portalCss()),
  );
  app.get(
    "/_gt/crowd-html-elements.js",
    mount(() => crowdScriptResponse()),
  );
  app.get(
    "/_gt/portal/tasks/:taskId/frame",
    mount((request) => {
      const url = new URL(request.url);
      const taskId = decodeURIComponent(url.pathname.split("/")[4] ?? "");
      return taskFrameResponse(emulator, taskId, url.searchParams.get("workerId")).catch((error: unknown) => {
        if (!(error instanceof GtError)) throw error;
        return new Response(`<p>${error.message.replace(/[<>&]/gu, "")}</p>`, {
          status: error.httpStatus === 400 ? 400 : error.httpStatus === 403 ? 403 : 404,
          headers: { "content-type": "text/html; charset=utf-8" },
        });
      });
    }),
  );

  app.use((req, res) => {
    answerGtLocal(req, res, req.originalUrl);
  });
  return app;
}
