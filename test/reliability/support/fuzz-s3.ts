import fc from "fast-check";
import { expect } from "vitest";
import { answerOf, type WireAnswer } from "./fuzz-server.js";
import { rawExchange, type RawAnswer } from "./fuzz-raw-http.js";

/*
 * Arbitraries and checks for fuzzing the S3 endpoint: request-targets, headers, query strings and
 * XML documents of every kind a client could get wrong.
 */

export const BUCKET = "fuzz-bucket";
export const OBJECT = "fuzz/object.txt";
export const OBJECT_BYTES = Buffer.from("0123456789abcdefghijklmnopqrstuvwxyz");

/** Path segments: traversal in several encodings, controls, bad escapes, long and odd keys. */
export const pathSegment = fc.oneof(
  fc.constantFrom(
    "..",
    ".",
    "",
    "%2e%2e",
    "%2E%2e%2F",
    "..%2f",
    "%252e%252e",
    "%00",
    "%ff%fe",
    "%",
    "%zz",
    "%C0%AE",
    "..\\..",
    "%5c",
    "~",
    "a+b",
    "%20",
    "%E2%80%AE",
    "%F0%9F%98%80",
    "_gt",
    "fuzz",
    "object.txt",
  ),
  fc.constantFrom(1, 255, 1_023, 1_024, 1_025, 4_096).map((size) => "k".repeat(size)),
  fc
    .string({ unit: "binary", maxLength: 12 })
    .map((text) => encodeURIComponent(text.replace(/[\ud800-\udfff]/gu, "?"))),
  fc.stringMatching(/^[a-z0-9.-]{1,70}$/u),
);

export const s3Path = fc.oneof(
  fc.array(pathSegment, { minLength: 1, maxLength: 5 }).map((segments) => `/${segments.join("/")}`),
  fc
    .array(pathSegment, { minLength: 0, maxLength: 4 })
    .map((segments) => `/${[BUCKET, ...segments].join("/")}`),
  fc.constantFrom("/", "//", `/${BUCKET}/`, `/${BUCKET}//${OBJECT}`, `/${BUCKET}/../${BUCKET}/${OBJECT}`),
);

export const s3Method = fc.constantFrom(
  "GET",
  "HEAD",
  "PUT",
  "POST",
  "DELETE",
  "OPTIONS",
  "PATCH",
  "PROPFIND",
);

/** Controls (but tab) as spaces. */
const withoutControls = (text: string): string =>
  Array.from(text, (char) => {
    const code = char.charCodeAt(0);
    return (code < 0x20 && char !== "\t") || code === 0x7f ? " " : char;
  }).join("");

/** Headers S3 reads, with values from valid to nonsense (all ByteStrings, as fetch requires). */
export const s3Headers = fc.dictionary(
  fc.constantFrom(
    "range",
    "if-match",
    "if-none-match",
    "if-modified-since",
    "if-unmodified-since",
    "content-md5",
    "x-amz-checksum-crc32",
    "x-amz-checksum-sha256",
    "x-amz-checksum-crc64nvme",
    "x-amz-checksum-mode",
    "x-amz-content-sha256",
    "x-amz-decoded-content-length",
    "x-amz-trailer",
    "content-encoding",
    "content-type",
    "x-amz-copy-source",
    "x-amz-copy-source-range",
    "x-amz-copy-source-if-match",
    "x-amz-metadata-directive",
    "x-amz-meta-fuzz",
    "x-amz-date",
    "authorization",
  ),
  fc.oneof(
    fc.constantFrom(
      "bytes=0-0",
      "bytes=-1",
      "bytes=5-",
      "bytes=99999999999999999999-",
      "bytes=3-1",
      "bytes=0-1,4-5",
      "items=0-1",
      "bytes=",
      "bytes=--1",
      "bytes=a-b",
      "bytes=-0",
      "*",
      '"d41d8cd98f00b204e9800998ecf8427e"',
      'W/"x"',
      "Sat, 01 Jan 2000 00:00:00 GMT",
      "not a date",
      "1B2M2Y8AsgTpgAmY7PhCfg==",
      "AAAA",
      "!!!!",
      "ENABLED",
      "UNSIGNED-PAYLOAD",
      "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
      "0000000000000000000000000000000000000000000000000000000000000000",
      "aws-chunked",
      "gzip, aws-chunked",
      "x-amz-checksum-crc32",
      `/${BUCKET}/${OBJECT}`,
      `${BUCKET}/${encodeURIComponent(OBJECT)}?versionId=x`,
      "/%ff/%",
      "COPY",
      "REPLACE",
      "-1",
      "18446744073709551616",
      "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00",
    ),
    // Controls would be refused by node's HTTP parser before S3 sees them (the raw-bytes property
    // covers that); here the values must reach gt-local's own header handling.
    fc.string({ unit: "binary-ascii", maxLength: 40 }).map((text) => withoutControls(text).trim()),
  ),
  { maxKeys: 4 },
);

