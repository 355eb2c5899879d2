import type { SqliteDatabase } from "../storage/database.js";
import type { Tag } from "./tag.js";

/** Tags per resource ARN, kept in the order keys were first added (rowid order). */
export class TagRepository {
  /** Prepared once: every DescribeLabelingJob reads a job's tags. */
  private readonly listStatement;

  constructor(private readonly db: SqliteDatabase) {
    this.listStatement = db.prepare<[string], Tag>(
      "SELECT key, value FROM tags WHERE resource_arn = ? ORDER BY rowid",
    );
  }

  /** Adds or overwrites by key, as AddTags does. */
  put(resourceArn: string, tags: readonly Tag[]): void {
    const upsert = this.db.prepare(
      `INSERT INTO tags (resource_arn, key, value) VALUES (?, ?, ?)
       ON CONFLICT (resource_arn, key) DO UPDATE SET value = excluded.value`,
    );
    this.db.transaction(() => {
      for (const tag of tags) upsert.run(resourceArn, tag.key, tag.value);
    })();
  }

  list(resourceArn: string): Tag[] {
    return this.listStatement.all(resourceArn);
  }

  delete(resourceArn: string, keys: readonly string[]): void {
    const remove = this.db.prepare("DELETE FROM tags WHERE resource_arn = ? AND key = ?");
    this.db.transaction(() => {
      for (const key of keys) remove.run(resourceArn, key);
    })();
  }

  deleteAll(resourceArn: string): void {
    this.db.prepare("DELETE FROM tags WHERE resource_arn = ?").run(resourceArn);
  }
}
