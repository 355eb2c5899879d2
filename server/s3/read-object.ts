import type { ObjectRecord } from "../../emulator/objects/embedded/s3-engine.js";
import { contentRange, resolveRange, type RangeResolution } from "./byte-range.js";
import { objectHeaders } from "./object-headers.js";
import type { ObjectCall } from "./operation.js";
import { evaluatePreconditions, preconditionsOf } from "./preconditions.js";
import { S3Error } from "./s3-error.js";
import { nodeStreamResponse } from "../http/node-body.js";
import { emptyResponse, httpDate, quoteEtag } from "./s3-response.js";
import { partNumberOf } from "./query-parameters.js";
import { readableToWeb } from "./web-stream.js";

/**
 * GetObject and HeadObject: preconditions first (412, or 304 without a body), then the Range
 * (206 with Content-Range, or 416 InvalidRange), then the headers and, for GET, the bytes
 * streamed from the engine.
 */
export function readObject(call: ObjectCall, withBody: boolean): Response {
  const record = call.engine.headObject(call.bucket, call.key);
  const outcome = evaluatePreconditions(preconditionsOf(call.headers), record.etag, record.lastModified);
  if (outcome.kind === "failed") {
    throw new S3Error("PreconditionFailed", undefined, { Condition: outcome.condition });
  }
  if (outcome.kind === "not-modified") {
    return emptyResponse(304, {
      etag: quoteEtag(record.etag),
      "last-modified": httpDate(record.lastModified),
    });
  }
  const rangeHeader = call.headers.get("range");
  const range = call.query.has("partNumber")
    ? wholeObjectAsPart(record, call.query.get("partNumber"), rangeHeader)
    : resolveRange(rangeHeader, record.size);
  if (range.kind === "unsatisfiable") {
    throw new S3Error(
      "InvalidRange",
      undefined,
      { RangeRequested: rangeHeader ?? "", ActualObjectSize: record.size },
      { "content-range": `bytes */${record.size}` },
    );
  }
  const partial = range.kind === "partial" ? range.range : undefined;
  const headers = objectHeaders(record, {
    includeChecksum:
      partial === undefined && call.headers.get("x-amz-checksum-mode")?.toUpperCase() === "ENABLED",
    query: call.query,
  });
  const length = partial === undefined ? record.size : partial.end - partial.start + 1;
  headers.set("content-length", String(length));
  if (partial !== undefined) headers.set("content-range", contentRange(partial, record.size));
  const init = { status: partial === undefined ? 200 : 206, headers };
  if (!withBody || length === 0) return new Response(null, init);
  const readable = call.engine.openObject(record, partial);
  return nodeStreamResponse(readable, readableToWeb(readable), init);
}

/**
 * `?partNumber=N` reads one part of a multipart object. Part boundaries are not kept once an
 * upload completes, so only the one part of a simple object (all of it, as 206) is served; that is
 * what transfer managers ask first, and an object without `x-amz-mp-parts-count` ends there.
 */
function wholeObjectAsPart(
  record: ObjectRecord,
  value: string | null,
  rangeHeader: string | null,
): RangeResolution {
  const partNumber = partNumberOf(value);
  if (rangeHeader !== null) {
    throw new S3Error("InvalidRequest", "Cannot specify both Range header and partNumber query parameter");
  }
  if (record.etag.includes("-")) {
    throw new S3Error(
      "NotImplemented",
      "gt-local does not implement reading one part of a multipart object.",
    );
  }
  if (partNumber !== 1)
    throw new S3Error("InvalidPartNumber", undefined, {
      PartNumberRequested: partNumber,
      ActualPartCount: 1,
    });
  return record.size === 0
    ? { kind: "whole" }
    : { kind: "partial", range: { start: 0, end: record.size - 1 } };
}
