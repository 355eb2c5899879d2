import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Readable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { databaseFileIn } from "../../emulator/emulator.js";
import { DamagedDatabaseError, openDatabase, SYNCHRONOUS_NORMAL } from "../../emulator/storage/database.js";
import { GtLocalAdmin } from "../../server/programmatic/admin-client.js";
import { s3ClientFor } from "../helpers/job-fixtures.js";
import { startTestServer, temporaryDataDir } from "../helpers/test-server.js";
import {
  ExitedBeforeListening,
  startGtLocalProcess,
  type GtLocalProcess,
} from "./support/gt-local-process.js";
import { createVideoJob } from "./support/labeling-job.js";

/*
 * Durability settings (issue 9, item 6): WAL with a checked `synchronous` level, an integrity check
 * at every start that refuses a damaged database with one clear line, and a graceful shutdown that
 * lets requests in flight finish (and their writes commit) before the database closes.
 */

const PAGE_SIZE = 4096;

describe("durability settings", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const dataDir = (): string => {
    const dir = temporaryDataDir();
    cleanups.push(dir.remove);
    return dir.dir;
  };

  it("runs the data dir's database in WAL mode with synchronous = NORMAL", async () => {
    const server = await startTestServer({ inMemory: false, dataDir: dataDir() });
    cleanups.push(() => server.close());
    expect(server.emulator.db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(server.emulator.db.pragma("synchronous", { simple: true })).toBe(SYNCHRONOUS_NORMAL);
  });

  it("refuses a database SQLite will not put in WAL mode, rather than run it less durably", () => {
    // An empty file name is SQLite's private temporary database, which cannot use WAL: it stands
    // for a data dir on a file system without the shared memory WAL needs.
    expect(() => openDatabase("")).toThrow(/could not put .* in WAL mode \(it stayed "delete"\)/u);
  });

  it("refuses a file that is not a database at all in the same words", () => {
    const file = join(dataDir(), "v1", "gt-local.sqlite");
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, Buffer.alloc(3 * PAGE_SIZE, 0x5a));
    expect(() => openDatabase(file)).toThrow(DamagedDatabaseError);
    expect(() => openDatabase(file)).toThrow(/is damaged \(file is not a database\)\. Restore its data dir/u);
  });

  it("refuses to start on a damaged database with one line naming the file and what to do", async () => {
    const dir = dataDir();
    const server = await startTestServer({ inMemory: false, dataDir: dir, startDelayMs: 0 });
    // Enough objects for the database to span a few hundred pages.
    await createVideoJob(server.url, {
      name: "big-job",
      objects: 3000,
      workersPerObject: 1,
      maxConcurrentTaskCount: 10,
    });
    await new GtLocalAdmin(server.url).waitFor("big-job", "InProgress");
    await server.close();

    // A deliberately damaged copy: pages in the middle of the file overwritten with junk.
    const damaged = dataDir();
    cpSync(dir, damaged, { recursive: true });
    const file = databaseFileIn(damaged);
    const bytes = readFileSync(file);
    const middle = Math.floor(bytes.length / PAGE_SIZE / 2) * PAGE_SIZE;
    bytes.fill(0xa5, middle, middle + 8 * PAGE_SIZE);
    writeFileSync(file, bytes);
    const before = digest(readFileSync(file));

    const refused = await startGtLocalProcess(damaged).then(
      (running) => running.crash().then(() => new Error("gt-local started on a damaged database")),
      (error: unknown) => error,
    );
    if (!(refused instanceof ExitedBeforeListening)) throw refused;
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      new RegExp(
        `^gt-local: could not start: the database ${escape(file)} is damaged \\(.+\\)\\. Restore its data dir from a backup, or move the data dir away to start with an empty one\\.\n$`,
        "u",
      ),
    );
    expect(refused.stderr).not.toContain("    at ");
    // Refused means untouched: nothing was written to the damaged file.
    expect(digest(readFileSync(file))).toBe(before);

    // The undamaged original still starts.
    const healthy = await startGtLocalProcess(dir);
    cleanups.push(() => healthy.crash());
    expect((await fetch(`${healthy.endpoint}/_gt/health`)).status).toBe(200);
  }, 60_000);

  it("on SIGTERM finishes a slow upload in flight, acknowledges it, keeps it and exits 0", async () => {
    const dir = dataDir();
    let running: GtLocalProcess = await startGtLocalProcess(dir);
    cleanups.push(() => running.crash());
    const s3 = s3ClientFor({ url: running.endpoint });
    cleanups.push(() => {
      s3.destroy();
    });
    await s3.send(new CreateBucketCommand({ Bucket: "uploads" }));
    // An event stream is open too: it never ends by itself, and must not hold the shutdown open.
    const events = await fetch(`${running.endpoint}/_gt/api/events`);
    const eventsEnded = drain(events);

    // 40 chunks of 64 KiB, one every 75 ms: the upload runs for about 3 s, and SIGTERM comes
    // early in it, so it must outlast a short cut-off.
    const chunks = Array.from({ length: 40 }, (_, index) => Buffer.alloc(65_536, index));
    const whole = Buffer.concat(chunks);
    let signalled: () => void = () => undefined;
    const midway = new Promise<void>((resolve) => (signalled = resolve));
    const body = Readable.from(
      (async function* trickle() {
        for (const [index, chunk] of chunks.entries()) {
          if (index === 4) signalled();
          yield chunk;
          await new Promise((resolve) => setTimeout(resolve, 75));
        }
      })(),
    );
    const upload = s3.send(
      new PutObjectCommand({ Bucket: "uploads", Key: "slow.bin", Body: body, ContentLength: whole.length }),
    );
    await midway;
    const stopping = running;
    const exitCode = stopping.stop();
    const put = await upload;
    const uploadedAt = Date.now();
    expect(put.ETag).toBe(`"${createHash("md5").update(whole).digest("hex")}"`);
    expect(await exitCode).toBe(0);
    // The event stream was ended, and nothing else kept the process once the upload was done.
    await eventsEnded;
    expect(Date.now() - uploadedAt).toBeLessThan(1_500);
    expect(stopping.log()).toMatch(/"signal":"SIGTERM","msg":"shutting down"/u);

    running = await startGtLocalProcess(dir);
    const reader = s3ClientFor({ url: running.endpoint });
    cleanups.push(() => {
      reader.destroy();
    });
    const stored = await reader.send(new GetObjectCommand({ Bucket: "uploads", Key: "slow.bin" }));
    const bytes = Buffer.from((await stored.Body?.transformToByteArray()) ?? []);
    expect(bytes.length).toBe(whole.length);
    expect(digest(bytes)).toBe(digest(whole));
  }, 60_000);
});

const digest = (bytes: Buffer): string => createHash("sha256").update(bytes).digest("hex");

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/gu, "\\$&");
}

/** Reads a streamed answer to its end. */
async function drain(response: Response): Promise<void> {
  const reader = response.body?.getReader();
  for (;;) {
    const chunk = await reader?.read().catch(() => ({ done: true }));
    if (!chunk || chunk.done) return;
  }
}
