import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  paginateListObjectsV2,
  type BucketLocationConstraint,
  type S3Client,
} from "@aws-sdk/client-s3";
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
import { createS3Client, type ExternalS3Options } from "./s3-client.js";
import { isBucketAlreadyThere, isNotFound, toGtError } from "./s3-errors.js";
import { putBuffer, putStream, unquote, type UploadTarget } from "./stream-upload.js";

/**
 * The ObjectStore port over any S3 reached through @aws-sdk/client-s3: MinIO, LocalStack, s3rver,
 * or AWS itself. Every SDK error leaves as a GtError with S3's code (see s3-errors.ts).
 *
 * Gaps: `lastModified` returned by `put` is the local time the upload finished (PutObject's
 * answer does not carry S3's); `head`/`get`/`list` report S3's own.
 */

/** What S3 stores when an upload names no content type. */
const DEFAULT_CONTENT_TYPE = "binary/octet-stream";

const PUTS_IN_FLIGHT = 32;

export class ExternalObjectStore implements ObjectStore {
  readonly kind = "external";
  /** Exposed so a PresigningUrlSigner can sign for the same endpoint and credentials. */
  readonly client: S3Client;
  readonly #region: string;

  constructor(options: ExternalS3Options) {
    this.client = createS3Client(options);
    this.#region = options.region;
  }

  async ensureBucket(bucket: string): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: bucket }));
      return;
    } catch (error) {
      if (!isNotFound(error)) throw toGtError(error);
    }
    try {
      await this.client.send(
        new CreateBucketCommand({
          Bucket: bucket,
          // us-east-1 takes no location constraint; every other region requires its own.
          ...(this.#region === "us-east-1"
            ? {}
            : {
                CreateBucketConfiguration: { LocationConstraint: this.#region as BucketLocationConstraint },
              }),
        }),
      );
    } catch (error) {
      // Another writer created it between our HEAD and PUT (s3rver also says so for our own).
      if (!isBucketAlreadyThere(error)) throw toGtError(error);
    }
  }

  async put(location: ObjectLocation, body: ObjectBody, options: PutOptions = {}): Promise<StoredObjectInfo> {
    const target: UploadTarget = {
      client: this.client,
      bucket: location.bucket,
      key: location.key,
      // Sent explicitly: the SDK would otherwise label every upload application/octet-stream.
      contentType: options.contentType ?? DEFAULT_CONTENT_TYPE,
      // S3 keeps user metadata under lower-cased names (they travel as x-amz-meta-* headers).
      userMetadata: lowerCaseKeys(options.userMetadata ?? {}),
    };
    try {
      const { size, etag } =
        typeof body === "string"
          ? await putBuffer(target, Buffer.from(body, "utf8"))
          : body instanceof Uint8Array
            ? await putBuffer(target, body)
            : await putStream(target, body);
      return {
        size,
        etag,
        lastModified: new Date(),
        contentType: target.contentType,
        userMetadata: target.userMetadata,
      };
    } catch (error) {
      throw toGtError(error);
    }
  }

  /** A bounded number of PUTs in flight: enough to keep S3 busy, never a burst of thousands. */
  async putMany(entries: readonly PutEntry[]): Promise<void> {
    for (let start = 0; start < entries.length; start += PUTS_IN_FLIGHT) {
      await Promise.all(
        entries
          .slice(start, start + PUTS_IN_FLIGHT)
          .map((entry) => this.put(entry.location, entry.body, entry.options)),
      );
    }
  }

  async get(
    location: ObjectLocation,
    range?: ReadRange,
  ): Promise<{ info: StoredObjectInfo; body: AsyncIterable<Uint8Array> }> {
    const output = await this.client
      .send(
        new GetObjectCommand({
          Bucket: location.bucket,
          Key: location.key,
          ...(range === undefined ? {} : { Range: rangeHeader(range) }),
        }),
      )
      .catch((error: unknown) => {
        throw toGtError(error);
      });
    // A ranged answer's Content-Length is the slice's; the object's size is after the slash.
    const size = totalFromContentRange(output.ContentRange) ?? output.ContentLength ?? 0;
    return { info: toInfo({ ...output, ContentLength: size }), body: bytesOf(output.Body) };
  }

  async head(location: ObjectLocation): Promise<StoredObjectInfo | undefined> {
    try {
      const output = await this.client.send(
        new HeadObjectCommand({ Bucket: location.bucket, Key: location.key }),
      );
      return toInfo(output);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw toGtError(error);
    }
  }

  async *list(bucket: string, prefix?: string): AsyncIterable<ListedObject> {
    const pages = paginateListObjectsV2(
      { client: this.client },
      { Bucket: bucket, ...(prefix === undefined || prefix === "" ? {} : { Prefix: prefix }) },
    );
    try {
      for await (const page of pages) {
        for (const object of page.Contents ?? []) {
          yield {
            key: object.Key ?? "",
            size: object.Size ?? 0,
            etag: unquote(object.ETag),
            lastModified: object.LastModified ?? new Date(0),
          };
        }
      }
    } catch (error) {
      throw toGtError(error);
    }
  }

  async delete(location: ObjectLocation): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: location.bucket, Key: location.key }));
    } catch (error) {
      throw toGtError(error);
    }
  }

  close(): Promise<void> {
    this.client.destroy();
    return Promise.resolve();
  }
}

interface ObjectHeaders {
  ContentLength?: number | undefined;
  ETag?: string | undefined;
  LastModified?: Date | undefined;
  ContentType?: string | undefined;
  Metadata?: Record<string, string> | undefined;
}

function toInfo(output: ObjectHeaders): StoredObjectInfo {
  return {
    size: output.ContentLength ?? 0,
    etag: unquote(output.ETag),
    lastModified: output.LastModified ?? new Date(0),
    contentType: output.ContentType ?? DEFAULT_CONTENT_TYPE,
    userMetadata: { ...output.Metadata },
  };
}

function lowerCaseKeys(metadata: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(metadata).map(([name, value]) => [name.toLowerCase(), value]));
}

function rangeHeader({ start, end }: ReadRange): string {
  const valid =
    Number.isSafeInteger(start) &&
    start >= 0 &&
    (end === undefined || (Number.isSafeInteger(end) && end >= start));
  // S3 silently ignores a malformed Range and sends the whole object; a caller's bug should show.
  if (!valid) throw new GtError("InvalidArgument", `Invalid range: start ${start}, end ${String(end)}`);
  return `bytes=${start}-${end === undefined ? "" : String(end)}`;
}

/** `bytes 0-9/1234` → 1234 (undefined when absent or `*`). */
function totalFromContentRange(contentRange: string | undefined): number | undefined {
  const total = /\/(\d+)$/.exec(contentRange ?? "")?.[1];
  return total === undefined ? undefined : Number(total);
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === "object" && value !== null && Symbol.asyncIterator in value;
}

/** The SDK's body (a Node Readable here) as plain byte chunks; transport errors become GtErrors. */
async function* bytesOf(body: unknown): AsyncGenerator<Uint8Array> {
  if (body === undefined) return;
  if (!isAsyncIterable(body)) throw new GtError("InternalFailure", "The S3 response body is not a stream");
  try {
    for await (const chunk of body) {
      if (chunk instanceof Uint8Array) yield chunk;
      else if (typeof chunk === "string") yield Buffer.from(chunk, "utf8");
      else throw new GtError("InternalFailure", "The S3 response body yielded a non-byte chunk");
    }
  } catch (error) {
    throw toGtError(error);
  }
}
