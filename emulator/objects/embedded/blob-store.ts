import { createHash, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream, mkdirSync, readdirSync, rmSync } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { crc32 } from "node:zlib";
import { GtError } from "../../errors.js";

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
 * Object bytes as files, named by random ids (a key never becomes a path, so no key can reach
 * outside the folder). Writes go to `tmp/` and are renamed into place only when complete, before
 * the caller commits the metadata row; files no row points at are collected at start-up.
 */
export class BlobStore {
  private readonly tmpDir: string;

  constructor(private readonly root: string) {
    this.tmpDir = join(root, "tmp");
    // Anything left in tmp/ is from a write that never completed.
    rmSync(this.tmpDir, { recursive: true, force: true });
    mkdirSync(this.tmpDir, { recursive: true });
  }

  private pathOf(blobId: string): string {
    return join(this.root, blobId.slice(0, 2), blobId);
  }

  async write(body: AsyncIterable<Uint8Array>, options: WriteOptions = {}): Promise<WrittenBlob> {
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
      await pipeline(body, hashing, createWriteStream(temporary));
      if (options.expectedLength !== undefined && size !== options.expectedLength) {
        throw new GtError(
          "IncompleteBody",
          "You did not provide the number of bytes specified by the Content-Length HTTP header.",
        );
      }
      mkdirSync(join(this.root, blobId.slice(0, 2)), { recursive: true });
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
    return createReadStream(this.pathOf(blobId), range ? { start: range.start, end: range.end } : {});
  }

  /** Removes blobs after their rows are gone; a failure leaves an orphan for start-up to collect. */
  removeQuietly(blobIds: readonly string[]): void {
    for (const blobId of blobIds) rmSync(this.pathOf(blobId), { force: true });
  }

  /** Deletes every blob file no metadata row refers to (left by a crash between write and commit). */
  collectOrphans(isReferenced: (blobId: string) => boolean): number {
    let removed = 0;
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
