import type { Readable } from "node:stream";

/**
 * The embedded S3 engine: the full bucket/object/multipart semantics behind gt-local's own S3
 * REST API (server/s3). Bytes live in files under the data dir, metadata in SQLite. All methods
 * throw GtErrors with S3's codes (NoSuchBucket, NoSuchKey, BucketNotEmpty, InvalidPart, ...).
 */
export interface BucketRecord {
  name: string;
  region: string;
  creationDate: Date;
}

/** Standard headers S3 stores with an object and returns on GET/HEAD. */
export interface StoredHeaders {
  contentEncoding?: string;
  contentDisposition?: string;
  contentLanguage?: string;
  cacheControl?: string;
  expires?: string;
}

export type ChecksumAlgorithm = "CRC32" | "CRC32C" | "CRC64NVME" | "SHA1" | "SHA256";

export interface StoredChecksum {
  algorithm: ChecksumAlgorithm;
  /** Base64, as in the `x-amz-checksum-*` headers. */
  value: string;
}

export interface DeclaredChecksum {
  algorithm: ChecksumAlgorithm;
  value: string | (() => string | undefined);
}

export interface ObjectRecord {
  bucket: string;
  key: string;
  size: number;
  /** Without quotes: MD5 hex, or `<hex>-<parts>` for a completed multipart upload. */
  etag: string;
  lastModified: Date;
  contentType: string;
  headers: StoredHeaders;
  userMetadata: Record<string, string>;
  checksum?: StoredChecksum;
}

export interface PutObjectInput {
  bucket: string;
  key: string;
  /**
   * The decoded payload (aws-chunked framing already removed by the protocol layer); bytes already
   * in memory are passed whole, which lets a small body be written in one call.
   */
  body: AsyncIterable<Uint8Array> | Uint8Array;
  contentType?: string;
  headers?: StoredHeaders;
  userMetadata?: Record<string, string>;
  /** When given, the stored bytes must have this MD5 (base64, from Content-MD5) or BadDigest. */
  contentMd5?: string;
  /**
   * Stored and returned on GET/HEAD; verified for the algorithms the engine can compute (CRC32,
   * SHA1, SHA256). The value may be a function, called once the body has been read, for checksums
   * sent as aws-chunked trailers: the algorithm is known up front (`x-amz-trailer`), the value last.
   */
  checksum?: DeclaredChecksum;
  /** When given, the body must be exactly this long or IncompleteBody. */
  expectedLength?: number;
  /** When given (a SigV4 payload hash, lowercase hex), the body must hash to it or XAmzContentSHA256Mismatch. */
  payloadSha256?: string;
}

export interface CopyObjectInput {
  sourceBucket: string;
  sourceKey: string;
  bucket: string;
  key: string;
  /** COPY keeps the source's content type, headers and metadata; REPLACE takes the ones given. */
  metadataDirective: "COPY" | "REPLACE";
  contentType?: string;
  headers?: StoredHeaders;
  userMetadata?: Record<string, string>;
}

export interface ListObjectsInput {
  bucket: string;
  prefix?: string;
  delimiter?: string;
  /**
   * Continue strictly after this entry (a key, or a common prefix previously returned: then
   * every key under that prefix is skipped too). Serves v1 `marker`, v2 `start-after` and v2
   * continuation tokens.
   */
  after?: string;
  maxKeys: number;
}

export interface ListObjectsResult {
  objects: ObjectRecord[];
  commonPrefixes: string[];
  isTruncated: boolean;
  /** The last entry returned (key or common prefix), to pass as `after` for the next page. */
  lastEntry?: string;
}

export interface MultipartUpload {
  uploadId: string;
  bucket: string;
  key: string;
  initiated: Date;
}

export interface PartRecord {
  partNumber: number;
  etag: string;
  size: number;
  lastModified: Date;
}

export interface ListPartsResult {
  upload: MultipartUpload;
  parts: PartRecord[];
  isTruncated: boolean;
  nextPartNumberMarker?: number;
}

/** Inclusive byte offsets, already resolved against the object's size by the caller. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface S3Engine {
  listBuckets(): BucketRecord[];
  /** InvalidBucketName; BucketAlreadyOwnedByYou when it exists (single-tenant emulator). */
  createBucket(name: string, region: string): BucketRecord;
  /** NoSuchBucket. */
  headBucket(name: string): BucketRecord;
  /** NoSuchBucket; BucketNotEmpty while objects or multipart uploads remain. */
  deleteBucket(name: string): void;

  /** Streams to a temp file, renames it into place, then commits the row. */
  putObject(input: PutObjectInput): Promise<ObjectRecord>;
  /** NoSuchBucket; NoSuchKey. */
  headObject(bucket: string, key: string): ObjectRecord;
  /** A stream of the object's bytes (or the inclusive range). The record must come from headObject. */
  openObject(record: ObjectRecord, range?: ByteRange): Readable;
  /** NoSuchBucket; a missing key is not an error. */
  deleteObject(bucket: string, key: string): void;
  deleteObjects(bucket: string, keys: readonly string[]): { deleted: string[] };
  /** Many puts, their rows committed together: all or nothing. */
  putObjects(inputs: readonly PutObjectInput[]): Promise<ObjectRecord[]>;
  /** NoSuchBucket / NoSuchKey for the source or target bucket. */
  copyObject(input: CopyObjectInput): Promise<ObjectRecord>;
  /** NoSuchBucket. Keys in UTF-8 binary order, as S3 lists them. */
  listObjects(input: ListObjectsInput): ListObjectsResult;

  createMultipartUpload(input: {
    bucket: string;
    key: string;
    contentType?: string;
    headers?: StoredHeaders;
    userMetadata?: Record<string, string>;
  }): MultipartUpload;
  /** NoSuchUpload. Returns the part's ETag (MD5 hex). Re-uploading a part number replaces it. */
  uploadPart(input: {
    bucket: string;
    key: string;
    uploadId: string;
    partNumber: number;
    body: AsyncIterable<Uint8Array> | Uint8Array;
    contentMd5?: string;
    expectedLength?: number;
    /** As PutObjectInput's. */
    payloadSha256?: string;
  }): Promise<{ etag: string }>;
  /** NoSuchUpload. */
  listParts(input: {
    bucket: string;
    key: string;
    uploadId: string;
    partNumberMarker?: number;
    maxParts: number;
  }): ListPartsResult;
  /**
   * NoSuchUpload; InvalidPart (unknown part or ETag mismatch); InvalidPartOrder (not ascending);
   * EntityTooSmall (a part other than the last under 5 MiB). The ETag is `<md5 of part MD5s>-<n>`.
   */
  completeMultipartUpload(input: {
    bucket: string;
    key: string;
    uploadId: string;
    parts: readonly { partNumber: number; etag: string }[];
  }): Promise<ObjectRecord>;
  /** NoSuchUpload. */
  abortMultipartUpload(input: { bucket: string; key: string; uploadId: string }): void;
}
