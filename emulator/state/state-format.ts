import { validationError } from "../errors.js";
import { MIGRATIONS } from "../storage/migrations.js";

/**
 * The folder a state export writes, made to be checked into git next to the tests that use it:
 *
 *   gt-local-state.json     this header: format, versions, times, row counts
 *   tables/<table>.jsonl    one JSON object per row, in primary-key order
 *   blobs/<sha256>          the embedded store's object bytes, named by their SHA-256
 *
 * Version 1 of the format; a reader refuses a newer one rather than misread it.
 */
export const STATE_FORMAT = "gt-local-state";
export const STATE_FORMAT_VERSION = 1;
export const HEADER_FILE = "gt-local-state.json";
export const TABLES_DIR = "tables";
export const BLOBS_DIR = "blobs";
export const TABLE_FILE_SUFFIX = ".jsonl";

/** A blob's file name: the lowercase hex SHA-256 of its bytes (never a key, which may hold `..`). */
export const BLOB_NAME = /^[0-9a-f]{64}$/u;

export interface StateHeader {
  format: typeof STATE_FORMAT;
  formatVersion: number;
  /** The SQLite schema version (`PRAGMA user_version`) the rows were read at. */
  schemaVersion: number;
  /** Wall-clock time of the export. */
  exportedAt: string;
  /** The emulator's clock at the export (a manual clock may be far from the wall clock). */
  clockNow: string;
  objects: {
    /** False when gt-local used an external S3: its objects stay there and are not in the folder. */
    included: boolean;
    /** Distinct blob files under `blobs/`. */
    blobs: number;
    note?: string;
  };
  /** Rows per table: lets an import notice a truncated table file. */
  tables: Record<string, number>;
}

/** What the admin API and the typed client return: the header, and the folder it describes. */
export interface StateSummary extends StateHeader {
  dir: string;
}

export const EXTERNAL_OBJECTS_NOTE =
  "gt-local kept its objects in an external S3 (--s3-endpoint); they stay there and are not part of this folder.";

/** Reads and checks a header; every problem is a ValidationException that names it. */
export function parseHeader(text: string, path: string): StateHeader {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw validationError(`${path} is not valid JSON (${error instanceof Error ? error.message : ""}).`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw validationError(`${path} must hold a JSON object.`);
  }
  const header = parsed as Partial<Record<keyof StateHeader, unknown>>;
  if (header.format !== STATE_FORMAT) {
    throw validationError(
      `${path} is not a gt-local state header: its "format" is ${header.format === undefined ? "missing" : JSON.stringify(header.format)}, not "${STATE_FORMAT}".`,
    );
  }
  const formatVersion = positiveInteger(header.formatVersion, "formatVersion", path);
  if (formatVersion > STATE_FORMAT_VERSION) {
    throw validationError(
      `${path} has state format version ${formatVersion}, written by a newer gt-local; this one reads version ${STATE_FORMAT_VERSION}. Use that gt-local version.`,
    );
  }
  const schemaVersion = positiveInteger(header.schemaVersion, "schemaVersion", path);
  if (schemaVersion > MIGRATIONS.length) {
    throw validationError(
      `${path} has schema version ${schemaVersion}, written by a newer gt-local; this one knows schema versions up to ${MIGRATIONS.length}. Use that gt-local version.`,
    );
  }
  return {
    format: STATE_FORMAT,
    formatVersion,
    schemaVersion,
    exportedAt: dateString(header.exportedAt, "exportedAt", path),
    clockNow: dateString(header.clockNow, "clockNow", path),
    objects: objectsOf(header.objects, path),
    tables: rowCountsOf(header.tables, path),
  };
}

function positiveInteger(value: unknown, name: string, path: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw validationError(`${path}: "${name}" must be a whole number of 1 or more.`);
  }
  return value;
}

function dateString(value: unknown, name: string, path: string): string {
  if (typeof value !== "string" || Number.isNaN(Date.parse(value))) {
    throw validationError(`${path}: "${name}" must be an ISO-8601 date.`);
  }
  return value;
}

function objectsOf(value: unknown, path: string): StateHeader["objects"] {
  const objects = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  if (typeof objects.included !== "boolean" || typeof objects.blobs !== "number") {
    throw validationError(`${path}: "objects" must be {"included": true|false, "blobs": <count>}.`);
  }
  return {
    included: objects.included,
    blobs: objects.blobs,
    ...(typeof objects.note === "string" ? { note: objects.note } : {}),
  };
}

function rowCountsOf(value: unknown, path: string): Record<string, number> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw validationError(`${path}: "tables" must map each table to its number of rows.`);
  }
  const counts: Record<string, number> = {};
  for (const [table, count] of Object.entries(value)) {
    if (typeof count !== "number" || !Number.isInteger(count) || count < 0) {
      throw validationError(`${path}: "tables"."${table}" must be a number of rows.`);
    }
    counts[table] = count;
  }
  return counts;
}
