import type { SqliteDatabase } from "../storage/database.js";
import { DEFAULT_WORKER_ID } from "../workers/worker-service.js";
import { DEFAULT_WORKFORCE_NAME } from "../workteams/defaults.js";
import { quoteName, tableShapes } from "./schema.js";

/**
 * Rows gt-local creates by itself (the default worker, each region's default workforce and
 * untouched default team, the record that a region was seeded). Every other row, in whichever table a
 * migration ever adds, is something a user made.
 */
const OWN_ROWS: Readonly<Record<string, { where: string; values: string[] }>> = {
  workers: { where: "id = ?", values: [DEFAULT_WORKER_ID] },
  workforces: { where: "name = ?", values: [DEFAULT_WORKFORCE_NAME] },
  workteams: { where: "seeded = 1", values: [] },
  seeded_regions: { where: "1", values: [] },
};

/**
 * True when the state holds nothing but what a fresh start creates: a seed state may then be
 * imported at start without wiping anything (a data dir that holds jobs, buckets, workers or teams
 * of a previous run is kept as it is).
 */
export function isFreshState(db: SqliteDatabase): boolean {
  return tableShapes(db).every(({ name }) => {
    const own = OWN_ROWS[name];
    const sql = `SELECT EXISTS (SELECT 1 FROM ${quoteName(name)}${own ? ` WHERE NOT (${own.where})` : ""}) AS found`;
    return db.prepare<string[], { found: number }>(sql).get(...(own?.values ?? []))?.found === 0;
  });
}
