import { CommittedRows } from "../storage/committed-rows.js";
import type { SqliteDatabase } from "../storage/database.js";
import type { Worker } from "./worker.js";

interface WorkerRow {
  id: string;
  display_name: string;
  email: string;
  groups_json: string;
  created_ms: number;
}

const toWorker = (row: WorkerRow): Worker => ({
  id: row.id,
  displayName: row.display_name,
  email: row.email,
  groups: JSON.parse(row.groups_json) as string[],
  createdAt: new Date(row.created_ms),
});

export class WorkerRepository {
  /** Prepared once: every claim and submit looks its worker up (issue 10, target 3). */
  private readonly findStatement;
  /** Workers as last committed, by id: every claim and submit reads one (see CommittedRows). */
  private readonly kept;

  constructor(private readonly db: SqliteDatabase) {
    this.findStatement = db.prepare<[string], WorkerRow>("SELECT * FROM workers WHERE id = ?");
    this.kept = new CommittedRows<Worker>(db);
  }

  insert(worker: Worker): void {
    this.kept.forget(worker.id);
    this.db
      .prepare(
        "INSERT INTO workers (id, display_name, email, groups_json, created_ms) VALUES (?, ?, ?, ?, ?)",
      )
      .run(
        worker.id,
        worker.displayName,
        worker.email,
        JSON.stringify(worker.groups),
        worker.createdAt.getTime(),
      );
  }

  find(id: string): Worker | undefined {
    const kept = this.kept.get(id);
    if (kept) return kept;
    const row = this.findStatement.get(id);
    if (!row) return undefined;
    const worker = toWorker(row);
    Object.freeze(worker.groups);
    return this.kept.remember(id, Object.freeze(worker));
  }

  /** Rows were replaced behind the repository (an import or reset): read everything again. */
  forgetKept(): void {
    this.kept.forgetAll();
  }

  updateGroups(id: string, groups: readonly string[]): void {
    this.kept.forget(id);
    this.db.prepare("UPDATE workers SET groups_json = ? WHERE id = ?").run(JSON.stringify(groups), id);
  }

  list(): Worker[] {
    return this.db
      .prepare<[], WorkerRow>("SELECT * FROM workers ORDER BY created_ms, id")
      .all()
      .map(toWorker);
  }
}
