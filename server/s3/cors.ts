import { S3Error } from "./s3-error.js";

/**
 * CORS as if every bucket had the rule `AllowedOrigins: *, AllowedMethods: GET PUT POST DELETE
 * HEAD, AllowedHeaders: *`: the worker portal (another origin in development) loads media and
 * uploads straight from gt-local. Every response carries the headers, not only those to requests
 * with an Origin, so a browser never reuses a cached copy that lacks them.
 */
export const ALLOWED_METHODS = ["GET", "PUT", "POST", "DELETE", "HEAD"] as const;

/** What scripts may read from cross-origin responses (media players need the range headers). */
export const EXPOSED_HEADERS = [
  "Accept-Ranges",
  "Content-Length",
  "Content-Range",
  "Content-Type",
  "ETag",
  "Last-Modified",
  "x-amz-delete-marker",
  "x-amz-id-2",
  "x-amz-request-id",
  "x-amz-version-id",
  "x-amz-checksum-crc32",
  "x-amz-checksum-crc32c",
  "x-amz-checksum-crc64nvme",
  "x-amz-checksum-sha1",
  "x-amz-checksum-sha256",
] as const;

export const CORS_HEADERS: Readonly<Record<string, string>> = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers": EXPOSED_HEADERS.join(", "),
};

/** `OPTIONS` preflight: 200 with the allowed methods and the headers asked for, else S3's errors. */
export function preflightResponse(request: Request): Response {
  const origin = request.headers.get("origin");
  const method = request.headers.get("access-control-request-method");
  if (origin === null || method === null) {
    throw new S3Error("BadRequest", "Insufficient information. Origin request header needed.");
  }
  if (!(ALLOWED_METHODS as readonly string[]).includes(method.trim().toUpperCase())) {
    throw new S3Error(
      "AccessForbidden",
      "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.",
      { Method: method },
    );
  }
  const headers = new Headers({
    ...CORS_HEADERS,
    "access-control-allow-methods": ALLOWED_METHODS.join(", "),
    "access-control-max-age": "3000",
    vary: "Origin, Access-Control-Request-Headers, Access-Control-Request-Method",
  });
  const requested = request.headers.get("access-control-request-headers");
  if (requested !== null && requested.trim() !== "") {
    headers.set("access-control-allow-headers", requested);
  }
  return new Response(null, { status: 200, headers });
}
