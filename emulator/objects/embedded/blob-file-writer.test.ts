import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { writeFileHashed } from "./blob-file-writer.js";

const directory = mkdtempSync(join(tmpdir(), "gt-local-blob-writer-"));
afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

const MIB = 1024 * 1024;

/** `bytes` cut into chunks of the given sizes, in turn, as a socket would deliver them. */
function* chunked(bytes: Buffer, sizes: readonly number[]): Generator<Uint8Array> {
  let offset = 0;
  for (let turn = 0; offset < bytes.byteLength; turn++) {
    const size = sizes[turn % sizes.length] ?? 1;
    yield bytes.subarray(offset, offset + size);
    offset += size;
  }
}

const hex = (algorithm: string, bytes: Buffer): string => createHash(algorithm).update(bytes).digest("hex");

describe("writeFileHashed (the blob hasher thread and the file)", () => {
  it.each([
    ["empty", 0, [1]],
    ["one byte", 1, [1]],
    ["exactly one batch", MIB, [64 * 1024]],
    ["a batch and a byte, in odd chunks", MIB + 1, [65_521, 7]],
    ["several batches, chunks larger than a batch", 5 * MIB + 12_345, [3 * MIB, 100_000]],
  ])("writes and hashes %s (%i bytes)", async (_name, length, sizes) => {
    const bytes = randomBytes(length);
    const path = join(directory, `file-${length}`);
    const written = await writeFileHashed(chunked(bytes, sizes), path, {
      payloadSha256: true,
      checksum: "CRC32",
    });
    expect(readFileSync(path).equals(bytes)).toBe(true);
    expect(written.size).toBe(length);
    expect(Buffer.from(written.md5).toString("hex")).toBe(hex("md5", bytes));
    expect(written.payloadSha256Hex).toBe(hex("sha256", bytes));
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(bytes) >>> 0);
    expect(written.checksum).toBe(crc.toString("base64"));
  });

  it("computes only the MD5 unless asked for more", async () => {
    const bytes = randomBytes(2 * MIB);
    const written = await writeFileHashed([bytes], join(directory, "md5-only"), {});
    expect(Buffer.from(written.md5).toString("hex")).toBe(hex("md5", bytes));
    expect(written.payloadSha256Hex).toBeUndefined();
    expect(written.checksum).toBeUndefined();
  });

  it("keeps bodies written at the same time apart", async () => {
    const bodies = Array.from({ length: 6 }, (_, index) => randomBytes(MIB * (index + 1) + index));
    const written = await Promise.all(
      bodies.map((bytes, index) =>
        writeFileHashed(chunked(bytes, [64 * 1024 + index]), join(directory, `concurrent-${index}`), {
          payloadSha256: true,
        }),
      ),
    );
    bodies.forEach((bytes, index) => {
      expect(readFileSync(join(directory, `concurrent-${index}`)).equals(bytes)).toBe(true);
      expect(written[index]?.payloadSha256Hex).toBe(hex("sha256", bytes));
    });
  });

  it("fails with the source's error and stays usable", async () => {
    const bytes = randomBytes(3 * MIB);
    function* failing(): Generator<Uint8Array> {
      yield bytes.subarray(0, 2 * MIB + 5);
      throw new Error("the client went away");
    }
    await expect(writeFileHashed(failing(), join(directory, "failed"), {})).rejects.toThrow(
      "the client went away",
    );
    const written = await writeFileHashed([bytes], join(directory, "after-failure"), {});
    expect(Buffer.from(written.md5).toString("hex")).toBe(hex("md5", bytes));
  });

  it("fails when the file cannot be opened", async () => {
    await expect(writeFileHashed([randomBytes(10)], join(directory, "missing", "file"), {})).rejects.toThrow(
      /ENOENT/u,
    );
  });
});
