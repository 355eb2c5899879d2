import { STATUS_CODES, type IncomingMessage, type ServerResponse } from "node:http";
import type { Emulator } from "../../emulator/emulator.js";
import { GtError } from "../../emulator/errors.js";
import { errorStatusAndBody } from "../admin/admin-json.js";
import { decodePathParam, parseJsonObject } from "../admin/request-body.js";
import { CLAIM_FIELDS, claimAnswer, SUBMIT_FIELDS, submitAnswer } from "../admin/task-answers.js";
import { decodeBodyText } from "./bounded-body.js";
import { answerInternalFailure } from "./internal-failure.js";
import { readWholeBody, schemeAndHostOf, wholeBodyLength } from "./node-fetch-adapter.js";

/*
 * The server's fast path for a worker's two hot calls, `POST /_gt/api/tasks/claim` and
 * `POST /_gt/api/tasks/<id>/submit`: from node's request to the calls' own code (task-answers.ts,
 * which the admin routes run too) and back, without a Fetch Request, Response, router or web
 * stream in between. On Node 20 those cost more than the claim itself (issue 10, target 3). Every
 * other shape of these calls (a query string, a body without a declared length, an unusual task
 * id) takes the Fetch path, which gives the same answer byte for byte
 * (test/integration/task-fast-path.test.ts). The caller has already checked admin access.
 */

export interface TaskFastPathOptions {
  emulator: Emulator;
  /** Errors that are gt-local's own bugs (answered 500), for the log. */
  onInternalError: (error: unknown, requestId: string) => void;
}

/** Answers the request and returns `true` if it takes the fast path; else leaves it untouched. */
export type TaskFastPath = (req: IncomingMessage, res: ServerResponse, requestId: string) => boolean;

/**
 * Exactly the claim, or a submit whose task id is one plain segment: unreserved characters and
 * percent-escapes, not starting with a dot (so no `.`/`..` segment a URL parser would resolve).
 */
const FAST_TARGET = /^\/_gt\/api\/tasks\/(?:claim|([\w~%-][\w.~%-]*)\/submit)$/u;

export function taskFastPath({ emulator, onInternalError }: TaskFastPathOptions): TaskFastPath {
  const answer = async (
    req: IncomingMessage,
    res: ServerResponse,
    requestId: string,
    taskSegment: string | undefined,
    origin: string,
  ): Promise<void> => {
    const bytes = await readWholeBody(req);
    // The client left while its body was arriving: nobody is left to answer.
    if (bytes === undefined) return;
    let status = 200;
    let body: string;
    try {
      const text = decodeBodyText(bytes);
      const result =
        taskSegment === undefined
          ? claimAnswer(emulator, parseJsonObject(text, CLAIM_FIELDS), origin)
          : await submitAnswer(
              emulator,
              decodePathParam(taskSegment, "taskId"),
              parseJsonObject(text, SUBMIT_FIELDS),
              origin,
            );
      body = JSON.stringify(result);
    } catch (error) {
      if (!(error instanceof GtError)) onInternalError(error, requestId);
      ({ status, body } = errorStatusAndBody(error));
    }
    // The headers (and their order) the Fetch path writes for the same answer.
    res.writeHead(status, STATUS_CODES[status] ?? "", {
      "content-length": String(Buffer.byteLength(body)),
      "content-type": "application/json; charset=utf-8",
      "x-amzn-requestid": requestId,
      "x-request-id": requestId,
    });
    res.end(body);
  };

  return (req, res, requestId) => {
    if (req.method !== "POST" || wholeBodyLength(req) === undefined) return false;
    const match = FAST_TARGET.exec(req.url ?? "");
    const origin = match ? originOf(req) : undefined;
    // A Host no URL can be built from is the Fetch path's to refuse.
    if (!match || origin === undefined) return false;
    answer(req, res, requestId, match[1], origin).catch((error: unknown) => {
      onInternalError(error, requestId);
      answerInternalFailure(res);
    });
    return true;
  };
}

/**
 * Origins already built, by scheme and Host: a worker's every call carries the same Host, so a URL
 * need not be parsed for it on every claim and submit. Bounded (the Host is the client's to
 * choose): cleared when it grows large.
 */
const origins = new Map<string, string | undefined>();
const ORIGINS_KEPT = 100;

/**
 * The origin as the Fetch path's Request URL gives it, if a URL can be built at all. It depends on
 * the scheme and Host alone (the request-target here is a plain path).
 */
function originOf(req: IncomingMessage): string | undefined {
  const start = schemeAndHostOf(req);
  if (origins.has(start)) return origins.get(start);
  const url = `${start}/`;
  const origin = URL.canParse(url) ? new URL(url).origin : undefined;
  if (origins.size >= ORIGINS_KEPT) origins.clear();
  origins.set(start, origin);
  return origin;
}
