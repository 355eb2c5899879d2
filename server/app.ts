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
import { healthResponse } from "./http/health.js";
import { handleSageMaker } from "./sagemaker/handle-sagemaker.js";

export interface AppDependencies {
  emulator: Emulator;
  logger: Logger;
  defaultRegion: string;
}

type FetchHandler = (request: Request, requestId: string) => Promise<Response> | Response;

/**
 * The express composition, the only place that knows express. Each protocol is a Fetch function;
 * `mount` adapts it once (node request → Fetch Request, Fetch Response → node response).
 */
export function createApp({ emulator, logger, defaultRegion }: AppDependencies): Express {
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

  // SageMaker: AWS JSON 1.1 is always `POST /` with an X-Amz-Target header.
  app.post(
    "/",
    mount((request, requestId) => handleSageMaker(request, { emulator, requestId, defaultRegion })),
  );

  // A browser opening the endpoint (or a team's SubDomain) lands on the worker portal.
  app.get("/", (_req, res) => {
    res.redirect(302, "/_gt/");
  });
  app.get("/_gt/", (_req, res) => {
    res
      .type("html")
      .send(
        '<!doctype html><title>gt-local</title><h1>gt-local</h1><p>The worker portal is coming soon. Health: <a href="/_gt/health">/_gt/health</a></p>',
      );
  });

  return app;
}
