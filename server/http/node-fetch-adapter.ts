import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { createRequest, sendResponse } from "@remix-run/node-fetch-server";
import { pipeline } from "node:stream/promises";
import { nodeBodyOf } from "./node-body.js";
import { wholeResponseBody, withWholeBody } from "./whole-body.js";

/*
 * node's request and response to Fetch's and back, for server/app.ts. Small bodies with a declared
 * length (every SageMaker and admin call, small S3 objects) are read whole before the protocol
 * runs, and answers made whole (`wholeResponse`) are written in one call: both skip the web
 * streams that cost more than the work on Node 20. Everything else streams through
 * @remix-run/node-fetch-server as before, so a 64 MiB PUT or GET is never held in memory.
 */

/** The largest declared body read whole before the protocol runs; larger ones stream. */
export const WHOLE_REQUEST_BODY_MAX_BYTES = 64 * 1024;

/**
 * The Fetch Request for a node request, or `undefined` when the client went away while its body
 * was being read (nobody is left to answer).
 */
export function fetchRequestOf(
  req: IncomingMessage,
  res: ServerResponse,
): Request | Promise<Request | undefined> {
  if (wholeBodyLength(req) === undefined) return createRequest(req, res);
  return readWholeBody(req).then((bytes) => {
    if (bytes === undefined) return undefined;
    // Socket data lives in ordinary (not shared) ArrayBuffers.
    const body = new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);
    // No abort signal: the body has fully arrived, so a client going away can no longer break its
    // reading, which is what the streaming path's signal reports.
    const request = new Request(urlOf(req), { method: req.method ?? "POST", headers: headersOf(req), body });
    return withWholeBody(request, body);
  });
}

/** Writes a Fetch Response to node's response: directly when its body is known whole. */
export async function sendFetchResponse(res: ServerResponse, response: Response): Promise<void> {
  const readable = nodeBodyOf(response);
  if (readable !== undefined && res.req.method !== "HEAD") {
    res.writeHead(response.status, response.statusText, outgoingHeaders(response.headers));
    // A client that goes away destroys the Readable (the file closes); that is not our error.
    await pipeline(readable, res).catch(() => undefined);
    return;
  }
  const body = wholeResponseBody(response);
  if (body === undefined) {
    await sendResponse(res, response);
    return;
  }
  res.writeHead(response.status, response.statusText, outgoingHeaders(response.headers));
  if (res.req.method === "HEAD") res.end();
  else res.end(body);
}

/** The declared length of a body to read whole, or `undefined` to stream it. */
export function wholeBodyLength(req: IncomingMessage): number | undefined {
  if (req.method === "GET" || req.method === "HEAD") return undefined;
  if (req.headers["transfer-encoding"] !== undefined) return undefined;
  const declared = req.headers["content-length"];
  if (declared === undefined) return undefined;
  // node's parser has already refused a malformed Content-Length.
  const length = Number(declared);
  return length <= WHOLE_REQUEST_BODY_MAX_BYTES ? length : undefined;
}

/** The body read whole, or `undefined` when the client went away before it all arrived. */
export function readWholeBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
    };
    const finish = (body: Buffer | undefined): void => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onGone);
      req.off("close", onClose);
      resolve(body);
    };
    const onEnd = (): void => {
      finish(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
    };
    const onGone = (): void => {
      finish(undefined);
    };
    const onClose = (): void => {
      if (!req.complete) finish(undefined);
    };
    req.on("data", onData);
    req.once("end", onEnd);
    req.once("error", onGone);
    req.once("close", onClose);
  });
}

/** As @remix-run/node-fetch-server builds it, so both paths give protocols the same URL. */
export function urlOf(req: IncomingMessage): string {
  return `${schemeAndHostOf(req)}${req.url ?? "/"}`;
}

/** The URL's start, before the request-target: the scheme and the Host as the client sent it. */
export function schemeAndHostOf(req: IncomingMessage): string {
  const encrypted = "encrypted" in req.socket && req.socket.encrypted === true;
  return `${encrypted ? "https:" : "http:"}//${req.headers.host ?? "localhost"}`;
}

/** As @remix-run/node-fetch-server builds them: repeated headers joined with ", ". */
function headersOf(req: IncomingMessage): Headers {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith(":") || value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return new Headers(headers);
}

/** Fetch headers for `writeHead`, keeping repeated ones (Set-Cookie) apart as the streaming path does. */
function outgoingHeaders(headers: Headers): OutgoingHttpHeaders {
  const outgoing: Record<string, string | string[]> = {};
  for (const [name, value] of headers) {
    const previous = outgoing[name];
    if (previous === undefined) outgoing[name] = value;
    else if (Array.isArray(previous)) previous.push(value);
    else outgoing[name] = [previous, value];
  }
  return outgoing;
}
