/**
 * The ObjectStore port: the only way the domain core reads and writes S3 objects (manifests, label
 * category files, templates, output). Two implementations: the embedded store (bytes under the data
 * dir, metadata in SQLite) and any external S3 reached through @aws-sdk/client-s3.
 *
 * Errors are GtErrors with S3's codes (NoSuchBucket, NoSuchKey, InvalidRange, ...), whichever
 * implementation is active, so callers never see a transport error type.
 */
export interface ObjectLocation {
  bucket: string;
  key: string;
}

export interface StoredObjectInfo {
  size: number;
  /** The ETag without quotes: the MD5 hex, or `<md5 of part MD5s>-<parts>` for multipart objects. */
  etag: string;
  lastModified: Date;
  contentType: string;
  userMetadata: Record<string, string>;
}

export interface ListedObject {
  key: string;
  size: number;
  etag: string;
  lastModified: Date;
}

/** Inclusive byte offsets; `end` omitted means to the end of the object. */
export interface ReadRange {
  start: number;
  end?: number;
}

export type ObjectBody = Uint8Array | string | AsyncIterable<Uint8Array>;

export interface PutOptions {
  contentType?: string;
  userMetadata?: Record<string, string>;
}

/** One object of a batch: bytes already in memory. */
export interface PutEntry {
  location: ObjectLocation;
  body: Uint8Array | string;
  options?: PutOptions;
}

export interface ObjectStore {
  readonly kind: "embedded" | "external";
  /** Creates the bucket when it does not exist yet (no error when it does). */
  ensureBucket(bucket: string): Promise<void>;
  put(location: ObjectLocation, body: ObjectBody, options?: PutOptions): Promise<StoredObjectInfo>;
  /**
   * Many small objects at once (a job's worker-response files): the embedded store commits their
   * rows in one transaction, an external S3 gets a bounded number of PUTs in flight.
   */
  putMany(entries: readonly PutEntry[]): Promise<void>;
  /** Streams the object (or a range of it). Throws NoSuchBucket / NoSuchKey / InvalidRange. */
  get(
    location: ObjectLocation,
    range?: ReadRange,
  ): Promise<{ info: StoredObjectInfo; body: AsyncIterable<Uint8Array> }>;
  /** The object's metadata, or undefined when the key (or its bucket) does not exist. */
  head(location: ObjectLocation): Promise<StoredObjectInfo | undefined>;
  /** Every object under `prefix`, in S3's key order (UTF-8 binary). */
  list(bucket: string, prefix?: string): AsyncIterable<ListedObject>;
  /** Removes the object; removing a missing key is not an error (as in S3). */
  delete(location: ObjectLocation): Promise<void>;
  /** Releases connections or handles; the store is unusable afterwards. */
  close(): Promise<void>;
}

/**
 * Makes short-lived browser URLs for objects (the template filter `grant_read_access`), for
 * whichever store is active: gt-local's own endpoint, or the external S3's.
 */
export interface UrlSigner {
  presignGet(location: ObjectLocation, expiresInSeconds: number): Promise<string>;
}

/** Reads a whole body into memory; for small objects (manifests, label files, templates). */
export async function readAll(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks);
}
