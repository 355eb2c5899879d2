import type { SqliteDatabase } from "./database.js";

/** Runs `work` inside one SQLite transaction (a savepoint when one is already open). */
export type TransactionRunner = <T>(work: () => T) => T;

const runners = new WeakMap<SqliteDatabase, TransactionRunner>();

/**
 * The database's transaction runner, wrapped once. better-sqlite3's `db.transaction(fn)` builds
 * four wrapper functions and defines their properties on every call: called per claim and submit,
 * that cost as much as the BEGIN and COMMIT themselves (issue 10, target 3).
 */
export function transactionRunner(db: SqliteDatabase): TransactionRunner {
  let runner = runners.get(db);
  if (runner === undefined) {
    const wrapped = db.transaction((work: () => unknown) => work());
    // The wrapper returns what `work` returned, which is T.
    runner = <T>(work: () => T): T => wrapped(work) as T;
    runners.set(db, runner);
  }
  return runner;
}
