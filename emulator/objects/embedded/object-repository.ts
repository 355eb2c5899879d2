import type { SqliteDatabase } from "../../storage/database.js";
import { transactionRunner } from "../../storage/transactions.js";
import type {
  BucketRecord,
  ChecksumAlgorithm,
  MultipartUpload,
  ObjectRecord,
  PartRecord,
  StoredHeaders,
} from "./s3-engine.js";

interface ObjectRow {
  bucket: string;
  key: string;
  blob_id: string;
  size: number;
  etag: string;
  last_modified_ms: number;
  content_type: string;
  headers_json: string;
  metadata_json: string;
  checksum_algorithm: string | null;
  checksum_value: string | null;
}

interface UploadRow {
  upload_id: string;
  bucket: string;
  key: string;
  initiated_ms: number;
  content_type: string | null;
  headers_json: string;
  metadata_json: string;
}

interface PartRow {
  part_number: number;
  blob_id: string;
  size: number;
  etag: string;
  last_modified_ms: number;
}

export interface StoredObject {
  record: ObjectRecord;
  blobId: string;
}

export interface StoredUpload {
  upload: MultipartUpload;
  contentType?: string;
  headers: StoredHeaders;
  userMetadata: Record<string, string>;
}

export interface StoredPart extends PartRecord {
  blobId: string;
}

function toObject(row: ObjectRow): StoredObject {
  const record: ObjectRecord = {
    bucket: row.bucket,
    key: row.key,
    size: row.size,
    etag: row.etag,
    lastModified: new Date(row.last_modified_ms),
    contentType: row.content_type,
    headers: JSON.parse(row.headers_json) as StoredHeaders,
    userMetadata: JSON.parse(row.metadata_json) as Record<string, string>,
  };
  if (row.checksum_algorithm !== null && row.checksum_value !== null) {
    record.checksum = { algorithm: row.checksum_algorithm as ChecksumAlgorithm, value: row.checksum_value };
  }
  return { record, blobId: row.blob_id };
}

const toPart = (row: PartRow): StoredPart => ({
  partNumber: row.part_number,
  etag: row.etag,
  size: row.size,
  lastModified: new Date(row.last_modified_ms),
  blobId: row.blob_id,
});

