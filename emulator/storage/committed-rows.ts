import type { SqliteDatabase } from "./database.js";

/**
 * Values read from rows that every claim and submit reads again (the job, the worker, the team's
 * members), kept in memory as last committed: reading and parsing them was a fifth of a worker's
 * call (issue 10, target 3). Three rules keep it true to the database:
 * - a value is kept only when read or written outside a transaction, so a write a rollback undoes
 *   never lingers here;
 * - the repository that owns the rows forgets (or replaces) an entry on every write it makes;
 * - an import or reset, which replace rows behind the repositories, forgets everything.
 * Kept values are shared, so repositories freeze them: callers copy before they change one.
 * Bounded: cleared when it grows large.
 */
export class CommittedRows<Value> {
  private readonly values = new Map<string, Value>();

  constructor(
    private readonly db: SqliteDatabase,
    private readonly kept = 1_000,
  ) {}

  get(key: string): Value | undefined {
    return this.values.get(key);
  }

  /** Keeps `value` for `key` when no transaction is open (else forgets the key); returns it. */
  remember(key: string, value: Value): Value {
    if (this.db.inTransaction) {
      this.values.delete(key);
      return value;
    }
    if (this.values.size >= this.kept) this.values.clear();
    this.values.set(key, value);
    return value;
  }

  forget(key: string): void {
    this.values.delete(key);
  }

  forgetAll(): void {
    this.values.clear();
  }
}
