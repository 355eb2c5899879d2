import Database from "better-sqlite3";
import { databaseFileIn } from "../../../emulator/emulator.js";
import { countViolations } from "../../helpers/object-counts.js";

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
  /** Where the trigger-kept object counts disagree with the objects (none after any crash). */
  countMismatches: string[];
}

/**
 * Opens the database file of a data dir read-only (gt-local must not be running on it) and reads
 * SQLite's full integrity check, every task and every data object, and whether the object counts hold.
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
    const countMismatches = db
      .prepare<[], { arn: string }>("SELECT arn FROM labeling_jobs")
      .all()
      .flatMap(({ arn }) => countViolations(db, arn));
    return { integrity, tasks, objects, countMismatches };
  } finally {
    db.close();
  }
}
