import Database from "better-sqlite3";
import { databaseFileIn } from "../../../emulator/emulator.js";

export interface TaskRecord {
  id: string;
  object_id: number;
  worker_id: string;
  state: string;
  answer_json: string | null;
}

export interface DataObjectRecord {
  object_id: number;
  state: string;
  labeled_by: string | null;
}

/** What a stopped gt-local left in `<dataDir>/v1/gt-local.sqlite`, read without changing it. */
export interface DatabaseSnapshot {
  integrity: string[];
  tasks: TaskRecord[];
  objects: DataObjectRecord[];
}

/**
 * Opens the database file of a data dir read-only (gt-local must not be running on it) and reads
 * SQLite's full integrity check, every task and every data object.
 */
export function readDatabase(dataDir: string): DatabaseSnapshot {
  const db = new Database(databaseFileIn(dataDir), { readonly: true, fileMustExist: true });
  try {
    const integrity = (db.pragma("integrity_check") as { integrity_check: string }[]).map(
      (row) => row.integrity_check,
    );
    const tasks = db
      .prepare<[], TaskRecord>("SELECT id, object_id, worker_id, state, answer_json FROM tasks")
      .all();
    const objects = db
      .prepare<[], DataObjectRecord>(
        "SELECT object_id, state, labeled_by FROM data_objects ORDER BY object_id",
      )
      .all();
    return { integrity, tasks, objects };
  } finally {
    db.close();
  }
}
