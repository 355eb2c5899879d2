import express, { type Request as ExpressRequest, type Response as ExpressResponse } from "express";
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { Emulator } from "../emulator/emulator.js";
import { scriptResponse } from "./portal/bundle-client.js";
import { crowdScriptResponse } from "./portal/crowd-script.js";
import { portalCss } from "./portal/portal-css.js";
import { portalPage } from "./portal/portal-page.js";
import { loginPage, PortalAuth, unauthorized } from "./portal/portal-auth.js";
import { taskFrameResponse } from "./portal/task-frame.js";
import { createGtLocalFetch } from "./http/gt-local-fetch.js";
import { fetchRequestOf, sendFetchResponse } from "./http/node-fetch-adapter.js";
import { requestIdOf, startRequestLog } from "./http/request-log.js";
import { sageMakerFastPath } from "./http/sagemaker-fast-path.js";
import type { AccessKeyring } from "./auth/access-keys.js";
import { AdminToken, adminTokenRequired } from "./auth/admin-token.js";
import { GtError } from "../emulator/errors.js";

export interface AppDependencies {
  emulator: Emulator;
  logger: Logger;
  defaultRegion: string;
  /** Set when objects live in an external S3: gt-local's own S3 routes then point there. */
  externalS3Endpoint?: string;
  /** When set, the portal and the testing API ask for it (a session cookie remembers the browser). */
  portalPassword?: string;
  /** When set, the testing API needs `Authorization: Bearer <token>` or a portal session. */
  adminToken?: string;
  /** `--verify-signatures`: SageMaker and S3 requests need a SigV4 signature by one of these keys. */
  verifySignatures?: AccessKeyring;
}

type FetchHandler = (request: Request, requestId: string) => Promise<Response> | Response;

/**
 * The express composition, the only place that knows express. Each protocol is a Fetch function;
 * `mount` adapts it once (node request → Fetch Request, Fetch Response → node response).
 * SageMaker and S3 calls skip express's router (see the listener at the end).
 */
export function createApp({
  emulator,
  logger,
  defaultRegion,
  externalS3Endpoint,
  portalPassword,
  adminToken,
  verifySignatures,
}: AppDependencies): RequestListener {
  // Without a portal password, the admin token is what the portal's sign-in asks for.
  const auth = new PortalAuth(portalPassword ?? adminToken);
  const token = new AdminToken(adminToken);
  const app = express();
  const logInternalError = (error: unknown, requestId: string, protocol: string): void => {
    logger.error({ err: error, requestId }, `${protocol} request failed inside gt-local`);
  };
  const gtLocalFetch = createGtLocalFetch({
    emulator,
    defaultRegion,
    ...(externalS3Endpoint === undefined ? {} : { externalS3Endpoint }),
    ...(verifySignatures === undefined ? {} : { verifySignatures }),
    onInternalError: (error, { requestId, protocol }) => {
      logInternalError(error, requestId, protocol);
    },
  });
  // Signature checks read the Fetch Request: with them, SageMaker calls take the Fetch path too.
  const sageMakerDirect =
    verifySignatures === undefined
      ? sageMakerFastPath({
          emulator,
          defaultRegion,
          onInternalError: (error, requestId) => {
            logInternalError(error, requestId, "sagemaker");
          },
        })
      : undefined;
  app.disable("x-powered-by");
  app.set("etag", false);

  const mount =
    (handler: FetchHandler) =>
    (req: IncomingMessage, res: ServerResponse): void => {
      const requestId = requestIdOf(req);
      Promise.resolve()
        .then(() => fetchRequestOf(req, res))
        .then(async (request) => {
          // No request: the client left while its body was arriving, nobody is left to answer.
          if (request !== undefined) await sendFetchResponse(res, await handler(request, requestId));
        })
        .catch((error: unknown) => {
          logger.error({ err: error, requestId }, "unhandled error");
          if (res.headersSent) res.end();
          else
            res
              .writeHead(500, { "content-type": "application/json; charset=utf-8" })
              .end(JSON.stringify({ error: "InternalFailure" }));
        });
    };

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
  // The testing API also takes the admin token (scripts, the typed client, the CLI).
  app.use("/_gt/api", (req: ExpressRequest, res: ExpressResponse, next: () => void): void => {
    if (token.matches(req.headers.authorization)) next();
    else guard(token.enabled ? adminTokenRequired : unauthorized)(req, res, next);
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

  // Everything else on the shared port (health, job events, the testing/admin API, SageMaker, S3)
  // goes through the one Fetch entry point msw mode mounts too; S3 keys need the raw target.
  const answerGtLocal = (req: IncomingMessage, res: ServerResponse, rawTarget: string): void => {
    const portalSession = auth.enabled && auth.allows(req.headers.cookie);
    mount((request, requestId) => gtLocalFetch(request, { requestId, rawTarget, portalSession }))(req, res);
  };
  app.use((req, res) => {
    answerGtLocal(req, res, req.originalUrl);
  });

  // Every request gets its id and log line here. A path outside /_gt/ (matched without regard to
  // case, as express's routes are) reaches none of the routes above, only the last one: it goes
  // straight there, without express's per-request routing, which cost as much as the whole
  // SageMaker call (issue 10, target 1). Absolute-form targets (`http://host/...`) stay with express.
  return (req, res) => {
    const requestId = startRequestLog(req, res, logger);
    if (sageMakerDirect?.(req, res, requestId) === true) return;
    const target = req.url ?? "/";
    if (target.startsWith("/") && !/^\/_gt/iu.test(target)) answerGtLocal(req, res, target);
    else void app(req, res);
  };
}
