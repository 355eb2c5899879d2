import { createHash, randomBytes } from "node:crypto";
import type { Readable } from "node:stream";
import type { Clock } from "../../clock.js";
import { GtError } from "../../errors.js";
import { assertValidBucketName } from "../bucket-name.js";
import type { BlobStore, ComputedChecksum, WrittenBlob } from "./blob-store.js";
import { listEntries } from "./list-entries.js";
import type { ObjectRepository, StoredObject } from "./object-repository.js";
import { completeUpload } from "./complete-upload.js";
import type {
  BucketRecord,
  ByteRange,
  CopyObjectInput,
  DeclaredChecksum,
  ListObjectsInput,
  ListObjectsResult,
  ListPartsResult,
  MultipartUpload,
  ObjectRecord,
  PutObjectInput,
  S3Engine,
  StoredChecksum,
  StoredHeaders,
} from "./s3-engine.js";

/** S3 stores this content type when a PUT names none. */
export const DEFAULT_CONTENT_TYPE = "binary/octet-stream";
const MAX_KEY_BYTES = 1024;

export const noSuchBucket = (): GtError => new GtError("NoSuchBucket", "The specified bucket does not exist");
export const noSuchKey = (): GtError => new GtError("NoSuchKey", "The specified key does not exist.");
export const noSuchUpload = (): GtError =>
  new GtError(
    "NoSuchUpload",
    "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
  );

function assertKey(key: string): void {
  if (Buffer.byteLength(key, "utf8") > MAX_KEY_BYTES) {
    throw new GtError("KeyTooLongError", "Your key is too long");
  }
  if (key.length === 0) throw new GtError("InvalidArgument", "An object key must not be empty.");
}

const COMPUTED: ReadonlySet<string> = new Set<ComputedChecksum>(["CRC32", "SHA1", "SHA256"]);
const isComputed = (algorithm: string): algorithm is ComputedChecksum => COMPUTED.has(algorithm);

/**
 * Checks a written body against Content-MD5 and the declared checksum. CRC32, SHA1 and SHA256 are
 * computed while the body streams in; CRC32C and CRC64NVME are stored as sent (see README).
 */
function verifyDigests(
  blob: WrittenBlob,
  contentMd5: string | undefined,
  checksum: StoredChecksum | undefined,
): void {
  if (contentMd5 !== undefined && contentMd5 !== blob.md5Base64) {
    throw new GtError("BadDigest", "The Content-MD5 you specified did not match what we received.");
  }
  if (checksum && isComputed(checksum.algorithm) && blob.checksum !== checksum.value) {
    throw new GtError(
      "BadDigest",
      `The ${checksum.algorithm.toLowerCase()} you specified did not match the calculated checksum.`,
    );
  }
}

function resolveChecksum(declared: DeclaredChecksum | undefined): StoredChecksum | undefined {
  if (declared === undefined) return undefined;
  const value = typeof declared.value === "function" ? declared.value() : declared.value;
  return value === undefined ? undefined : { algorithm: declared.algorithm, value };
}

/** The embedded S3 engine: SQLite rows over blob files (see s3-engine.ts for the contract). */
export class EmbeddedS3Engine implements S3Engine {
  constructor(
    private readonly repository: ObjectRepository,
    private readonly blobs: BlobStore,
    private readonly clock: Clock,
  ) {
    // A crash between writing a blob and committing its row leaves a file nothing points at.
    blobs.collectOrphans((blobId) => repository.isBlobReferenced(blobId));
  }

  private bucketOrThrow(name: string): BucketRecord {
    const bucket = this.repository.findBucket(name);
    if (!bucket) throw noSuchBucket();
    return bucket;
  }

  listBuckets(): BucketRecord[] {
    return this.repository.listBuckets();
  }

  createBucket(name: string, region: string): BucketRecord {
    assertValidBucketName(name);
    return this.repository.transaction(() => {
      if (this.repository.findBucket(name)) {
        throw new GtError(
          "BucketAlreadyOwnedByYou",
          "Your previous request to create the named bucket succeeded and you already own it.",
        );
      }
      const bucket: BucketRecord = { name, region, creationDate: this.clock.now() };
      this.repository.insertBucket(bucket);
      return bucket;
    });
  }

  headBucket(name: string): BucketRecord {
    return this.bucketOrThrow(name);
  }

  deleteBucket(name: string): void {
    this.repository.transaction(() => {
      this.bucketOrThrow(name);
      if (this.repository.bucketHasContent(name)) {
        throw new GtError("BucketNotEmpty", "The bucket you tried to delete is not empty");
      }
      this.repository.deleteBucket(name);
    });
  }

