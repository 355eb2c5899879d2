/**
 * AWS JSON 1.1 serialization. Timestamps go out as epoch seconds (a JSON number with milliseconds
 * as the fraction), the protocol's default that both botocore and the JS SDK parse.
 */
import { STATUS_CODES } from "node:http";
import { wholeResponse } from "../http/whole-body.js";

export const AMZ_JSON_CONTENT_TYPE = "application/x-amz-json-1.1";

export function serializeWireJson(value: unknown): string {
  // Dates made plain numbers first, then the native stringify: a replacer function instead would
  // be called back for every member and takes twice as long.
  return JSON.stringify(withEpochSeconds(value));
}

/**
 * The value with every Date as epoch seconds (milliseconds as the fraction). Only the objects and
 * arrays on the way to a Date are copied; the rest (most of an answer) is shared as it is.
 */
function withEpochSeconds(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let index = 0; index < value.length; index++) {
      const member: unknown = value[index];
      const plain = withEpochSeconds(member);
      if (plain !== member) {
        copy ??= [...(value as unknown[])];
        copy[index] = plain;
      }
    }
    return copy ?? value;
  }
  const members = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(members)) {
    const member = members[key];
    const plain = withEpochSeconds(member);
    if (plain !== member) {
      copy ??= { ...members };
      copy[key] = plain;
    }
  }
  return copy ?? value;
}

/**
 * An AWS JSON 1.1 answer before a transport carries it: the Fetch entry point wraps it in a
 * Response (`answerResponse`), the node fast path (server/http/sagemaker-fast-path.ts) writes it.
 */
export interface WireJsonAnswer {
  status: number;
  /** A reason phrase on the status line, as AWS sends (`400 Bad Request`), for clients that log it. */
  statusText: string;
  /** Lowercase names, so both transports send the same headers. */
  headers: Record<string, string>;
  body: string;
}

export function wireJsonAnswer(
  body: unknown,
  requestId: string,
  status = 200,
  extraHeaders: Record<string, string> = {},
): WireJsonAnswer {
  const text = serializeWireJson(body);
  return {
    status,
    statusText: STATUS_CODES[status] ?? "",
    headers: {
      ...extraHeaders,
      "content-length": String(Buffer.byteLength(text)),
      "content-type": AMZ_JSON_CONTENT_TYPE,
      "x-amzn-requestid": requestId,
    },
    body: text,
  };
}

/** The answer as a Fetch Response, made whole so the node adapter writes the text directly. */
export function answerResponse({ status, statusText, headers, body }: WireJsonAnswer): Response {
  return wholeResponse(body, { status, statusText, headers });
}

export function jsonResponse(
  body: unknown,
  requestId: string,
  status = 200,
  extraHeaders?: Record<string, string>,
): Response {
  return answerResponse(wireJsonAnswer(body, requestId, status, extraHeaders));
}