/** All SQL of the embedded S3 store; statements are prepared once. */
export class ObjectRepository {
  private readonly statements;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = {
      insertBucket: db.prepare("INSERT INTO s3_buckets (name, region, created_ms) VALUES (?, ?, ?)"),
      findBucket: db.prepare<[string], { name: string; region: string; created_ms: number }>(
        "SELECT * FROM s3_buckets WHERE name = ?",
      ),
      listBuckets: db.prepare<[], { name: string; region: string; created_ms: number }>(
        "SELECT * FROM s3_buckets ORDER BY name",
      ),
      deleteBucket: db.prepare("DELETE FROM s3_buckets WHERE name = ?"),
      bucketHasContent: db.prepare<[string, string], { found: number }>(
        `SELECT EXISTS (SELECT 1 FROM s3_objects WHERE bucket = ?)
             OR EXISTS (SELECT 1 FROM s3_uploads WHERE bucket = ?) AS found`,
      ),
      findObject: db.prepare<[string, string], ObjectRow>(
        "SELECT * FROM s3_objects WHERE bucket = ? AND key = ?",
      ),
      // The blob alone, as a value: a put or delete needs nothing else of the row it replaces.
      blobIdOf: db
        .prepare<[string, string], string>("SELECT blob_id FROM s3_objects WHERE bucket = ? AND key = ?")
        .pluck(),
      upsertObject: db.prepare(
        `INSERT INTO s3_objects (bucket, key, blob_id, size, etag, last_modified_ms, content_type, headers_json,
           metadata_json, checksum_algorithm, checksum_value)
         VALUES (@bucket, @key, @blobId, @size, @etag, @lastModifiedMs, @contentType, @headersJson, @metadataJson,
           @checksumAlgorithm, @checksumValue)
         ON CONFLICT (bucket, key) DO UPDATE SET blob_id = excluded.blob_id, size = excluded.size,
           etag = excluded.etag, last_modified_ms = excluded.last_modified_ms, content_type = excluded.content_type,
           headers_json = excluded.headers_json, metadata_json = excluded.metadata_json,
           checksum_algorithm = excluded.checksum_algorithm, checksum_value = excluded.checksum_value`,
      ),
      deleteObject: db.prepare("DELETE FROM s3_objects WHERE bucket = ? AND key = ?"),
      listAfter: db.prepare<{ bucket: string; after: string; limit: number }, ObjectRow>(
        "SELECT * FROM s3_objects WHERE bucket = @bucket AND key > @after ORDER BY key LIMIT @limit",
      ),
      listPrefixAfter: db.prepare<
        { bucket: string; after: string; prefix: string; below: string; limit: number },
        ObjectRow
      >(
        `SELECT * FROM s3_objects WHERE bucket = @bucket AND key > @after AND key >= @prefix AND key < @below
         ORDER BY key LIMIT @limit`,
      ),
      insertUpload: db.prepare(
        `INSERT INTO s3_uploads (upload_id, bucket, key, initiated_ms, content_type, headers_json, metadata_json)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      findUpload: db.prepare<[string], UploadRow>("SELECT * FROM s3_uploads WHERE upload_id = ?"),
      deleteUpload: db.prepare("DELETE FROM s3_uploads WHERE upload_id = ?"),
      upsertPart: db.prepare(
        `INSERT INTO s3_parts (upload_id, part_number, blob_id, size, etag, last_modified_ms) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (upload_id, part_number) DO UPDATE SET blob_id = excluded.blob_id, size = excluded.size,
           etag = excluded.etag, last_modified_ms = excluded.last_modified_ms`,
      ),
      findPart: db.prepare<[string, number], PartRow>(
        "SELECT * FROM s3_parts WHERE upload_id = ? AND part_number = ?",
      ),
      listParts: db.prepare<[string, number, number], PartRow>(
        "SELECT * FROM s3_parts WHERE upload_id = ? AND part_number > ? ORDER BY part_number LIMIT ?",
      ),
      allParts: db.prepare<[string], PartRow>(
        "SELECT * FROM s3_parts WHERE upload_id = ? ORDER BY part_number",
      ),
      referencedBlobs: db.prepare<[], { blob_id: string }>(
        "SELECT blob_id FROM s3_objects UNION SELECT blob_id FROM s3_parts",
      ),
    };
  }

  transaction<T>(work: () => T): T {
    return transactionRunner(this.db)(work);
  }

  insertBucket(bucket: BucketRecord): void {
    this.statements.insertBucket.run(bucket.name, bucket.region, bucket.creationDate.getTime());
  }

  findBucket(name: string): BucketRecord | undefined {
    const row = this.statements.findBucket.get(name);
    return row && { name: row.name, region: row.region, creationDate: new Date(row.created_ms) };
  }

  listBuckets(): BucketRecord[] {
    return this.statements.listBuckets
      .all()
      .map((row) => ({ name: row.name, region: row.region, creationDate: new Date(row.created_ms) }));
  }

  bucketHasContent(name: string): boolean {
    return this.statements.bucketHasContent.get(name, name)?.found === 1;
  }

  deleteBucket(name: string): void {
    this.statements.deleteBucket.run(name);
  }

  findObject(bucket: string, key: string): StoredObject | undefined {
    const row = this.statements.findObject.get(bucket, key);
    return row ? toObject(row) : undefined;
  }

  /** Inserts or replaces; returns the blob the row pointed at before, for removal after commit. */
  saveObject(stored: StoredObject): string | undefined {
    const { record, blobId } = stored;
    const previous = this.statements.blobIdOf.get(record.bucket, record.key);
    this.statements.upsertObject.run({
      bucket: record.bucket,
      key: record.key,
      blobId,
      size: record.size,
      etag: record.etag,
      lastModifiedMs: record.lastModified.getTime(),
      contentType: record.contentType,
      headersJson: JSON.stringify(record.headers),
      metadataJson: JSON.stringify(record.userMetadata),
      checksumAlgorithm: record.checksum?.algorithm ?? null,
      checksumValue: record.checksum?.value ?? null,
    });
    return previous;
  }

  /** Deletes the row; returns its blob id for removal after commit. */
  deleteObject(bucket: string, key: string): string | undefined {
    const previous = this.statements.blobIdOf.get(bucket, key);
    this.statements.deleteObject.run(bucket, key);
    return previous;
  }

  /**
   * Keys strictly after `after` that start with `prefix`, in UTF-8 binary order (SQLite's BINARY
   * collation compares the UTF-8 bytes, as S3 orders keys). The prefix becomes an index range:
   * every key starting with it sorts below `prefix + U+10FFFF`, the largest code point.
   */
  objectsAfter(bucket: string, after: string, prefix: string, limit: number): StoredObject[] {
    const rows =
      prefix === ""
        ? this.statements.listAfter.all({ bucket, after, limit })
        : this.statements.listPrefixAfter.all({ bucket, after, prefix, below: `${prefix}\u{10FFFF}`, limit });
    return rows.filter((row) => row.key.startsWith(prefix)).map(toObject);
  }

  insertUpload(stored: StoredUpload): void {
    const { upload } = stored;
    this.statements.insertUpload.run(
      upload.uploadId,
      upload.bucket,
      upload.key,
      upload.initiated.getTime(),
      stored.contentType ?? null,
      JSON.stringify(stored.headers),
      JSON.stringify(stored.userMetadata),
    );
  }

  findUpload(uploadId: string): StoredUpload | undefined {
    const row = this.statements.findUpload.get(uploadId);
    if (!row) return undefined;
    const stored: StoredUpload = {
      upload: {
        uploadId: row.upload_id,
        bucket: row.bucket,
        key: row.key,
        initiated: new Date(row.initiated_ms),
      },
      headers: JSON.parse(row.headers_json) as StoredHeaders,
      userMetadata: JSON.parse(row.metadata_json) as Record<string, string>,
    };
    if (row.content_type !== null) stored.contentType = row.content_type;
    return stored;
  }

  /** Deletes the upload and its parts; returns the parts' blob ids for removal after commit. */
  deleteUpload(uploadId: string): string[] {
    const blobs = this.statements.allParts.all(uploadId).map((part) => part.blob_id);
    this.statements.deleteUpload.run(uploadId);
    return blobs;
  }

  /** Inserts or replaces a part; returns the replaced part's blob id. */
  savePart(uploadId: string, part: StoredPart): string | undefined {
    const previous = this.statements.findPart.get(uploadId, part.partNumber)?.blob_id;
    this.statements.upsertPart.run(
      uploadId,
      part.partNumber,
      part.blobId,
      part.size,
      part.etag,
      part.lastModified.getTime(),
    );
    return previous;
  }

  partsAfter(uploadId: string, marker: number, limit: number): StoredPart[] {
    return this.statements.listParts.all(uploadId, marker, limit).map(toPart);
  }

  allParts(uploadId: string): StoredPart[] {
    return this.statements.allParts.all(uploadId).map(toPart);
  }

  /** Every blob id a row refers to, read in one pass (start-up checks each blob file against it). */
  referencedBlobIds(): Set<string> {
    return new Set(this.statements.referencedBlobs.all().map((row) => row.blob_id));
  }
}
