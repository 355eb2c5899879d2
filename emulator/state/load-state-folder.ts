import Database from "better-sqlite3";
import { readFile, readdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { validationError } from "../errors.js";
import { migrate, type SqliteDatabase } from "../storage/database.js";
import { MIGRATIONS } from "../storage/migrations.js";
import { asFolderError, kindOf } from "./export-folder.js";
import { decodeValue, type SqliteValue } from "./row-codec.js";
import { BLOB_ID_COLUMN, ROWID_FIELD, quoteName, tableShapes, type TableShape } from "./schema.js";
import {
  BLOB_NAME,
  BLOBS_DIR,
  HEADER_FILE,
  TABLE_FILE_SUFFIX,
  TABLES_DIR,
  parseHeader,
  type StateHeader,
} from "./state-format.js";

/** A state folder read and checked, its rows in a scratch database at this build's schema. */
export interface LoadedState {
  dir: string;
  header: StateHeader;
  db: SqliteDatabase;
  /** The SHA-256 names of the blob files the rows refer to, each once. */
  blobHashes: string[];
  close(): void;
}

/**
 * Reads a state folder completely before anything is replaced: the header, every table file of
 * the header's schema version, every blob file the rows name. Rows go into an in-memory database
 * built by the migrations up to that version, then the remaining migrations run over them, so an
 * export from an older gt-local imports as a restart on that data dir would upgrade it. Every
 * problem is a ValidationException naming the file (and line).
 */
export async function loadStateFolder(dir: string): Promise<LoadedState> {
  const folder = resolve(dir);
  try {
    const header = await readHeader(folder);
    const db = scratchDatabaseAt(header.schemaVersion);
    try {
      const hashes = await loadTables(db, folder, header);
      await expectBlobFiles(folder, hashes);
      migrate(db);
      expectForeignKeysHold(db);
      return { dir: folder, header, db, blobHashes: [...hashes.keys()].sort(), close: () => db.close() };
    } catch (error) {
      db.close();
      throw error;
    }
  } catch (error) {
    throw asFolderError(error, `read the state folder ${folder}`);
  }
}

async function readHeader(folder: string): Promise<StateHeader> {
  const kind = await kindOf(folder);
  if (kind === "missing") throw validationError(`The folder ${folder} does not exist.`);
  if (kind === "file") throw validationError(`${folder} is a file, not a state folder.`);
  const headerPath = join(folder, HEADER_FILE);
  if ((await kindOf(headerPath)) !== "file") {
    throw validationError(`${folder} is not a gt-local state folder: it has no ${HEADER_FILE}.`);
  }
  return parseHeader(await readFile(headerPath, "utf8"), headerPath);
}

/** An empty database with the schema as it was at `version`. */
function scratchDatabaseAt(version: number): SqliteDatabase {
  const db = new Database(":memory:");
  // Rows load in table-name order, children before parents; the keys are checked once all are in.
  db.pragma("foreign_keys = OFF");
  for (const sql of MIGRATIONS.slice(0, version)) db.exec(sql);
  db.pragma(`user_version = ${version}`);
  return db;
}

/** Loads every table file; returns blob hash → the table that names it first. */
async function loadTables(
  db: SqliteDatabase,
  folder: string,
  header: StateHeader,
): Promise<Map<string, string>> {
  const shapes = tableShapes(db);
  const version = header.schemaVersion;
  if ((await kindOf(join(folder, TABLES_DIR))) !== "folder") {
    throw validationError(`${folder} has no ${TABLES_DIR}/ folder.`);
  }
  const files = (await readdir(join(folder, TABLES_DIR))).filter((name) => name.endsWith(TABLE_FILE_SUFFIX));
  const known = new Set(shapes.map((shape) => shape.name));
  const stranger = [
    ...files.map((name) => name.slice(0, -TABLE_FILE_SUFFIX.length)),
    ...Object.keys(header.tables),
  ].find((name) => !known.has(name));
  if (stranger !== undefined) {
    throw validationError(
      `${folder}: schema version ${version} has no table "${stranger}" (${TABLES_DIR}/${stranger}${TABLE_FILE_SUFFIX}).`,
    );
  }
  const hashes = new Map<string, string>();
  for (const shape of shapes) {
    const file = `${TABLES_DIR}/${shape.name}${TABLE_FILE_SUFFIX}`;
    if (!files.includes(`${shape.name}${TABLE_FILE_SUFFIX}`)) {
      throw validationError(
        `${folder} is missing ${file} (schema version ${version} has the table ${shape.name}).`,
      );
    }
    const text = await readFile(join(folder, file), "utf8");
    const count = db.transaction(() => insertLines(db, shape, text, file, hashes))();
    const expected = header.tables[shape.name];
    if (expected !== count) {
      throw validationError(
        `${folder}: ${file} has ${count} rows, but ${HEADER_FILE} says ${expected === undefined ? "nothing about it" : String(expected)}; the folder is incomplete or was edited.`,
      );
    }
  }
  return hashes;
}

function insertLines(
  db: SqliteDatabase,
  shape: TableShape,
  text: string,
  file: string,
  hashes: Map<string, string>,
): number {
  const fields = new Set(shape.hasRowid ? [ROWID_FIELD, ...shape.columns] : shape.columns);
  const statements = new Map<string, Database.Statement<SqliteValue[]>>();
  let count = 0;
  const lines = text.split("\n");
  for (const [index, line] of lines.entries()) {
    if (line.trim() === "") continue;
    const where = `${file} line ${index + 1}`;
    const row = parseLine(line, where);
    const names = Object.keys(row);
    const unknown = names.find((name) => !fields.has(name));
    if (unknown !== undefined)
      throw validationError(`${where}: the table ${shape.name} has no column "${unknown}".`);
    const values = names.map((name) => {
      const decoded = decodeValue(row[name]);
      if ("problem" in decoded) throw validationError(`${where}, "${name}": ${decoded.problem}.`);
      if (name === BLOB_ID_COLUMN) expectBlobName(decoded.value, where, hashes, shape.name);
      return decoded.value;
    });
    const key = names.join("\n");
    let statement = statements.get(key);
    if (!statement) {
      const columns = names.map(quoteName).join(", ");
      statement = db.prepare<SqliteValue[]>(
        `INSERT INTO ${quoteName(shape.name)} (${columns}) VALUES (${names.map(() => "?").join(", ")})`,
      );
      statements.set(key, statement);
    }
    try {
      statement.run(...values);
    } catch (error) {
      throw validationError(`${where}: ${error instanceof Error ? error.message : String(error)}.`);
    }
    count++;
  }
  return count;
}

function parseLine(line: string, where: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (error) {
    throw validationError(`${where} is not valid JSON (${error instanceof Error ? error.message : ""}).`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw validationError(`${where} must be a JSON object (one row).`);
  }
  return parsed as Record<string, unknown>;
}

function expectBlobName(value: SqliteValue, where: string, hashes: Map<string, string>, table: string): void {
  if (typeof value !== "string" || !BLOB_NAME.test(value)) {
    throw validationError(
      `${where}: "${BLOB_ID_COLUMN}" must be the SHA-256 (64 lowercase hex digits) of a file in ${BLOBS_DIR}/.`,
    );
  }
  if (!hashes.has(value)) hashes.set(value, table);
}

async function expectBlobFiles(folder: string, hashes: Map<string, string>): Promise<void> {
  for (const [hash, table] of hashes) {
    if ((await kindOf(join(folder, BLOBS_DIR, hash))) !== "file") {
      throw validationError(`${folder} is missing ${BLOBS_DIR}/${hash}, which a row of ${table} refers to.`);
    }
  }
}

interface ForeignKeyProblem {
  table: string;
  parent: string;
}

function expectForeignKeysHold(db: SqliteDatabase): void {
  const problem = db
    .prepare<[], ForeignKeyProblem>('SELECT "table", parent FROM pragma_foreign_key_check')
    .get();
  if (problem) {
    throw validationError(
      `${TABLES_DIR}/${problem.table}${TABLE_FILE_SUFFIX} has a row that refers to a row of ${problem.parent} that is not in ${TABLES_DIR}/${problem.parent}${TABLE_FILE_SUFFIX}.`,
    );
  }
}
