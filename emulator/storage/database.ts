import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { recordCleanClose, takeCleanCloseNote } from "./clean-close.js";
import { MIGRATIONS } from "./migrations.js";

export type SqliteDatabase = Database.Database;

/**
 * Opens the one SQLite database every mode uses: a file under the data dir, or `:memory:` for
 * throwaway runs. WAL keeps readers off the writer's back. `synchronous = NORMAL` in WAL mode makes
 * every committed transaction survive a crash of the process (SIGKILL included): the commit is in
 * the WAL file before gt-local answers. Only an OS crash or power loss can lose the last
 * transactions (never corrupt the file); FULL would survive that too at the price of an fsync per
 * answer, which a local emulator does not need (README, "Security and reliability").
 *
 * `file` is a path, or ":memory:" for a database that lives and dies with the process. A damaged
 * file is refused with a DamagedDatabaseError rather than opened and made worse. The check is
 * skipped only for the file exactly as closeDatabase left it (clean-close.ts).
 */
export function openDatabase(file: string): SqliteDatabase {
  const inMemory = file === ":memory:";
  if (!inMemory) mkdirSync(dirname(file), { recursive: true });
  const closedCleanly = !inMemory && takeCleanCloseNote(file);
  const db = new Database(file);
  try {
    applySettings(db, file);
    if (!inMemory && !closedCleanly) checkIntegrity(db, file);
    migrate(db);
  } catch (error) {
    db.close();
    throw isCorruption(error) ? new DamagedDatabaseError(file, error.message) : error;
  }
  return db;
}

/** Closes the database; a file database notes the clean close, which spares the next start its check. */
export function closeDatabase(db: SqliteDatabase): void {
  db.close();
  if (!db.memory) recordCleanClose(db.name);
}

/** A database file SQLite reports as damaged: gt-local refuses to start on it. */
export class DamagedDatabaseError extends Error {
  override readonly name = "DamagedDatabaseError";

  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(
      `the database ${file} is damaged (${detail}). Restore its data dir from a backup, or move the data dir away to start with an empty one.`,
    );
  }
}

/** Sets the pragmas durability depends on, and checks that SQLite really took them. */
function applySettings(db: SqliteDatabase, file: string): void {
  const journal = String(db.pragma("journal_mode = WAL", { simple: true }));
  // An in-memory database has no journal file; a file on a system without shared memory (some
  // network file systems) silently stays in its old mode, and then NORMAL would not be durable.
  if (file !== ":memory:" && journal !== "wal") {
    throw new Error(
      `SQLite could not put ${file} in WAL mode (it stayed "${journal}"); put the data dir on a local disk.`,
    );
  }
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  // Statement journals (a statement that fires a trigger inside a transaction needs one) in memory,
  // not temporary files: with them on disk, the object-count triggers made ingest four times slower.
  db.pragma("temp_store = MEMORY");
  const synchronous = Number(db.pragma("synchronous", { simple: true }));
  if (synchronous !== SYNCHRONOUS_NORMAL) {
    throw new Error(`SQLite did not accept synchronous = NORMAL for ${file} (it reports ${synchronous}).`);
  }
}

/** `PRAGMA synchronous` reads back as a number: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA. */
export const SYNCHRONOUS_NORMAL = 1;

/**
 * `quick_check` at every start: it reads every page (without the index cross-checks of
 * `integrity_check`), so a damaged file is found now, with a clear message, rather than by a
 * request that fails later or a write that spreads the damage.
 */
function checkIntegrity(db: SqliteDatabase, file: string): void {
  const rows = db.pragma("quick_check(5)") as { quick_check: string }[];
  const problems = rows.map((row) => row.quick_check).filter((line) => line !== "ok");
  // SQLite's report spans lines ("*** in database main ***", then the pages): one line is wanted.
  const detail = problems
    .join("; ")
    .replace(/\*\*\* in database \w+ \*\*\*/gu, "")
    .replace(/\s+/gu, " ")
    .trim();
  if (problems.length > 0) throw new DamagedDatabaseError(file, detail);
}

/** SQLite's codes for a file that is not (or no longer) a sound database. */
function isCorruption(error: unknown): error is Error & { code: string } {
  const code = (error as { code?: unknown }).code;
  return error instanceof Error && typeof code === "string" && /^SQLITE_(CORRUPT|NOTADB)/u.test(code);
}

/** Applies the numbered migrations above `PRAGMA user_version`, each in its own transaction. */
export function migrate(db: SqliteDatabase): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(
      `The data directory was written by a newer gt-local (schema ${current}, this build knows ${MIGRATIONS.length}); use that version or a fresh --data-dir`,
    );
  }
  for (let version = current + 1; version <= MIGRATIONS.length; version++) {
    const sql = MIGRATIONS[version - 1];
    if (sql === undefined) break;
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${version}`);
    })();
  }
}
