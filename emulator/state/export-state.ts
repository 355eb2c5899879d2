import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pipeline } from "node:stream/promises";
import type { BlobStore } from "../objects/embedded/blob-store.js";
import type { SqliteDatabase } from "../storage/database.js";
import { asFolderError, checkExportTarget, createStaging, moveIntoPlace } from "./export-folder.js";
import { encodeValue } from "./row-codec.js";
import {
  BLOB_ID_COLUMN,
  ROWID_FIELD,
  schemaVersionOf,
  selectInKeyOrder,
  tableShapes,
  type TableShape,
} from "./schema.js";
import type { StateDependencies } from "./state-dependencies.js";
import {
  BLOBS_DIR,
  EXTERNAL_OBJECTS_NOTE,
  HEADER_FILE,
  STATE_FORMAT,
  STATE_FORMAT_VERSION,
  TABLE_FILE_SUFFIX,
  TABLES_DIR,
  type StateHeader,
  type StateSummary,
} from "./state-format.js";

interface Snapshot {
  schemaVersion: number;
  clockNow: Date;
  tables: { shape: TableShape; rows: Record<string, unknown>[] }[];
}

/**
 * Writes the whole state (every table, every stored object) to `dir` (relative to the working
 * folder). The same state always gives the same files, byte for byte, except the header's
 * `exportedAt` (and `clockNow` on the system clock), so a checked-in fixture diffs cleanly.
 */
export async function exportState(
  deps: Pick<StateDependencies, "db" | "clock" | "blobs" | "idle">,
  dir: string,
): Promise<StateSummary> {
  const target = resolve(dir);
  try {
    await checkExportTarget(target);
    await deps.idle();
    // One synchronous read: nothing changes between the first table and the last.
    const snapshot = deps.db.transaction(() => readSnapshot(deps.db, deps.clock.now()))();
    const staging = await createStaging(target);
    try {
      const hashes = await copyBlobsOut(deps.blobs, blobIdsIn(snapshot), join(staging, BLOBS_DIR));
      await writeTables(snapshot, hashes, join(staging, TABLES_DIR));
      const header = headerFor(snapshot, deps.blobs !== undefined, new Set(hashes.values()).size);
      await writeFile(join(staging, HEADER_FILE), `${JSON.stringify(header, null, 2)}\n`);
      await moveIntoPlace(staging, target);
      return { dir: target, ...header };
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  } catch (error) {
    throw asFolderError(error, `export the state to ${target}`);
  }
}

function readSnapshot(db: SqliteDatabase, clockNow: Date): Snapshot {
  return {
    schemaVersion: schemaVersionOf(db),
    clockNow,
    tables: tableShapes(db).map((shape) => ({ shape, rows: selectInKeyOrder(db, shape) })),
  };
}

function blobIdsIn(snapshot: Snapshot): string[] {
  const ids = new Set<string>();
  for (const { shape, rows } of snapshot.tables) {
    if (!shape.columns.includes(BLOB_ID_COLUMN)) continue;
    for (const row of rows) ids.add(String(row[BLOB_ID_COLUMN]));
  }
  return [...ids].sort();
}

/** Copies each blob to `blobs/<sha256>`; returns blob id → hash. Equal bytes share one file. */
async function copyBlobsOut(
  blobs: BlobStore | undefined,
  blobIds: readonly string[],
  folder: string,
): Promise<Map<string, string>> {
  await mkdir(folder, { recursive: true });
  const hashes = new Map<string, string>();
  if (blobIds.length === 0) return hashes;
  if (!blobs) throw new Error("Rows refer to blobs, but this emulator has no embedded object store");
  const partial = join(folder, ".partial");
  for (const blobId of blobIds) {
    const hash = createHash("sha256");
    await pipeline(
      blobs.open(blobId),
      async function* hashing(source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          hash.update(chunk);
          yield chunk;
        }
      },
      createWriteStream(partial),
    );
    const name = hash.digest("hex");
    await rename(partial, join(folder, name));
    hashes.set(blobId, name);
  }
  return hashes;
}

async function writeTables(snapshot: Snapshot, hashes: Map<string, string>, folder: string): Promise<void> {
  await mkdir(folder, { recursive: true });
  for (const { shape, rows } of snapshot.tables) {
    const fields = shape.hasRowid ? [ROWID_FIELD, ...shape.columns] : shape.columns;
    const lines = rows.map((row) => {
      const line: Record<string, unknown> = {};
      for (const field of fields) {
        const value = row[field];
        line[field] = field === BLOB_ID_COLUMN ? hashes.get(String(value)) : encodeValue(value);
      }
      return `${JSON.stringify(line)}\n`;
    });
    await writeFile(join(folder, `${shape.name}${TABLE_FILE_SUFFIX}`), lines.join(""));
  }
}

function headerFor(snapshot: Snapshot, objectsIncluded: boolean, blobCount: number): StateHeader {
  return {
    format: STATE_FORMAT,
    formatVersion: STATE_FORMAT_VERSION,
    schemaVersion: snapshot.schemaVersion,
    exportedAt: new Date().toISOString(),
    clockNow: snapshot.clockNow.toISOString(),
    objects: objectsIncluded
      ? { included: true, blobs: blobCount }
      : { included: false, blobs: 0, note: EXTERNAL_OBJECTS_NOTE },
    tables: Object.fromEntries(snapshot.tables.map(({ shape, rows }) => [shape.name, rows.length])),
  };
}
