import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { MIGRATIONS } from "./migrations.js";

export type SqliteDatabase = Database.Database;

/**
 * Opens the one SQLite database every mode uses: a file under the data dir, or `:memory:` for
 * throwaway runs. WAL keeps readers off the writer's back; `synchronous = NORMAL` is durable across
 * process crashes in WAL mode (only an OS crash can lose the last transactions).
 */
/** `file` is a path, or ":memory:" for a database that lives and dies with the process. */
export function openDatabase(file: string): SqliteDatabase {
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  migrate(db);
  return db;
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
