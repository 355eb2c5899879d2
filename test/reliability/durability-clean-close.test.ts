import {
  closeSync,
  cpSync,
  existsSync,
  openSync,
  statSync,
  utimesSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { takeCleanCloseNote } from "../../emulator/storage/clean-close.js";
import {
  closeDatabase,
  DamagedDatabaseError,
  openDatabase,
  type SqliteDatabase,
} from "../../emulator/storage/database.js";
import { temporaryDataDir } from "../helpers/test-server.js";

/*
 * The integrity check at start (durability.test.ts) reads the whole database, about 2.5 ms per MB.
 * A clean close lets the next start skip it, but only for the very file that close left: these
 * prove that every way the file can change since brings the check back, and with it the refusal of
 * a damaged file.
 */

const PAGE_SIZE = 4096;

describe("skipping the start's integrity check after a clean close", () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  });
  const databaseFile = (): string => {
    const dir = temporaryDataDir();
    cleanups.push(dir.remove);
    return join(dir.dir, "v1", "gt-local.sqlite");
  };
  const note = (file: string): string => `${file}.closed-cleanly`;

  /** A database of a few hundred pages, closed cleanly. */
  function cleanlyClosedDatabase(file = databaseFile()): string {
    const db = openDatabase(file);
    db.exec("CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT)");
    const insert = db.prepare("INSERT INTO filler (body) VALUES (?)");
    db.transaction(() => {
      for (let row = 0; row < 1_000; row++) insert.run(`row ${row} `.repeat(100));
    })();
    closeDatabase(db);
    return file;
  }

  /** Overwrites `bytes` bytes in the middle of the file, in place (same inode, same size). */
  function overwriteInPlace(file: string, bytes: number, value: number): void {
    const middle = Math.floor(statSync(file).size / PAGE_SIZE / 2) * PAGE_SIZE;
    const handle = openSync(file, "r+");
    try {
      writeSync(handle, Buffer.alloc(bytes, value), 0, bytes, middle);
    } finally {
      closeSync(handle);
    }
  }

  it("a clean close leaves a note; opening takes it, so a run that crashes leaves none", () => {
    const file = cleanlyClosedDatabase();
    expect(existsSync(note(file))).toBe(true);
    const reopened: SqliteDatabase = openDatabase(file);
    // Gone while the database is open: if this process died now, the next start would check.
    expect(existsSync(note(file))).toBe(false);
    closeDatabase(reopened);
    expect(existsSync(note(file))).toBe(true);
  });

  it("vouches for the file exactly as it was closed", () => {
    expect(takeCleanCloseNote(cleanlyClosedDatabase())).toBe(true);
  });

  it("does not vouch for a file written since, even one byte in place with its time set back", () => {
    const file = cleanlyClosedDatabase();
    const { atime, mtime } = statSync(file);
    overwriteInPlace(file, 1, 0x00);
    utimesSync(file, atime, mtime);
    expect(takeCleanCloseNote(file)).toBe(false);
  });

  it("does not vouch for a copy of the data dir, note included", () => {
    const file = cleanlyClosedDatabase();
    const copy = databaseFile();
    cpSync(join(file, "..", ".."), join(copy, "..", ".."), { recursive: true, preserveTimestamps: true });
    expect(existsSync(note(copy))).toBe(true);
    expect(takeCleanCloseNote(copy)).toBe(false);
  });

  it("does not vouch for a file with a write-ahead log beside it", () => {
    const file = cleanlyClosedDatabase();
    writeFileSync(`${file}-wal`, Buffer.alloc(PAGE_SIZE, 1));
    expect(takeCleanCloseNote(file)).toBe(false);
  });

  it("does not vouch twice, nor without a note", () => {
    const file = cleanlyClosedDatabase();
    expect(takeCleanCloseNote(file)).toBe(true);
    expect(takeCleanCloseNote(file)).toBe(false);
    const crashed = databaseFile();
    const running = openDatabase(crashed);
    cleanups.push(() => {
      running.close();
    });
    // Never closed by closeDatabase: as after SIGKILL.
    expect(takeCleanCloseNote(crashed)).toBe(false);
  });

  it("still refuses a database damaged in place after a clean close", () => {
    const file = cleanlyClosedDatabase();
    overwriteInPlace(file, 8 * PAGE_SIZE, 0xa5);
    expect(() => openDatabase(file)).toThrow(DamagedDatabaseError);
    // The undamaged twin of that file opens, its check skipped.
    const twin = cleanlyClosedDatabase();
    closeDatabase(openDatabase(twin));
  });
});
