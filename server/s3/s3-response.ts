import { createHash } from "node:crypto";
import { CORS_HEADERS } from "./cors.js";
import { buildXml, type XmlElement } from "./xml.js";

/**
 * Building S3 responses: XML documents, empty answers, and the headers every response carries.
 * Wire formats live here: ETags quoted, times as RFC 7231 in headers and ISO 8601 (ms) in XML.
 */
export const quoteEtag = (etag: string): string => `"${etag}"`;
export const httpDate = (date: Date): string => date.toUTCString();
export const isoDate = (date: Date): string => date.toISOString();

/** The canonical user every bucket and object belongs to (single-tenant emulator). */
export const OWNER: XmlElement = {
  ID: "75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a",
  DisplayName: "gt-local",
};

export function xmlResponse(
  root: string,
  body: XmlElement | string,
  init: { status?: number; headers?: HeadersInit } = {},
): Response {
  const text = buildXml(root, body);
  const headers = new Headers(init.headers);
  headers.set("content-type", "application/xml");
  headers.set("content-length", String(Buffer.byteLength(text)));
  return new Response(text, { status: init.status ?? 200, headers });
}

export const emptyResponse = (status: number, headers?: HeadersInit): Response =>
  new Response(null, { status, headers });

/** S3's `x-amz-id-2` / `<HostId>`: opaque; here a digest of the request id. */
export const hostIdOf = (requestId: string): string =>
  createHash("sha256").update(requestId).digest("base64");

/** Request ids and CORS on every response, success or error. */
export function withCommonHeaders(response: Response, requestId: string): Response {
  response.headers.set("x-amz-request-id", requestId);
  response.headers.set("x-amz-id-2", hostIdOf(requestId));
  for (const [name, value] of Object.entries(CORS_HEADERS)) {
    if (!response.headers.has(name)) response.headers.set(name, value);
  }
  return response;
}
