import { createHash, randomBytes } from "node:crypto";
import type { Readable } from "node:stream";
import type { Clock } from "../../clock.js";
import { GtError } from "../../errors.js";
import { assertValidBucketName } from "../bucket-name.js";
import { BlobStore } from "./blob-store.js";
import { listEntries } from "./list-entries.js";
import type { ObjectRepository, StoredObject } from "./object-repository.js";
import { completeUpload } from "./complete-upload.js";
import { storedObjectFor, writeOptions } from "./stored-object.js";
import {
  assertKey,
  DEFAULT_CONTENT_TYPE,
  noSuchBucket,
  noSuchKey,
  noSuchUpload,
  verifyDigests,
} from "./object-checks.js";
import type {
  BucketRecord,
  ByteRange,
  CopyObjectInput,
  ListObjectsInput,
  ListObjectsResult,
  ListPartsResult,
  MultipartUpload,
  ObjectRecord,
  PutObjectInput,
  S3Engine,
  StoredHeaders,
} from "./s3-engine.js";

/** The embedded S3 engine: SQLite rows over blob files (see s3-engine.ts for the contract). */
export class EmbeddedS3Engine implements S3Engine {
  constructor(
    private readonly repository: ObjectRepository,
    private readonly blobs: BlobStore,
    private readonly clock: Clock,
  ) {
    // A crash between writing a blob and committing its row leaves a blob nothing points at.
    const referenced = repository.referencedBlobIds();
    blobs.collectOrphans((blobId) => referenced.has(blobId));
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
    if (BlobStore.isInline(input.body)) {
      const [record] = await this.putObjects([input]);
      if (record) return record;
    }
    const stored = await this.writeObject(input);
    try {
      this.commit(stored);
    } catch (error) {
      this.blobs.removeQuietly([stored.blobId]);
      throw error;
    }
    return stored.record;
  }

  /**
   * Puts many objects and commits all their rows in one transaction: for a job's thousands of
   * output files, a commit each was most of the cost. All or nothing, like a single put.
   */
  async putObjects(inputs: readonly PutObjectInput[]): Promise<ObjectRecord[]> {
    const inline = inputs.flatMap((input) =>
      BlobStore.isInline(input.body) ? [{ input, body: input.body }] : [],
    );
    if (inline.length === inputs.length) {
      // Bytes and rows in one transaction: nothing to undo if a put fails, SQLite rolls it all back.
      const replaced: string[] = [];
      // A batch goes to one or a few buckets: each is looked up once (none can go mid-transaction).
      const buckets = new Set<string>();
      const records = this.repository.transaction(() =>
        inline.map(({ input, body }) => {
          const stored = storedObjectFor(
            input,
            this.clock.now(),
            this.blobs.writeInline(body, writeOptions(input)),
          );
          if (!buckets.has(stored.record.bucket)) {
            this.bucketOrThrow(stored.record.bucket);
            buckets.add(stored.record.bucket);
          }
          const previous = this.repository.saveObject(stored);
          if (previous !== undefined) replaced.push(previous);
          return stored.record;
        }),
      );
      this.blobs.removeQuietly(replaced);
      await Promise.resolve();
      return records;
    }
    const written: StoredObject[] = [];
    try {
      for (const input of inputs) written.push(await this.writeObject(input));
      const replaced = this.repository.transaction(() =>
        written.flatMap((stored) => {
          this.bucketOrThrow(stored.record.bucket);
          return this.repository.saveObject(stored) ?? [];
        }),
      );
      this.blobs.removeQuietly(replaced);
    } catch (error) {
      this.blobs.removeQuietly(written.map((stored) => stored.blobId));
      throw error;
    }
    return written.map((stored) => stored.record);
  }

  /** Writes the body and checks it; the row is for the caller to commit (or the blob to remove). */
  private async writeObject(input: PutObjectInput): Promise<StoredObject> {
    this.bucketOrThrow(input.bucket);
    assertKey(input.key);
    const blob = await this.blobs.write(input.body, writeOptions(input));
    try {
      return storedObjectFor(input, this.clock.now(), blob);
    } catch (error) {
      this.blobs.removeQuietly([blob.blobId]);
      throw error;
    }
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
    payloadSha256?: string;
  }): Promise<{ etag: string }> {
    if (!Number.isInteger(input.partNumber) || input.partNumber < 1 || input.partNumber > 10_000) {
      throw new GtError("InvalidArgument", "Part number must be an integer between 1 and 10000, inclusive");
    }
    this.uploadOrThrow(input.bucket, input.key, input.uploadId);
    const blob = await this.blobs.write(input.body, {
      ...(input.expectedLength === undefined ? {} : { expectedLength: input.expectedLength }),
      ...(input.payloadSha256 === undefined ? {} : { payloadSha256: true }),
    });
    try {
      verifyDigests(blob, input, undefined);
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
