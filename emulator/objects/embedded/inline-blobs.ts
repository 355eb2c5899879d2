import type { SqliteDatabase } from "../../storage/database.js";

/** Inline blob ids are `i<row id>`; file blob ids are 32 hex digits, so the two never collide. */
const INLINE_PREFIX = "i";

const rowIdOf = (blobId: string): number | undefined => {
  if (!blobId.startsWith(INLINE_PREFIX)) return undefined;
  const id = Number(blobId.slice(INLINE_PREFIX.length));
  return Number.isSafeInteger(id) ? id : undefined;
};

/**
 * Small object bodies as rows of `s3_blob_bytes` (migration 6). A row insert costs microseconds and
 * joins the caller's transaction, where creating a file costs a file-system round trip each; the
 * metadata rows refer to them by blob id exactly as they refer to blob files.
 */
export class InlineBlobs {
  private readonly statements;

  constructor(db: SqliteDatabase) {
    this.statements = {
      insert: db.prepare<[Uint8Array]>("INSERT INTO s3_blob_bytes (bytes) VALUES (?)"),
      read: db.prepare<[number], { bytes: Buffer }>("SELECT bytes FROM s3_blob_bytes WHERE id = ?"),
      remove: db.prepare<[number]>("DELETE FROM s3_blob_bytes WHERE id = ?"),
      // One set-based pass (SQLite indexes the subquery), not a lookup per row.
      removeUnreferenced: db.prepare(
        `DELETE FROM s3_blob_bytes WHERE '${INLINE_PREFIX}' || id NOT IN
           (SELECT blob_id FROM s3_objects UNION ALL SELECT blob_id FROM s3_parts)`,
      ),
    };
  }

  static isInlineId(blobId: string): boolean {
    return rowIdOf(blobId) !== undefined;
  }

  /** Stores the bytes; returns their blob id. */
  insert(bytes: Uint8Array): string {
    return `${INLINE_PREFIX}${String(this.statements.insert.run(bytes).lastInsertRowid)}`;
  }

  /** The bytes, or undefined when there is no such row. */
  read(blobId: string): Buffer | undefined {
    const id = rowIdOf(blobId);
    return id === undefined ? undefined : this.statements.read.get(id)?.bytes;
  }

  remove(blobId: string): void {
    const id = rowIdOf(blobId);
    if (id !== undefined) this.statements.remove.run(id);
  }

  /** Rows no object or part refers to (a crash between a write and its commit); returns how many. */
  removeUnreferenced(): number {
    return this.statements.removeUnreferenced.run().changes;
  }
}
