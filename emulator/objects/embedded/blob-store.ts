import { createHash, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream, mkdirSync, readdirSync, rmSync } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { crc32 } from "node:zlib";
import { GtError } from "../../errors.js";
import { InlineBlobs } from "./inline-blobs.js";

/** What writing a body produced: where it is and what it hashed to. */
export interface WrittenBlob {
  blobId: string;
  size: number;
  md5Hex: string;
  md5Base64: string;
  /** The extra checksum asked for, base64 (as in `x-amz-checksum-*`). */
  checksum?: string;
}

/** The checksums gt-local computes itself while a body streams in. */
export type ComputedChecksum = "CRC32" | "SHA1" | "SHA256";

export interface WriteOptions {
  expectedLength?: number;
  checksum?: ComputedChecksum;
}

/** An incremental checksum: feed chunks, then read the base64 digest. */
interface RunningChecksum {
  update(chunk: Uint8Array): void;
  digest(): string;
}

function runningChecksum(algorithm: ComputedChecksum): RunningChecksum {
  if (algorithm === "CRC32") {
    let value = 0;
    return {
      update: (chunk) => {
        value = crc32(chunk, value);
      },
      digest: () => {
        const bytes = Buffer.alloc(4);
        bytes.writeUInt32BE(value >>> 0);
        return bytes.toString("base64");
      },
    };
  }
  const hash = createHash(algorithm.toLowerCase());
  return { update: (chunk) => hash.update(chunk), digest: () => hash.digest("base64") };
}

/**
 * Bodies up to this size, when already in memory, are kept in the database (see InlineBlobs):
 * worker responses, consolidation files, small PUTs. Larger ones, and every streamed body, are files.
 */
export const INLINE_BODY_BYTES = 64 * 1024;

/**
 * Object bytes as files, named by random ids (a key never becomes a path, so no key can reach
 * outside the folder), or, when small and already in memory, as database rows (InlineBlobs).
 * File writes go to `tmp/` and are renamed into place only when complete, before the caller
 * commits the metadata row; blobs no row points at are collected at start-up.
 */
export class BlobStore {
  private readonly tmpDir: string;

  constructor(
    private readonly root: string,
    private readonly inline: InlineBlobs,
  ) {
    this.tmpDir = join(root, "tmp");
    // Anything left in tmp/ is from a write that never completed.
    rmSync(this.tmpDir, { recursive: true, force: true });
    mkdirSync(this.tmpDir, { recursive: true });
  }

  private pathOf(blobId: string): string {
    return join(this.root, blobId.slice(0, 2), blobId);
  }

  /** Shard folders known to exist, so a write does not ask the file system each time. */
  private readonly shards = new Set<string>();

  private ensureShard(blobId: string): void {
    const shard = blobId.slice(0, 2);
    if (this.shards.has(shard)) return;
    mkdirSync(join(this.root, shard), { recursive: true });
    this.shards.add(shard);
  }

  /** True when `write` keeps these bytes in the database (then `writeInline` may be called). */
  static isInline(body: AsyncIterable<Uint8Array> | Uint8Array): body is Uint8Array {
    return body instanceof Uint8Array && body.byteLength <= INLINE_BODY_BYTES;
  }

  async write(
    body: AsyncIterable<Uint8Array> | Uint8Array,
    options: WriteOptions = {},
  ): Promise<WrittenBlob> {
    if (BlobStore.isInline(body)) {
      await Promise.resolve();
      return this.writeInline(body, options);
    }
    const blobId = randomUUID().replaceAll("-", "");
    const temporary = join(this.tmpDir, blobId);
    const md5 = createHash("md5");
    const extra = options.checksum === undefined ? undefined : runningChecksum(options.checksum);
    let size = 0;
    async function* hashing(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
      for await (const chunk of source) {
        size += chunk.byteLength;
        md5.update(chunk);
        extra?.update(chunk);
        yield chunk;
      }
    }
    try {
      const source: AsyncIterable<Uint8Array> = body instanceof Uint8Array ? Readable.from([body]) : body;
      await pipeline(source, hashing, createWriteStream(temporary));
      if (options.expectedLength !== undefined && size !== options.expectedLength) {
        throw new GtError(
          "IncompleteBody",
          "You did not provide the number of bytes specified by the Content-Length HTTP header.",
        );
      }
      this.ensureShard(blobId);
      await rename(temporary, this.pathOf(blobId));
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    const md5Digest = md5.digest();
    const written: WrittenBlob = {
      blobId,
      size,
      md5Hex: md5Digest.toString("hex"),
      md5Base64: md5Digest.toString("base64"),
    };
    if (extra) written.checksum = extra.digest();
    return written;
  }

  /**
   * A small body already in memory, written synchronously as a row: inside a caller's transaction
   * it commits together with the object's own row. A row left by a crash before that commit is an
   * orphan, which start-up removes.
   */
  writeInline(body: Uint8Array, options: WriteOptions = {}): WrittenBlob {
    if (options.expectedLength !== undefined && body.byteLength !== options.expectedLength) {
      throw new GtError(
        "IncompleteBody",
        "You did not provide the number of bytes specified by the Content-Length HTTP header.",
      );
    }
    const blobId = this.inline.insert(body);
    const md5Digest = createHash("md5").update(body).digest();
    const written: WrittenBlob = {
      blobId,
      size: body.byteLength,
      md5Hex: md5Digest.toString("hex"),
      md5Base64: md5Digest.toString("base64"),
    };
    if (options.checksum !== undefined) {
      const extra = runningChecksum(options.checksum);
      extra.update(body);
      written.checksum = extra.digest();
    }
    return written;
  }

  /** Concatenates blobs into a new one (completing a multipart upload). */
  async concatenate(blobIds: readonly string[]): Promise<WrittenBlob> {
    const open = (id: string) => this.open(id);
    async function* all(): AsyncGenerator<Uint8Array> {
      for (const id of blobIds) yield* open(id) as AsyncIterable<Uint8Array>;
    }
    return this.write(all());
  }

  /** A stream of the blob's bytes; `end` is inclusive. */
  open(blobId: string, range?: { start: number; end: number }): Readable {
    if (InlineBlobs.isInlineId(blobId)) {
      const bytes = this.inline.read(blobId);
      // As a missing file would, a missing row fails the read (its row pointed at nothing).
      if (bytes === undefined) {
        return new Readable({
          read() {
            this.destroy(new Error(`The bytes of blob ${blobId} are missing`));
          },
        });
      }
      return Readable.from([range ? bytes.subarray(range.start, range.end + 1) : bytes], {
        objectMode: false,
      });
    }
    return createReadStream(this.pathOf(blobId), range ? { start: range.start, end: range.end } : {});
  }

  /** Removes blobs after their rows are gone; a failure leaves an orphan for start-up to collect. */
  removeQuietly(blobIds: readonly string[]): void {
    for (const blobId of blobIds) {
      if (InlineBlobs.isInlineId(blobId)) this.inline.remove(blobId);
      else rmSync(this.pathOf(blobId), { force: true });
    }
  }

  /** Deletes every blob no metadata row refers to (left by a crash between write and commit). */
  collectOrphans(isReferenced: (blobId: string) => boolean): number {
    let removed = this.inline.removeUnreferenced();
    for (const shard of readdirSync(this.root, { withFileTypes: true })) {
      if (!shard.isDirectory() || shard.name === "tmp") continue;
      for (const file of readdirSync(join(this.root, shard.name))) {
        if (!isReferenced(file)) {
          rmSync(join(this.root, shard.name, file), { force: true });
          removed++;
        }
      }
    }
    return removed;
  }
}
