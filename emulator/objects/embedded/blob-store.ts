import { createHash, randomUUID } from "node:crypto";
import { createReadStream, mkdirSync, readdirSync, rmSync } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { GtError } from "../../errors.js";
import { writeFileHashed, type WrittenFile } from "./blob-file-writer.js";
import { InlineBlobs } from "./inline-blobs.js";
import { runningChecksum, type ComputedChecksum } from "./running-checksum.js";

/** What writing a body produced: where it is and what it hashed to. */
export interface WrittenBlob {
  blobId: string;
  size: number;
  md5Hex: string;
  md5Base64: string;
  /** The extra checksum asked for, base64 (as in `x-amz-checksum-*`). */
  checksum?: string;
  /** When asked for (`payloadSha256`): the SHA-256 of the bytes, hex. */
  payloadSha256Hex?: string;
}

export interface WriteOptions {
  expectedLength?: number;
  checksum?: ComputedChecksum;
  /** Also compute the bytes' SHA-256 (`payloadSha256Hex`), the SigV4 payload hash to check. */
  payloadSha256?: boolean;
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
    let digests: WrittenFile;
    try {
      const source = body instanceof Uint8Array ? [body] : body;
      digests = await writeFileHashed(source, temporary, {
        ...(options.checksum === undefined ? {} : { checksum: options.checksum }),
        ...(options.payloadSha256 === true ? { payloadSha256: true } : {}),
      });
      if (options.expectedLength !== undefined && digests.size !== options.expectedLength) {
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
    const md5 = Buffer.from(digests.md5);
    const written: WrittenBlob = {
      blobId,
      size: digests.size,
      md5Hex: md5.toString("hex"),
      md5Base64: md5.toString("base64"),
    };
    if (digests.checksum !== undefined) written.checksum = digests.checksum;
    if (digests.payloadSha256Hex !== undefined) written.payloadSha256Hex = digests.payloadSha256Hex;
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
    if (options.payloadSha256 === true) {
      written.payloadSha256Hex = createHash("sha256").update(body).digest("hex");
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
    // Reads of 512 KiB (not the default 64 KiB): a large GET makes an eighth of the file-system and
    // socket calls, and the client reads full buffers (issue 10, target 5). A range reads no more
    // than itself.
    return createReadStream(this.pathOf(blobId), {
      highWaterMark: 512 * 1024,
      ...(range ? { start: range.start, end: range.end } : {}),
    });
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
