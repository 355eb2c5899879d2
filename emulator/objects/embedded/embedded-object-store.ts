import { GtError } from "../../errors.js";
import type {
  PutEntry,
  ListedObject,
  ObjectBody,
  ObjectLocation,
  ObjectStore,
  PutOptions,
  ReadRange,
  StoredObjectInfo,
} from "../object-store.js";
import type { ObjectRecord, S3Engine } from "./s3-engine.js";

const info = (record: ObjectRecord): StoredObjectInfo => ({
  size: record.size,
  etag: record.etag,
  lastModified: record.lastModified,
  contentType: record.contentType,
  userMetadata: record.userMetadata,
});

const asBytesOrChunks = (body: ObjectBody): AsyncIterable<Uint8Array> | Uint8Array =>
  typeof body === "string" ? Buffer.from(body, "utf8") : body;

/** The ObjectStore port over the embedded engine: what the core sees of gt-local's own S3. */
export class EmbeddedObjectStore implements ObjectStore {
  readonly kind = "embedded";

  constructor(
    private readonly engine: S3Engine,
    private readonly region: string,
  ) {}

  // The engine is synchronous apart from streaming bodies; these methods are async for the port.
  async ensureBucket(bucket: string): Promise<void> {
    if (!this.engine.listBuckets().some((existing) => existing.name === bucket)) {
      this.engine.createBucket(bucket, this.region);
    }
    await Promise.resolve();
  }

  async put(location: ObjectLocation, body: ObjectBody, options: PutOptions = {}): Promise<StoredObjectInfo> {
    const record = await this.engine.putObject({
      bucket: location.bucket,
      key: location.key,
      body: asBytesOrChunks(body),
      ...(options.contentType === undefined ? {} : { contentType: options.contentType }),
      userMetadata: options.userMetadata ?? {},
    });
    return info(record);
  }

  async putMany(entries: readonly PutEntry[]): Promise<void> {
    await this.engine.putObjects(
      entries.map(({ location, body, options = {} }) => ({
        bucket: location.bucket,
        key: location.key,
        body: asBytesOrChunks(body),
        ...(options.contentType === undefined ? {} : { contentType: options.contentType }),
        userMetadata: options.userMetadata ?? {},
      })),
    );
  }

  async get(
    location: ObjectLocation,
    range?: ReadRange,
  ): Promise<{ info: StoredObjectInfo; body: AsyncIterable<Uint8Array> }> {
    await Promise.resolve();
    const record = this.engine.headObject(location.bucket, location.key);
    if (range === undefined) return { info: info(record), body: this.engine.openObject(record) };
    const end = Math.min(range.end ?? record.size - 1, record.size - 1);
    if (range.start >= record.size || range.start > end) {
      throw new GtError("InvalidRange", "The requested range is not satisfiable");
    }
    return { info: info(record), body: this.engine.openObject(record, { start: range.start, end }) };
  }

  async head(location: ObjectLocation): Promise<StoredObjectInfo | undefined> {
    await Promise.resolve();
    try {
      return info(this.engine.headObject(location.bucket, location.key));
    } catch (error) {
      if (error instanceof GtError && (error.code === "NoSuchKey" || error.code === "NoSuchBucket"))
        return undefined;
      throw error;
    }
  }

  async *list(bucket: string, prefix = ""): AsyncIterable<ListedObject> {
    let after: string | undefined;
    for (;;) {
      const page = this.engine.listObjects({
        bucket,
        prefix,
        maxKeys: 1000,
        ...(after === undefined ? {} : { after }),
      });
      for (const record of page.objects) {
        yield { key: record.key, size: record.size, etag: record.etag, lastModified: record.lastModified };
      }
      if (!page.isTruncated || page.lastEntry === undefined) return;
      after = page.lastEntry;
      await Promise.resolve();
    }
  }

  async delete(location: ObjectLocation): Promise<void> {
    await Promise.resolve();
    this.engine.deleteObject(location.bucket, location.key);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
