import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { join } from "node:path";
import { ManualClock, type Clock } from "../clock.js";
import { validationError } from "../errors.js";
import type { BlobStore } from "../objects/embedded/blob-store.js";
import type { SqliteDatabase } from "../storage/database.js";
import { asFolderError } from "./export-folder.js";
import { loadStateFolder, type LoadedState } from "./load-state-folder.js";
import {
  BLOB_ID_COLUMN,
  ROWID_FIELD,
  quoteName,
  selectInKeyOrder,
  tableShapes,
  type TableShape,
} from "./schema.js";
import type { StateDependencies } from "./state-dependencies.js";
import { BLOBS_DIR, type StateSummary } from "./state-format.js";

/**
 * Replaces the whole state with a folder's. The folder is read and checked completely first and
 * its blobs copied into the store under new ids; only then, in one transaction, every table is
 * emptied and refilled. A bad folder changes nothing. Afterwards the emulator does what it does at
 * start-up: the default worker exists, every job is re-armed (due starts, claims and deadlines).
 */
export async function importState(deps: StateDependencies, dir: string): Promise<StateSummary> {
  const loaded = await loadStateFolder(dir);
  try {
    return await replaceWith(deps, loaded);
  } catch (error) {
    throw asFolderError(error, `import the state folder ${loaded.dir}`);
  } finally {
    loaded.close();
  }
}

async function replaceWith(deps: StateDependencies, loaded: LoadedState): Promise<StateSummary> {
  if (!deps.blobs && loaded.blobHashes.length > 0) {
    throw validationError(
      `${loaded.dir} holds ${loaded.blobHashes.length} stored objects, but this gt-local keeps its objects in an external S3 (--s3-endpoint). Import it into a gt-local with the embedded store.`,
    );
  }
  const blobIds = await copyBlobsIn(deps.blobs, loaded);
  let replaced: string[];
  try {
    await deps.idle();
    // From here to the end nothing awaits: no request or engine step runs in between.
    replaced = replaceTables(deps.db, loaded.db, blobIds);
  } catch (error) {
    deps.blobs?.removeQuietly([...blobIds.values()]);
    throw error;
  }
  deps.blobs?.removeQuietly(replaced);
  deps.forgetCaches();
  catchUp(deps.clock, new Date(loaded.header.clockNow));
  deps.resumeAsAtStart();
  return { dir: loaded.dir, ...loaded.header };
}

/**
 * Copies each blob file into the store, checking its bytes against its name on the way; returns
 * hash → new blob id. If one fails, the copies made so far are removed.
 */
async function copyBlobsIn(blobs: BlobStore | undefined, loaded: LoadedState): Promise<Map<string, string>> {
  const written = new Map<string, string>();
  if (!blobs) return written;
  try {
    for (const name of loaded.blobHashes) {
      const hash = createHash("sha256");
      const file = join(loaded.dir, BLOBS_DIR, name);
      const blob = await blobs.write(
        (async function* hashing() {
          for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
            hash.update(chunk);
            yield chunk;
          }
        })(),
      );
      written.set(name, blob.blobId);
      const actual = hash.digest("hex");
      if (actual !== name) {
        throw validationError(
          `${file} does not hold the bytes its name says (their SHA-256 is ${actual}); the folder was edited or damaged.`,
        );
      }
    }
    return written;
  } catch (error) {
    blobs.removeQuietly([...written.values()]);
    throw error;
  }
}

/** One transaction: every table emptied and refilled. Returns the blob ids the old rows used. */
function replaceTables(db: SqliteDatabase, source: SqliteDatabase, blobIds: Map<string, string>): string[] {
  const sources = new Map(tableShapes(source).map((shape) => [shape.name, shape]));
  const shapes = tableShapes(db);
  return db.transaction(() => {
    // Parents and children are refilled in name order; the keys are checked at commit.
    db.pragma("defer_foreign_keys = ON");
    const replaced = shapes.flatMap((shape) => blobIdsOf(db, shape));
    for (const shape of shapes) db.prepare(`DELETE FROM ${quoteName(shape.name)}`).run();
    for (const shape of shapes) {
      const from = sources.get(shape.name);
      if (!from) throw new Error(`The migrated scratch database lacks the table ${shape.name}`);
      copyRows(db, shape, selectInKeyOrder(source, from), from.hasRowid, blobIds);
    }
    return replaced;
  })();
}

function copyRows(
  db: SqliteDatabase,
  shape: TableShape,
  rows: Record<string, unknown>[],
  sourceHasRowid: boolean,
  blobIds: Map<string, string>,
): void {
  const fields = shape.hasRowid && sourceHasRowid ? [ROWID_FIELD, ...shape.columns] : shape.columns;
  const insert = db.prepare(
    `INSERT INTO ${quoteName(shape.name)} (${fields.map(quoteName).join(", ")}) VALUES (${fields.map(() => "?").join(", ")})`,
  );
  for (const row of rows) {
    insert.run(
      ...fields.map((field) => (field === BLOB_ID_COLUMN ? blobIds.get(String(row[field])) : row[field])),
    );
  }
}

function blobIdsOf(db: SqliteDatabase, shape: TableShape): string[] {
  if (!shape.columns.includes(BLOB_ID_COLUMN)) return [];
  return db
    .prepare<[], { id: string }>(`SELECT ${quoteName(BLOB_ID_COLUMN)} AS id FROM ${quoteName(shape.name)}`)
    .all()
    .map((row) => row.id);
}

/**
 * A manual clock behind the imported state is moved up to the state's time, so nothing in it lies
 * in the future (a job created "later" than now). Clocks never go back, and the system clock
 * cannot move: deadlines that passed since the export then fall due at once, as after a restart.
 */
function catchUp(clock: Clock, stateNow: Date): void {
  if (!(clock instanceof ManualClock)) return;
  const behind = stateNow.getTime() - clock.now().getTime();
  if (behind > 0) clock.advance(behind);
}