  async putObject(input: PutObjectInput): Promise<ObjectRecord> {
    this.bucketOrThrow(input.bucket);
    assertKey(input.key);
    const algorithm = input.checksum?.algorithm;
    const blob = await this.blobs.write(input.body, {
      ...(input.expectedLength === undefined ? {} : { expectedLength: input.expectedLength }),
      ...(algorithm !== undefined && isComputed(algorithm) ? { checksum: algorithm } : {}),
    });
    const record: ObjectRecord = {
      bucket: input.bucket,
      key: input.key,
      size: blob.size,
      etag: blob.md5Hex,
      lastModified: this.clock.now(),
      contentType: input.contentType ?? DEFAULT_CONTENT_TYPE,
      headers: input.headers ?? {},
      userMetadata: input.userMetadata ?? {},
    };
    try {
      const checksum = resolveChecksum(input.checksum);
      verifyDigests(blob, input.contentMd5, checksum);
      if (checksum) record.checksum = checksum;
      this.commit({ record, blobId: blob.blobId });
    } catch (error) {
      this.blobs.removeQuietly([blob.blobId]);
      throw error;
    }
    return record;
  }

  /** Commits an object row (the bucket must still exist), then drops the blob it replaced. */
  private commit(stored: StoredObject, alsoRemove: readonly string[] = [], inTransaction?: () => void): void {
    const replaced = this.repository.transaction(() => {
      this.bucketOrThrow(stored.record.bucket);
      inTransaction?.();
      return this.repository.saveObject(stored);
    });
    this.blobs.removeQuietly([...(replaced === undefined ? [] : [replaced]), ...alsoRemove]);
  }

  private storedOrThrow(bucket: string, key: string): StoredObject {
    this.bucketOrThrow(bucket);
    const stored = this.repository.findObject(bucket, key);
    if (!stored) throw noSuchKey();
    return stored;
  }

  headObject(bucket: string, key: string): ObjectRecord {
    return this.storedOrThrow(bucket, key).record;
  }

  openObject(record: ObjectRecord, range?: ByteRange): Readable {
    const stored = this.storedOrThrow(record.bucket, record.key);
    return this.blobs.open(stored.blobId, range);
  }

  deleteObject(bucket: string, key: string): void {
    const removed = this.repository.transaction(() => {
      this.bucketOrThrow(bucket);
      return this.repository.deleteObject(bucket, key);
    });
    if (removed !== undefined) this.blobs.removeQuietly([removed]);
  }

  deleteObjects(bucket: string, keys: readonly string[]): { deleted: string[] } {
    const removed = this.repository.transaction(() => {
      this.bucketOrThrow(bucket);
      return keys.flatMap((key) => {
        const blobId = this.repository.deleteObject(bucket, key);
        return blobId === undefined ? [] : [blobId];
      });
    });
    this.blobs.removeQuietly(removed);
    return { deleted: [...keys] };
  }

  async copyObject(input: CopyObjectInput): Promise<ObjectRecord> {
    const source = this.storedOrThrow(input.sourceBucket, input.sourceKey);
    this.bucketOrThrow(input.bucket);
    assertKey(input.key);
    const sameObject = input.sourceBucket === input.bucket && input.sourceKey === input.key;
    if (sameObject && input.metadataDirective === "COPY") {
      throw new GtError(
        "InvalidRequest",
        "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
      );
    }
    const blob = await this.blobs.write(this.blobs.open(source.blobId));
    const replace = input.metadataDirective === "REPLACE";
    const record: ObjectRecord = {
      ...source.record,
      bucket: input.bucket,
      key: input.key,
      lastModified: this.clock.now(),
      contentType: replace ? (input.contentType ?? DEFAULT_CONTENT_TYPE) : source.record.contentType,
      headers: replace ? (input.headers ?? {}) : source.record.headers,
      userMetadata: replace ? (input.userMetadata ?? {}) : source.record.userMetadata,
    };
    try {
      this.commit({ record, blobId: blob.blobId });
    } catch (error) {
      this.blobs.removeQuietly([blob.blobId]);
      throw error;
    }
    return record;
  }

  listObjects(input: ListObjectsInput): ListObjectsResult {
    this.bucketOrThrow(input.bucket);
    const result: ListObjectsResult = { objects: [], commonPrefixes: [], isTruncated: false };
    if (input.maxKeys <= 0) return result;
    let taken = 0;
    for (const entry of listEntries(
      this.repository,
      input.bucket,
      input.prefix ?? "",
      input.delimiter,
      input.after ?? "",
    )) {
      if (taken === input.maxKeys) {
        result.isTruncated = true;
        break;
      }
      taken++;
      if (entry.kind === "prefix") {
        result.commonPrefixes.push(entry.prefix);
        result.lastEntry = entry.prefix;
      } else {
        result.objects.push(entry.stored.record);
        result.lastEntry = entry.stored.record.key;
      }
    }
    return result;
  }

