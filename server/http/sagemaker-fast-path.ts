import type { IncomingMessage, ServerResponse } from "node:http";
import type { Emulator } from "../../emulator/emulator.js";
import { answerSageMaker } from "../sagemaker/handle-sagemaker.js";
import type { WireJsonAnswer } from "../sagemaker/wire-json.js";
import { decodeBodyText } from "./bounded-body.js";
import { answerInternalFailure } from "./internal-failure.js";
import { credentialScopeOfAuthorization } from "./credential-scope.js";
import { readWholeBody, wholeBodyLength } from "./node-fetch-adapter.js";

/*
 * The server's fast path for SageMaker calls: from node's request to the protocol's own steps
 * (`answerSageMaker`, the code the Fetch entry point runs too) and back, without a Fetch Request
 * and Response in between. Building those and their streams cost as much as the operation itself
 * on Node 20 (issue 10, target 1). Calls that need the Request (signature checks) or whose body
 * must stream take the Fetch path, which gives the same answer byte for byte.
 */

export interface SageMakerFastPathOptions {
  emulator: Emulator;
  defaultRegion: string;
  /** Errors that are gt-local's own bugs (answered 500), for the log. */
  onInternalError: (error: unknown, requestId: string) => void;
}

/** Answers the request and returns `true` if it takes the fast path; else leaves it untouched. */
export type SageMakerFastPath = (req: IncomingMessage, res: ServerResponse, requestId: string) => boolean;

export function sageMakerFastPath({
  emulator,
  defaultRegion,
  onInternalError,
}: SageMakerFastPathOptions): SageMakerFastPath {
  const answer = async (req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> => {
    const bytes = await readWholeBody(req);
    // The client left while its body was arriving: nobody is left to answer.
    if (bytes === undefined) return;
    const { authorization, host } = req.headers;
    const wire = await answerSageMaker(
      {
        target: headerValue(req.headers["x-amz-target"]),
        signedRegion:
          authorization === undefined ? undefined : credentialScopeOfAuthorization(authorization)?.region,
        // As the Fetch adapter builds the request's URL when there is no Host header.
        publicHost: host ?? "localhost",
        readBody: () => Promise.resolve(decodeBodyText(bytes)),
      },
      {
        emulator,
        requestId,
        defaultRegion,
        onInternalError: (error) => {
          onInternalError(error, requestId);
        },
      },
    );
    writeAnswer(res, wire);
  };

  return (req, res, requestId) => {
    if (!takesFastPath(req)) return false;
    answer(req, res, requestId).catch((error: unknown) => {
      onInternalError(error, requestId);
      answerInternalFailure(res);
    });
    return true;
  };
}

/**
 * `POST /` with an X-Amz-Target, which the Fetch entry point routes to SageMaker whatever else
 * the request carries (server/http/route-request.ts), with a small body of declared length.
 */
function takesFastPath(req: IncomingMessage): boolean {
  return (
    req.method === "POST" &&
    req.url === "/" &&
    req.headers["x-amz-target"] !== undefined &&
    wholeBodyLength(req) !== undefined
  );
}

/** node joins repeated unknown headers with ", ", as a Fetch Headers object does. */
const headerValue = (value: string | string[] | undefined): string | null =>
  value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;

/** Headers in the order a Fetch Headers object gives them (sorted), as the Fetch path sends them. */
function writeAnswer(res: ServerResponse, { status, statusText, headers, body }: WireJsonAnswer): void {
  const sorted: Record<string, string> = {};
  for (const name of Object.keys(headers).sort()) sorted[name] = headers[name] ?? "";
  res.writeHead(status, statusText, sorted);
  res.end(body);
}
