import { createRequest, sendResponse } from "@remix-run/node-fetch-server";
import express, {
  type Express,
  type Request as ExpressRequest,
  type Response as ExpressResponse,
} from "express";
import type { Logger } from "pino";
import { pinoHttp } from "pino-http";
import type { Emulator } from "../emulator/emulator.js";
import { newRequestId } from "../emulator/ids.js";
import { handleAdmin } from "./admin/handle-admin.js";
import { eventStream } from "./http/event-delivery.js";
import { scriptResponse } from "./portal/bundle-client.js";
import { crowdScriptResponse } from "./portal/crowd-script.js";
import { portalCss } from "./portal/portal-css.js";
import { portalPage } from "./portal/portal-page.js";
import { loginPage, PortalAuth, unauthorized } from "./portal/portal-auth.js";
import { taskFrameResponse } from "./portal/task-frame.js";
import { healthResponse } from "./http/health.js";
import { GtError } from "../emulator/errors.js";
import { protocolOf } from "./http/route-request.js";
import { errorResponse as s3ErrorResponse } from "./s3/error-response.js";
import { handleS3 } from "./s3/handle-s3.js";
import { handleSageMaker } from "./sagemaker/handle-sagemaker.js";

export interface AppDependencies {
  emulator: Emulator;
  logger: Logger;
  defaultRegion: string;
  /** Set when objects live in an external S3: gt-local's own S3 routes then point there. */
  externalS3Endpoint?: string;
  /** When set, the portal and the testing API ask for it (a session cookie remembers the browser). */
  portalPassword?: string;
}

type FetchHandler = (request: Request, requestId: string) => Promise<Response> | Response;

/**
 * The express composition, the only place that knows express. Each protocol is a Fetch function;
 * `mount` adapts it once (node request → Fetch Request, Fetch Response → node response).
 */
export function createApp({
  emulator,
  logger,
  defaultRegion,
  externalS3Endpoint,
  portalPassword,
}: AppDependencies): Express {
  const auth = new PortalAuth(portalPassword);
  const app = express();
  const startedAt = performance.now();
  app.disable("x-powered-by");
  app.set("etag", false);

  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const id = newRequestId();
        res.setHeader("x-amzn-requestid", id);
        return id;
      },
      customProps: (req) => ({ target: req.headers["x-amz-target"] }),
      // One compact line per request: id, method, path, status, time. Headers may carry credentials.
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );

  const mount =
    (handler: FetchHandler) =>
    (req: ExpressRequest, res: ExpressResponse): void => {
      // genReqId above always returns a string id.
      const requestId = typeof req.id === "string" ? req.id : newRequestId();
      Promise.resolve()
        .then(() => handler(createRequest(req, res), requestId))
        .then((response) => sendResponse(res, response))
        .catch((error: unknown) => {
          req.log.error({ err: error }, "unhandled error");
          if (!res.headersSent) res.status(500).json({ error: "InternalFailure" });
          else res.end();
        });
    };

  app.get(
    "/_gt/health",
    mount(() => healthResponse(startedAt)),
  );
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
  app.use("/_gt/api", guard(unauthorized));
  app.use(
    ["/_gt/portal", "/_gt/preview"],
    guard(() => loginPage()),
  );
  app.get(
    "/_gt/",
    guard(() => loginPage()),
  );

  // Job state changes as server-sent events (before the admin API's catch-all route).
  app.get(
    "/_gt/api/events",
    mount((request) => eventStream(request, emulator.events)),
  );

  // The testing/admin API: every method on /_gt/api and below.
  app.all(
    "/_gt/api{/*path}",
    mount((request, requestId) =>
      handleAdmin(request, {
        emulator,
        requestId,
        defaultRegion,
        onInternalError: (error) => {
          logger.error({ err: error, requestId }, "admin API request failed inside gt-local");
        },
      }),
    ),
  );

  // The worker portal: one page shell, its script and style, the offline crowd elements, and each
  // task's rendered template (shown in a sandboxed iframe).
  app.get(
    ["/_gt/", "/_gt/preview", "/_gt/portal/tasks/:taskId"],
    mount(() => portalPage()),
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

  // Everything else on the shared port: SageMaker, S3, or a person looking for the portal.
  app.use((req, res) => {
    mount((request, requestId) => {
      switch (protocolOf(request)) {
        case "sagemaker":
          return handleSageMaker(request, {
            emulator,
            requestId,
            defaultRegion,
            onInternalError: (error) => {
              req.log.error({ err: error }, "SageMaker request failed inside gt-local");
            },
          });
        case "portal":
          return new Response(null, { status: 302, headers: { location: "/_gt/" } });
        case "s3":
          return emulator.s3
            ? handleS3(request, {
                engine: emulator.s3,
                clock: emulator.clock,
                requestId,
                defaultRegion,
                rawTarget: req.originalUrl,
                onInternalError: (error) => {
                  req.log.error({ err: error }, "S3 request failed inside gt-local");
                },
              })
            : externalS3Notice(request, requestId, externalS3Endpoint);
      }
    })(req, res);
  });

  return app;
}

/** With an external S3, objects are not here: say where they are, in S3's own error format. */
function externalS3Notice(request: Request, requestId: string, endpoint: string | undefined): Response {
  const error = new GtError(
    "InvalidRequest",
    `gt-local keeps objects in the external S3 at ${endpoint ?? "(unknown)"}; send S3 requests there.`,
  );
  return s3ErrorResponse(error, {
    method: request.method,
    target: undefined,
    query: new URLSearchParams(),
    requestId,
  });
}