/** Query strings: listing parameters, upload ids, part numbers, subresources. */
export const s3Query = fc
  .dictionary(
    fc.constantFrom(
      "list-type",
      "max-keys",
      "continuation-token",
      "start-after",
      "prefix",
      "delimiter",
      "encoding-type",
      "marker",
      "fetch-owner",
      "uploadId",
      "partNumber",
      "max-parts",
      "part-number-marker",
      "uploads",
      "delete",
      "location",
      "versionId",
      "x-id",
      "acl",
      "tagging",
      "max-buckets",
      "X-Amz-Expires",
      "X-Amz-Date",
      "X-Amz-Credential",
      "response-content-type",
    ),
    fc.oneof(
      fc.constantFrom(
        "",
        "2",
        "1",
        "3",
        "-1",
        "0",
        "1001",
        "1e3",
        "abc",
        "null",
        "10000",
        "10001",
        "url",
        "%",
        "/",
      ),
      fc.string({ unit: "binary", maxLength: 20 }).map((text) => text.replace(/[\ud800-\udfff]/gu, "?")),
      fc.base64String({ maxLength: 40 }),
    ),
    { maxKeys: 4 },
  )
  .map((entries) => new URLSearchParams(entries).toString());

/** An S3 call through fetch (which keeps `..` only when percent-encoded). */
export async function callS3(
  url: string,
  method: string,
  target: string,
  headers: Record<string, string> = {},
  body?: Uint8Array<ArrayBuffer> | string,
): Promise<WireAnswer> {
  const sendsBody = body !== undefined && method !== "GET" && method !== "HEAD";
  const response = await fetch(`${url}${target}`, {
    method,
    headers,
    ...(sendsBody ? { body } : {}),
  });
  return answerOf(response);
}

/**
 * A raw answer to a hand-written request: the server answered (no silent drop), with a 4xx at
 * worst; node's own HTTP parser refuses request lines it cannot parse with a bare 400, which is
 * still an answer to a client mistake.
 */
export function expectRawS3Answer(answer: RawAnswer, method: string, context: string): void {
  expect(answer.status, `${context}: ${answer.head}`).toBeGreaterThanOrEqual(100);
  if (answer.status === 501) {
    if (method !== "HEAD")
      expect(answer.body.toString("utf8"), context).toContain("<Code>NotImplemented</Code>");
    return;
  }
  expect(answer.status, `${context}: ${answer.head}`).toBeLessThan(500);
}

/**
 * An S3 call written by hand, for headers fetch refuses to send (undici checks `Range` itself):
 * the headers as given, a Content-Length for the body, and the answer read like fetch's.
 */
export async function rawS3(
  port: number,
  method: string,
  target: string,
  headers: Record<string, string>,
  body: Uint8Array = new Uint8Array(),
): Promise<WireAnswer> {
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  const head = `${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${lines.join("")}`;
  const answer = await rawExchange(
    port,
    Buffer.concat([Buffer.from(`${head}Content-Length: ${body.length}\r\n\r\n`), body]),
  );
  const parsed = new Headers();
  for (const line of answer.head.split("\r\n").slice(1)) {
    const colon = line.indexOf(":");
    if (colon > 0) parsed.append(line.slice(0, colon), line.slice(colon + 1).trim());
  }
  return { status: answer.status, headers: parsed, text: answer.body.toString("utf8") };
}
