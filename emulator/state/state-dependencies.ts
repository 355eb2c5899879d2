import type { Clock } from "../clock.js";
import type { BlobStore } from "../objects/embedded/blob-store.js";
import type { SqliteDatabase } from "../storage/database.js";

/** What export, import and seeds need from the emulator; the composition root supplies it. */
export interface StateDependencies {
  db: SqliteDatabase;
  clock: Clock;
  /** The embedded store's blob files; undefined when objects live in an external S3. */
  blobs: BlobStore | undefined;
  /** Resolves when the job engine has no work in flight. */
  idle(): Promise<void>;
  /** Empties every table and object: the emulator's own reset. */
  resetToEmpty(): Promise<void>;
  /** Forgets what the emulator cached about the rows an import just replaced. */
  forgetCaches(): void;
  /** What start-up does over a database: the default worker, then every job re-armed. */
  resumeAsAtStart(): void;
}
