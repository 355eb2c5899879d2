import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../clock.js";
import { openDatabase, type SqliteDatabase } from "../../storage/database.js";
import { BlobStore, INLINE_BODY_BYTES } from "./blob-store.js";
import { EmbeddedS3Engine } from "./embedded-s3-engine.js";
import { blobFiles, readStream } from "./engine-test-support.js";
import { InlineBlobs } from "./inline-blobs.js";
import { ObjectRepository } from "./object-repository.js";

describe("small bodies kept in the database", () => {
  let dir: string;
  let db: SqliteDatabase;
  let engine: EmbeddedS3Engine;
  const open = () =>
    new EmbeddedS3Engine(
      new ObjectRepository(db),
      new BlobStore(join(dir, "blobs"), new InlineBlobs(db)),
      new ManualClock(),
    );
  const rows = (): number =>
    db.prepare<[], { n: number }>("SELECT count(*) AS n FROM s3_blob_bytes").get()?.n ?? -1;
  const files = (): string[] => blobFiles(join(dir, "blobs"));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "gt-local-inline-"));
    db = openDatabase(join(dir, "db.sqlite"));
    engine = open();
    engine.createBucket("media", "us-east-1");
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("stores an in-memory body up to the limit as a row, with its bytes, ranges and ETag", async () => {
    const body = Buffer.from("hello inline world");
    const record = await engine.putObject({ bucket: "media", key: "a.json", body });
    expect(rows()).toBe(1);
    expect(files()).toEqual([]);
    expect(record.etag).toBe(createHash("md5").update(body).digest("hex"));
    expect(await readStream(engine.openObject(record))).toBe("hello inline world");
    expect(await readStream(engine.openObject(record, { start: 6, end: 11 }))).toBe("inline");

    const largest = Buffer.alloc(INLINE_BODY_BYTES, 7);
    await engine.putObject({ bucket: "media", key: "largest", body: largest });
    expect(rows()).toBe(2);
    expect(files()).toEqual([]);
  });

  it("keeps larger and streamed bodies as files", async () => {
    await engine.putObject({ bucket: "media", key: "big", body: Buffer.alloc(INLINE_BODY_BYTES + 1, 1) });
    await engine.putObject({ bucket: "media", key: "streamed", body: Readable.from([Buffer.from("tiny")]) });
    expect(rows()).toBe(0);
    expect(files()).toHaveLength(2);
    expect(await readStream(engine.openObject(engine.headObject("media", "streamed")))).toBe("tiny");
  });

  it("removes the row when the object is replaced or deleted", async () => {
    await engine.putObject({ bucket: "media", key: "k", body: Buffer.from("one") });
    await engine.putObject({ bucket: "media", key: "k", body: Buffer.from("two") });
    expect(rows()).toBe(1);
    expect(await readStream(engine.openObject(engine.headObject("media", "k")))).toBe("two");
    engine.deleteObject("media", "k");
    expect(rows()).toBe(0);
  });

  it("commits a batch all or nothing", async () => {
    const entry = (key: string) => ({ bucket: "media", key, body: Buffer.from(`body of ${key}`) });
    await expect(
      engine.putObjects([entry("one"), entry("k".repeat(1025)), entry("three")]),
    ).rejects.toMatchObject({
      code: "KeyTooLongError",
    });
    expect(rows()).toBe(0);
    expect(engine.listObjects({ bucket: "media", maxKeys: 10 }).objects).toEqual([]);

    await engine.putObjects([entry("one"), entry("two")]);
    expect(rows()).toBe(2);
    expect(await readStream(engine.openObject(engine.headObject("media", "two")))).toBe("body of two");
  });

  it("refuses a bad checksum without keeping the bytes", async () => {
    await expect(
      engine.putObject({
        bucket: "media",
        key: "k",
        body: Buffer.from("data"),
        checksum: { algorithm: "SHA256", value: "AAAA" },
      }),
    ).rejects.toMatchObject({ code: "BadDigest" });
    expect(rows()).toBe(0);
  });

  it("removes rows no object refers to at start-up (a crash between write and commit)", async () => {
    await engine.putObject({ bucket: "media", key: "kept", body: Buffer.from("kept") });
    new InlineBlobs(db).insert(Buffer.from("orphan"));
    expect(rows()).toBe(2);
    engine = open();
    expect(rows()).toBe(1);
    expect(await readStream(engine.openObject(engine.headObject("media", "kept")))).toBe("kept");
  });
});
