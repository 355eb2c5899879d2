import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { newRequestId } from "../../emulator/ids.js";

/*
 * The request id and the one log line per request, written with pino directly. pino-http did the
 * same, but built two child loggers and serialized the request for every request even with the
 * log silent, which cost more than a whole DescribeLabelingJob (issue 10, target 1).
 */

const requestIds = new WeakMap<IncomingMessage, string>();

/**
 * Gives the request its id, sent back as `x-amzn-requestid` on every answer (portal pages too),
 * and logs one line when the answer is done or the client goes away: id, method, url, status and
 * time, the fields and message pino-http wrote. Nothing is set up when the log drops info lines.
 */
export function startRequestLog(req: IncomingMessage, res: ServerResponse, logger: Logger): string {
  const id = newRequestId();
  requestIds.set(req, id);
  res.setHeader("x-amzn-requestid", id);
  if (logger.isLevelEnabled("info")) {
    const startedAt = Date.now();
    // Read now: express rewrites `req.url` inside mounted routers.
    const { method, url } = req;
    const target = req.headers["x-amz-target"];
    res.once("close", () => {
      const failed = res.statusCode >= 500;
      logger.info(
        {
          req: { id, method, url },
          target,
          res: { statusCode: res.statusCode },
          responseTime: Date.now() - startedAt,
        },
        failed ? "request errored" : "request completed",
      );
    });
  }
  return id;
}

/** The id `startRequestLog` gave the request (a fresh one if it was never called). */
export function requestIdOf(req: IncomingMessage): string {
  return requestIds.get(req) ?? newRequestId();
}
