import type { ServerResponse } from "node:http";

/**
 * The last answer to a request that failed inside gt-local outside every protocol's own error
 * handling (a bug): a bare 500, or the end of an answer already under way.
 */
export function answerInternalFailure(res: ServerResponse): void {
  if (res.headersSent) res.end();
  else
    res
      .writeHead(500, { "content-type": "application/json; charset=utf-8" })
      .end(JSON.stringify({ error: "InternalFailure" }));
}
