import type { SqliteDatabase } from "../storage/database.js";
import { NOT_EXPORTED_TABLES } from "../storage/migrations.js";

/**
 * What a state export needs to know about a table, read from the database itself (sqlite_master
 * and the table pragmas) rather than from a list in code, so a table a new migration adds is
 * exported and imported without anyone remembering to add it here.
 */
export interface TableShape {
  name: string;
  /** In declaration order: the order of a row's fields in its JSON line. */
  columns: string[];
  /** The primary key's columns in key order; rows are written in this order (stable diffs). */
  primaryKey: string[];
  /**
   * Ordinary tables keep an implicit rowid that some reads order by (tags come back in the order
   * they were added), so it travels with each row; WITHOUT ROWID tables have none.
   */
  hasRowid: boolean;
}

/** The field that carries a row's rowid in a JSON line (no table has a column of that name). */
export const ROWID_FIELD = "rowid";

/**
 * Columns that hold the embedded store's blob ids (s3_objects, s3_parts). An export replaces them
 * with the SHA-256 of the bytes, the name of the file under `blobs/`; an import maps them back to
 * the ids the blobs get in the importing store.
 */
export const BLOB_ID_COLUMN = "blob_id";

interface TableListRow {
  name: string;
  wr: number;
}

interface ColumnRow {
  name: string;
  pk: number;
}

/** Every table of the schema that is state, by name; SQLite's own (`sqlite_*`) and NOT_EXPORTED_TABLES are not. */
export function tableShapes(db: SqliteDatabase): TableShape[] {
  const tables = db
    .prepare<[], TableListRow>(
      "SELECT name, wr FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all();
  return tables
    .filter(({ name }) => !NOT_EXPORTED_TABLES.has(name))
    .map(({ name, wr }) => {
      const columns = db.prepare<[string], ColumnRow>("SELECT name, pk FROM pragma_table_info(?)").all(name);
      if (columns.some((column) => column.name === ROWID_FIELD)) {
        throw new Error(`Table ${name} has a column named ${ROWID_FIELD}, which state exports reserve`);
      }
      const primaryKey = columns
        .filter((column) => column.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((column) => column.name);
      return { name, columns: columns.map((column) => column.name), primaryKey, hasRowid: wr === 0 };
    });
}

/** The schema version a database is at (`PRAGMA user_version`, set by the migrations). */
export const schemaVersionOf = (db: SqliteDatabase): number =>
  db.pragma("user_version", { simple: true }) as number;

/** Rows in primary-key order (rowid order for a table without one), each with its rowid when it has one. */
export function selectInKeyOrder(db: SqliteDatabase, table: TableShape): Record<string, unknown>[] {
  const order = table.primaryKey.length > 0 ? table.primaryKey : [ROWID_FIELD];
  const columns = table.columns.map(quoteName);
  const fields = table.hasRowid ? [`rowid AS ${ROWID_FIELD}`, ...columns] : columns;
  return db
    .prepare<[], Record<string, unknown>>(
      `SELECT ${fields.join(", ")} FROM ${quoteName(table.name)} ORDER BY ${order.map(quoteName).join(", ")}`,
    )
    .all();
}

/** An SQL identifier, quoted (names come from sqlite_master, never from a request). */
export const quoteName = (name: string): string => `"${name.replaceAll('"', '""')}"`;