  createMultipartUpload(input: {
    bucket: string;
    key: string;
    contentType?: string;
    headers?: StoredHeaders;
    userMetadata?: Record<string, string>;
  }): MultipartUpload {
    this.bucketOrThrow(input.bucket);
    assertKey(input.key);
    const upload: MultipartUpload = {
      uploadId: randomBytes(24).toString("base64url"),
      bucket: input.bucket,
      key: input.key,
      initiated: this.clock.now(),
    };
    this.repository.insertUpload({
      upload,
      ...(input.contentType === undefined ? {} : { contentType: input.contentType }),
      headers: input.headers ?? {},
      userMetadata: input.userMetadata ?? {},
    });
    return upload;
  }

  private uploadOrThrow(bucket: string, key: string, uploadId: string) {
    this.bucketOrThrow(bucket);
    const stored = this.repository.findUpload(uploadId);
    if (stored?.upload.bucket !== bucket || stored.upload.key !== key) throw noSuchUpload();
    return stored;
  }

  async uploadPart(input: {
    bucket: string;
    key: string;
    uploadId: string;
    partNumber: number;
    body: AsyncIterable<Uint8Array>;
    contentMd5?: string;
    expectedLength?: number;
  }): Promise<{ etag: string }> {
    if (!Number.isInteger(input.partNumber) || input.partNumber < 1 || input.partNumber > 10_000) {
      throw new GtError("InvalidArgument", "Part number must be an integer between 1 and 10000, inclusive");
    }
    this.uploadOrThrow(input.bucket, input.key, input.uploadId);
    const blob = await this.blobs.write(
      input.body,
      input.expectedLength === undefined ? {} : { expectedLength: input.expectedLength },
    );
    try {
      verifyDigests(blob, input.contentMd5, undefined);
      const replaced = this.repository.transaction(() => {
        this.uploadOrThrow(input.bucket, input.key, input.uploadId);
        return this.repository.savePart(input.uploadId, {
          partNumber: input.partNumber,
          etag: blob.md5Hex,
          size: blob.size,
          lastModified: this.clock.now(),
          blobId: blob.blobId,
        });
      });
      if (replaced !== undefined) this.blobs.removeQuietly([replaced]);
    } catch (error) {
      this.blobs.removeQuietly([blob.blobId]);
      throw error;
    }
    return { etag: blob.md5Hex };
  }

  listParts(input: {
    bucket: string;
    key: string;
    uploadId: string;
    partNumberMarker?: number;
    maxParts: number;
  }): ListPartsResult {
    const stored = this.uploadOrThrow(input.bucket, input.key, input.uploadId);
    const rows = this.repository.partsAfter(input.uploadId, input.partNumberMarker ?? 0, input.maxParts + 1);
    const parts = rows.slice(0, input.maxParts).map(({ blobId: _blobId, ...part }) => part);
    const result: ListPartsResult = {
      upload: stored.upload,
      parts,
      isTruncated: rows.length > input.maxParts,
    };
    const last = parts.at(-1);
    if (result.isTruncated && last) result.nextPartNumberMarker = last.partNumber;
    return result;
  }

  async completeMultipartUpload(input: {
    bucket: string;
    key: string;
    uploadId: string;
    parts: readonly { partNumber: number; etag: string }[];
  }): Promise<ObjectRecord> {
    const stored = this.uploadOrThrow(input.bucket, input.key, input.uploadId);
    const chosen = completeUpload.chooseParts(this.repository.allParts(input.uploadId), input.parts);
    const blob = await this.blobs.concatenate(chosen.map((part) => part.blobId));
    const record: ObjectRecord = {
      bucket: input.bucket,
      key: input.key,
      size: blob.size,
      etag: completeUpload.multipartEtag(chosen.map((part) => part.etag)),
      lastModified: this.clock.now(),
      contentType: stored.contentType ?? DEFAULT_CONTENT_TYPE,
      headers: stored.headers,
      userMetadata: stored.userMetadata,
    };
    let partBlobs: string[] = [];
    try {
      this.commit({ record, blobId: blob.blobId }, [], () => {
        // Re-checked inside the transaction: a concurrent Complete or Abort wins cleanly.
        this.uploadOrThrow(input.bucket, input.key, input.uploadId);
        partBlobs = this.repository.deleteUpload(input.uploadId);
      });
    } catch (error) {
      this.blobs.removeQuietly([blob.blobId]);
      throw error;
    }
    this.blobs.removeQuietly(partBlobs);
    return record;
  }

  abortMultipartUpload(input: { bucket: string; key: string; uploadId: string }): void {
    const blobs = this.repository.transaction(() => {
      this.uploadOrThrow(input.bucket, input.key, input.uploadId);
      return this.repository.deleteUpload(input.uploadId);
    });
    this.blobs.removeQuietly(blobs);
  }
}

/** The MD5 hex of a buffer (used by tests and the port adapter). */
export const md5Hex = (data: Uint8Array): string => createHash("md5").update(data).digest("hex");
