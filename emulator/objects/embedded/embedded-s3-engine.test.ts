import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../clock.js";
import { openDatabase, type SqliteDatabase } from "../../storage/database.js";
import { BlobStore } from "./blob-store.js";
import { InlineBlobs } from "./inline-blobs.js";
import { MIN_PART_SIZE } from "./complete-upload.js";
import { EmbeddedS3Engine } from "./embedded-s3-engine.js";
import { blobFiles, readStream } from "./engine-test-support.js";
import { ObjectRepository } from "./object-repository.js";

const chunks = (...parts: (string | Buffer)[]): AsyncIterable<Uint8Array> =>
  Readable.from(parts.map((part) => (typeof part === "string" ? Buffer.from(part) : part)));

describe("the embedded S3 engine", () => {
  let dir: string;
  let db: SqliteDatabase;
  let engine: EmbeddedS3Engine;
  const clock = new ManualClock();
  const open = () =>
    new EmbeddedS3Engine(
      new ObjectRepository(db),
      new BlobStore(join(dir, "blobs"), new InlineBlobs(db)),
      clock,
    );

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "gt-local-engine-"));
    db = openDatabase(join(dir, "db.sqlite"));
    engine = open();
    engine.createBucket("media", "us-east-1");
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("stores bytes under random names, never under the key", async () => {
    for (const key of ["../../escape", "a//b", "/etc/passwd", "spaces and ünïcode ✓", "k".repeat(1024)]) {
      await engine.putObject({ bucket: "media", key, body: chunks(key) });
      const record = engine.headObject("media", key);
      expect(await readStream(engine.openObject(record))).toBe(key);
    }
    expect(existsSync(join(dir, "..", "escape"))).toBe(false);
    for (const file of blobFiles(join(dir, "blobs"))) expect(file).toMatch(/^[0-9a-f]{32}$/u);
  });

  it("refuses keys over 1,024 UTF-8 bytes", async () => {
    await expect(
      engine.putObject({ bucket: "media", key: "é".repeat(513), body: chunks("x") }),
    ).rejects.toMatchObject({
      code: "KeyTooLongError",
    });
  });

  it("replacing or deleting an object removes its old bytes", async () => {
    await engine.putObject({ bucket: "media", key: "clip.mp4", body: chunks("one") });
    await engine.putObject({ bucket: "media", key: "clip.mp4", body: chunks("two") });
    expect(blobFiles(join(dir, "blobs"))).toHaveLength(1);
    engine.deleteObject("media", "clip.mp4");
    expect(blobFiles(join(dir, "blobs"))).toHaveLength(0);
  });

  it("collects blobs without a row and unfinished temp files at start-up", async () => {
    await engine.putObject({ bucket: "media", key: "kept", body: chunks("kept") });
    mkdirSync(join(dir, "blobs", "ab"), { recursive: true });
    writeFileSync(join(dir, "blobs", "ab", "ab000000000000000000000000000000"), "orphan");
    writeFileSync(join(dir, "blobs", "tmp", "half-written"), "partial");
    engine = open();
    expect(blobFiles(join(dir, "blobs"))).toHaveLength(1);
    expect(readdirSync(join(dir, "blobs", "tmp"))).toEqual([]);
    expect(await readStream(engine.openObject(engine.headObject("media", "kept")))).toBe("kept");
  });

  it("checks Content-MD5 and the declared length, keeping nothing on failure", async () => {
    await expect(
      engine.putObject({
        bucket: "media",
        key: "k",
        body: chunks("abc"),
        contentMd5: "AAAAAAAAAAAAAAAAAAAAAA==",
      }),
    ).rejects.toMatchObject({ code: "BadDigest" });
    await expect(
      engine.putObject({ bucket: "media", key: "k", body: chunks("abc"), expectedLength: 4 }),
    ).rejects.toMatchObject({ code: "IncompleteBody" });
    const md5 = createHash("md5").update("abc").digest("base64");
    await engine.putObject({
      bucket: "media",
      key: "k",
      body: chunks("abc"),
      contentMd5: md5,
      expectedLength: 3,
    });
    expect(blobFiles(join(dir, "blobs"))).toHaveLength(1);
  });

  it("lists with a delimiter, rolling up prefixes, across pages", async () => {
    const keys = [
      "a.txt",
      "photos/2024/1.jpg",
      "photos/2024/2.jpg",
      "photos/2025/1.jpg",
      "videos/x.mp4",
      "z.txt",
    ];
    for (const key of keys) await engine.putObject({ bucket: "media", key, body: chunks(key) });
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = engine.listObjects({
        bucket: "media",
        delimiter: "/",
        maxKeys: 2,
        ...(after ? { after } : {}),
      });
      seen.push(...page.objects.map((o) => o.key), ...page.commonPrefixes);
      if (!page.isTruncated) break;
      after = page.lastEntry;
    }
    expect(seen.sort()).toEqual(["a.txt", "photos/", "videos/", "z.txt"]);
    const nested = engine.listObjects({ bucket: "media", prefix: "photos/", delimiter: "/", maxKeys: 10 });
    expect(nested.commonPrefixes).toEqual(["photos/2024/", "photos/2025/"]);
    expect(nested.objects).toEqual([]);
    const flat = engine.listObjects({ bucket: "media", prefix: "photos/2024/", maxKeys: 10 });
    expect(flat.objects.map((o) => o.key)).toEqual(["photos/2024/1.jpg", "photos/2024/2.jpg"]);
  });

  it("completes a multipart upload with S3's ETag and cleans up the parts", async () => {
    const upload = engine.createMultipartUpload({
      bucket: "media",
      key: "big.mp4",
      contentType: "video/mp4",
    });
    const first = Buffer.alloc(MIN_PART_SIZE, 1);
    const second = Buffer.from("tail");
    const one = await engine.uploadPart({ ...upload, partNumber: 1, body: chunks(first) });
    const two = await engine.uploadPart({ ...upload, partNumber: 2, body: chunks(second) });
    expect(engine.listParts({ ...upload, maxParts: 1 })).toMatchObject({
      isTruncated: true,
      nextPartNumberMarker: 1,
    });
    expect(() => {
      engine.deleteBucket("media");
    }).toThrow(expect.objectContaining({ code: "BucketNotEmpty" }));
    const record = await engine.completeMultipartUpload({
      ...upload,
      parts: [
        { partNumber: 1, etag: `"${one.etag}"` },
        { partNumber: 2, etag: two.etag },
      ],
    });
    const expected = createHash("md5")
      .update(Buffer.concat([Buffer.from(one.etag, "hex"), Buffer.from(two.etag, "hex")]))
      .digest("hex");
    expect(record.etag).toBe(`${expected}-2`);
    expect(record.size).toBe(first.length + second.length);
    expect(record.contentType).toBe("video/mp4");
    expect(blobFiles(join(dir, "blobs"))).toHaveLength(1);
    expect(() => engine.listParts({ ...upload, maxParts: 10 })).toThrow(
      expect.objectContaining({ code: "NoSuchUpload" }),
    );
  });

  it("enforces part order, known parts and the minimum part size", async () => {
    const upload = engine.createMultipartUpload({ bucket: "media", key: "k" });
    const one = await engine.uploadPart({ ...upload, partNumber: 1, body: chunks("small") });
    const two = await engine.uploadPart({ ...upload, partNumber: 2, body: chunks("parts") });
    const complete = (parts: { partNumber: number; etag: string }[]) =>
      engine.completeMultipartUpload({ ...upload, parts });

    await expect(
      complete([
        { partNumber: 2, etag: two.etag },
        { partNumber: 1, etag: one.etag },
      ]),
    ).rejects.toMatchObject({
      code: "InvalidPartOrder",
    });
    await expect(complete([{ partNumber: 1, etag: "0".repeat(32) }])).rejects.toMatchObject({
      code: "InvalidPart",
    });
    await expect(
      complete([
        { partNumber: 1, etag: one.etag },
        { partNumber: 2, etag: two.etag },
      ]),
    ).rejects.toMatchObject({
      code: "EntityTooSmall",
    });
    engine.abortMultipartUpload(upload);
    expect(blobFiles(join(dir, "blobs"))).toHaveLength(0);
    engine.deleteBucket("media");
    expect(engine.listBuckets()).toEqual([]);
  });

  it("copies with COPY and REPLACE directives and refuses a no-op self copy", async () => {
    await engine.putObject({
      bucket: "media",
      key: "src",
      body: chunks("data"),
      contentType: "text/plain",
      userMetadata: { owner: "me" },
    });
    const copied = await engine.copyObject({
      sourceBucket: "media",
      sourceKey: "src",
      bucket: "media",
      key: "dst",
      metadataDirective: "COPY",
    });
    expect(copied).toMatchObject({ contentType: "text/plain", userMetadata: { owner: "me" } });
    const replaced = await engine.copyObject({
      sourceBucket: "media",
      sourceKey: "src",
      bucket: "media",
      key: "src",
      metadataDirective: "REPLACE",
      userMetadata: { owner: "you" },
    });
    expect(replaced).toMatchObject({ contentType: "binary/octet-stream", userMetadata: { owner: "you" } });
    await expect(
      engine.copyObject({
        sourceBucket: "media",
        sourceKey: "src",
        bucket: "media",
        key: "src",
        metadataDirective: "COPY",
      }),
    ).rejects.toMatchObject({ code: "InvalidRequest" });
  });

  it("answers S3's codes for missing buckets and keys and bad names", () => {
    expect(() => engine.headObject("nope", "k")).toThrow(expect.objectContaining({ code: "NoSuchBucket" }));
    expect(() => engine.headObject("media", "k")).toThrow(expect.objectContaining({ code: "NoSuchKey" }));
    expect(() => engine.createBucket("Bad_Name", "us-east-1")).toThrow(
      expect.objectContaining({ code: "InvalidBucketName" }),
    );
    expect(() => engine.createBucket("media", "us-east-1")).toThrow(
      expect.objectContaining({ code: "BucketAlreadyOwnedByYou" }),
    );
  });
});
