import { GtError } from "../../../emulator/errors.js";
import type { ObjectRecord } from "../../../emulator/objects/embedded/s3-engine.js";
import { objectAttributesOf } from "../object-headers.js";
import type { ObjectCall, S3Handler } from "../operation.js";
import { evaluatePreconditions, preconditionsOf } from "../preconditions.js";
import { S3Error } from "../s3-error.js";
import { isoDate, quoteEtag, xmlResponse } from "../s3-response.js";

/**
 * PUT /<bucket>/<key> with `x-amz-copy-source` — `x-amz-metadata-directive` COPY (the default)
 * keeps the source's content type, headers and metadata; REPLACE takes the request's. The
 * `x-amz-copy-source-if-*` conditions apply to the source; any that fails is 412.
 */
export const copyObject: S3Handler<ObjectCall> = async (call) => {
  const source = parseCopySource(call.headers.get("x-amz-copy-source") ?? "");
  const metadataDirective = metadataDirectiveOf(call.headers.get("x-amz-metadata-directive"));
  const sourceRecord = headSource(call, source);
  const outcome = evaluatePreconditions(
    preconditionsOf(call.headers, "x-amz-copy-source-"),
    sourceRecord.etag,
    sourceRecord.lastModified,
  );
  if (outcome.kind !== "proceed") {
    throw new S3Error("PreconditionFailed", undefined, {
      Condition: `x-amz-copy-source-${outcome.condition}`,
    });
  }
  const record = await call.engine.copyObject({
    sourceBucket: source.bucket,
    sourceKey: source.key,
    bucket: call.bucket,
    key: call.key,
    metadataDirective,
    ...(metadataDirective === "REPLACE" ? objectAttributesOf(call.headers) : {}),
  });
  return xmlResponse("CopyObjectResult", {
    LastModified: isoDate(record.lastModified),
    ETag: quoteEtag(record.etag),
  });
};

/** `x-amz-copy-source`: URL-encoded `[/]<bucket>/<key>`, optionally `?versionId=`. */
export function parseCopySource(header: string): { bucket: string; key: string } {
  const invalid = (): S3Error =>
    new S3Error(
      "InvalidArgument",
      "Copy Source must mention the source bucket and key: sourcebucket/sourcekey",
      {
        ArgumentName: "x-amz-copy-source",
        ArgumentValue: header,
      },
    );
  const question = header.indexOf("?");
  const path = (question === -1 ? header : header.slice(0, question)).replace(/^\//u, "");
  const versionId = question === -1 ? null : new URLSearchParams(header.slice(question + 1)).get("versionId");
  if (versionId !== null && versionId !== "null") {
    throw new S3Error("InvalidArgument", "Invalid version id specified", {
      ArgumentName: "x-amz-copy-source",
      ArgumentValue: header,
    });
  }
  const slash = path.indexOf("/");
  if (slash <= 0 || slash === path.length - 1) throw invalid();
  try {
    return {
      bucket: decodeURIComponent(path.slice(0, slash)),
      key: decodeURIComponent(path.slice(slash + 1)),
    };
  } catch {
    throw invalid();
  }
}

function metadataDirectiveOf(value: string | null): "COPY" | "REPLACE" {
  if (value === null || value === "COPY" || value === "REPLACE") return value ?? "COPY";
  throw new S3Error("InvalidArgument", "Unknown metadata directive.", {
    ArgumentName: "x-amz-metadata-directive",
    ArgumentValue: value,
  });
}

/** The source object; its NoSuchBucket/NoSuchKey name the source, not the destination. */
function headSource(call: ObjectCall, source: { bucket: string; key: string }): ObjectRecord {
  try {
    return call.engine.headObject(source.bucket, source.key);
  } catch (error) {
    if (error instanceof GtError && error.code === "NoSuchKey") {
      throw new S3Error("NoSuchKey", undefined, { Key: source.key });
    }
    if (error instanceof GtError && error.code === "NoSuchBucket") {
      throw new S3Error("NoSuchBucket", undefined, { BucketName: source.bucket });
    }
    throw error;
  }
}
