import type { BucketCall, S3Handler } from "../operation.js";
import { commonPrefixesOf, contentsOf, encoderOf } from "../list-results.js";
import { maxKeysOf, optionalParameter } from "../query-parameters.js";
import { S3Error } from "../s3-error.js";
import { xmlResponse } from "../s3-response.js";

/**
 * GET /<bucket>?list-type=2 — ListObjectsV2. Continuation tokens are opaque to clients: a version
 * tag and the base64url of the last entry returned (a key or a common prefix), which the engine
 * continues strictly after, so pages stay right while keys are added between calls.
 */
export const listObjectsV2: S3Handler<BucketCall> = ({ engine, bucket, query }) => {
  const prefix = optionalParameter(query, "prefix");
  const delimiter = optionalParameter(query, "delimiter");
  const startAfter = optionalParameter(query, "start-after");
  const continuationToken = query.get("continuation-token");
  const maxKeys = maxKeysOf(query);
  const fetchOwner = query.get("fetch-owner") === "true";
  const { encode, encodingType } = encoderOf(query);
  const after = continuationToken === null ? startAfter : decodeToken(continuationToken);
  const result = engine.listObjects({
    bucket,
    maxKeys,
    ...(prefix === undefined ? {} : { prefix }),
    ...(delimiter === undefined ? {} : { delimiter }),
    ...(after === undefined ? {} : { after }),
  });
  return xmlResponse("ListBucketResult", {
    Name: bucket,
    Prefix: encode(prefix ?? ""),
    ContinuationToken: continuationToken ?? undefined,
    NextContinuationToken:
      result.isTruncated && result.lastEntry !== undefined ? encodeToken(result.lastEntry) : undefined,
    KeyCount: result.objects.length + result.commonPrefixes.length,
    MaxKeys: maxKeys,
    Delimiter: delimiter === undefined ? undefined : encode(delimiter),
    EncodingType: encodingType,
    IsTruncated: result.isTruncated,
    StartAfter: startAfter === undefined ? undefined : encode(startAfter),
    Contents: result.objects.map((record) => contentsOf(record, encode, fetchOwner)),
    CommonPrefixes: commonPrefixesOf(result.commonPrefixes, encode),
  });
};

const TOKEN_VERSION = "1";

export const encodeToken = (lastEntry: string): string =>
  TOKEN_VERSION + Buffer.from(lastEntry, "utf8").toString("base64url");

export function decodeToken(token: string): string {
  const payload = token.slice(TOKEN_VERSION.length);
  const lastEntry = Buffer.from(payload, "base64url").toString("utf8");
  if (!token.startsWith(TOKEN_VERSION) || lastEntry === "" || encodeToken(lastEntry) !== token) {
    throw new S3Error("InvalidArgument", "The continuation token provided is incorrect", {
      ArgumentName: "continuation-token",
    });
  }
  return lastEntry;
}
