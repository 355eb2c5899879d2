/**
 * AWS JSON 1.1 serialization. Timestamps go out as epoch seconds (a JSON number with milliseconds
 * as the fraction), the protocol's default that both botocore and the JS SDK parse.
 */
import { STATUS_CODES } from "node:http";

export const AMZ_JSON_CONTENT_TYPE = "application/x-amz-json-1.1";

export function serializeWireJson(value: unknown): string {
  return JSON.stringify(
    value,
    function replacer(this: Record<string, unknown>, key: string, current: unknown) {
      // JSON.stringify has already called Date#toJSON on `current`; the raw value is still on `this`.
      const raw = this[key];
      return raw instanceof Date ? raw.getTime() / 1000 : current;
    },
  );
}

export function jsonResponse(
  body: unknown,
  requestId: string,
  status = 200,
  extraHeaders?: HeadersInit,
): Response {
  const headers = new Headers(extraHeaders);
  headers.set("content-type", AMZ_JSON_CONTENT_TYPE);
  headers.set("x-amzn-requestid", requestId);
  // A reason phrase on the status line, as AWS sends (`400 Bad Request`), for clients that log it.
  return new Response(serializeWireJson(body), { status, statusText: STATUS_CODES[status] ?? "", headers });
}
