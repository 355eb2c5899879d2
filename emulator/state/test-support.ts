import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import type { Clock } from "../clock.js";
import { blobDirIn, Emulator } from "../emulator.js";
import type { SqliteDatabase } from "../storage/database.js";
import { BLOB_ID_COLUMN, selectInKeyOrder, tableShapes } from "./schema.js";

/** Core tests of state export and import: emulators on temporary data dirs, removed by `close`. */
export interface TestEmulator {
  emulator: Emulator;
  dataDir: string;
  close(): Promise<void>;
}

export function newEmulator(clock?: Clock): TestEmulator {
  const dataDir = mkdtempSync(join(tmpdir(), "gt-local-state-test-"));
  const emulator = new Emulator({
    dataDir,
    inMemory: false,
    accountId: "123456789012",
    defaultRegion: "us-east-1",
    ...(clock ? { clock } : {}),
  });
  return {
    emulator,
    dataDir,
    close: async () => {
      await emulator.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A temporary folder for exports, removed by `remove`. */
export function temporaryFolder(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "gt-local-state-folder-"));
  return {
    dir,
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const body = (text: string): AsyncIterable<Uint8Array> => Readable.from([Buffer.from(text)]);

/**
 * A little of everything: the region's defaults, a worker, tags added in an order unlike their key
 * order, a bucket with objects (two with equal bytes) and metadata, an unfinished multipart upload.
 */
export async function buildSampleState(emulator: Emulator): Promise<{ teamArn: string }> {
  const teamArn = emulator.workteams.describe(emulator.scopeFor("us-east-1"), "example-team").arn;
  emulator.workers.create({ id: "ann", displayName: "Ann", groups: ["reviewers"] });
  emulator.tags.add(teamArn, [
    { key: "zeta", value: "1" },
    { key: "alpha", value: "2" },
  ]);
  const s3 = emulator.s3;
  if (!s3) throw new Error("no embedded store");
  s3.createBucket("bucket", "us-east-1");
  await s3.putObject({
    bucket: "bucket",
    key: "videos/clip-1.mp4",
    body: body("frames"),
    contentType: "video/mp4",
    headers: { cacheControl: "max-age=60" },
    userMetadata: { owner: "vision" },
  });
  await s3.putObject({ bucket: "bucket", key: "../odd/key", body: body("frames") });
  await s3.putObject({ bucket: "bucket", key: "notes.txt", body: body("hello\n") });
  const upload = s3.createMultipartUpload({
    bucket: "bucket",
    key: "big.bin",
    headers: {},
    userMetadata: {},
  });
  await s3.uploadPart({
    bucket: "bucket",
    key: "big.bin",
    uploadId: upload.uploadId,
    partNumber: 1,
    body: body("part one"),
  });
  return { teamArn };
}

/** Every row of every table; blob ids (random per store) become the SHA-256 of their bytes. */
export function dumpTables(db: SqliteDatabase, dataDir: string): Record<string, unknown[]> {
  const dump: Record<string, unknown[]> = {};
  for (const shape of tableShapes(db)) {
    dump[shape.name] = selectInKeyOrder(db, shape).map((row) => {
      const id = row[BLOB_ID_COLUMN];
      if (typeof id !== "string") return row;
      const bytes = readFileSync(join(blobDirIn(dataDir), id.slice(0, 2), id));
      return { ...row, [BLOB_ID_COLUMN]: createHash("sha256").update(bytes).digest("hex") };
    });
  }
  return dump;
}
