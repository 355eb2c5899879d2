import type { WriteOptions, WrittenBlob } from "./blob-store.js";
import {
  assertKey,
  DEFAULT_CONTENT_TYPE,
  isComputed,
  resolveChecksum,
  verifyDigests,
} from "./object-checks.js";
import type { StoredObject } from "./object-repository.js";
import type { ObjectRecord, PutObjectInput } from "./s3-engine.js";

/** What a put asks of the blob store: the length to hold the body to, the checksum to compute. */
export function writeOptions(input: PutObjectInput): WriteOptions {
  const algorithm = input.checksum?.algorithm;
  return {
    ...(input.expectedLength === undefined ? {} : { expectedLength: input.expectedLength }),
    ...(algorithm !== undefined && isComputed(algorithm) ? { checksum: algorithm } : {}),
    ...(input.payloadSha256 === undefined ? {} : { payloadSha256: true }),
  };
}

/** The row for a written body, once its digests check out (BadDigest otherwise). */
export function storedObjectFor(input: PutObjectInput, now: Date, blob: WrittenBlob): StoredObject {
  assertKey(input.key);
  const record: ObjectRecord = {
    bucket: input.bucket,
    key: input.key,
    size: blob.size,
    etag: blob.md5Hex,
    lastModified: now,
    contentType: input.contentType ?? DEFAULT_CONTENT_TYPE,
    headers: input.headers ?? {},
    userMetadata: input.userMetadata ?? {},
  };
  const checksum = resolveChecksum(input.checksum);
  verifyDigests(blob, input, checksum);
  if (checksum) record.checksum = checksum;
  return { record, blobId: blob.blobId };
}
