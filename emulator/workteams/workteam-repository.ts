import { CommittedRows } from "../storage/committed-rows.js";
import type { SqliteDatabase } from "../storage/database.js";
import type { Workforce, WorkforceSettings, Workteam, WorkteamSettings } from "./workteam.js";

interface WorkteamRow {
  region: string;
  name: string;
  arn: string;
  workforce_name: string;
  spec_json: string;
  create_date_ms: number;
  last_updated_ms: number;
  seeded: number;
}

interface WorkforceRow {
  region: string;
  name: string;
  arn: string;
  spec_json: string;
  create_date_ms: number;
  last_updated_ms: number;
}

export interface StoredWorkteam extends Workteam {
  /** True while the team is the untouched placeholder gt-local seeded at first start. */
  seeded: boolean;
}

const toWorkforce = (row: WorkforceRow): Workforce => ({
  ...(JSON.parse(row.spec_json) as WorkforceSettings),
  region: row.region,
  name: row.name,
  arn: row.arn,
  createDate: new Date(row.create_date_ms),
  lastUpdatedDate: new Date(row.last_updated_ms),
});

/** Freezes parsed JSON all the way down (kept settings are shared by every reader). */
function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** All SQL about work teams and workforces. */
export class WorkteamRepository {
  /** Prepared once: every claim checks the worker's team (issue 10, target 3). */
  private readonly byArnStatement;
  private readonly settingsByArnStatement;
  private readonly workforceStatement;
  /** Teams' settings as last committed, by ARN: every claim checks its worker's team (see CommittedRows). */
  private readonly keptSettings;

  constructor(private readonly db: SqliteDatabase) {
    this.keptSettings = new CommittedRows<WorkteamSettings>(db);
    this.byArnStatement = db.prepare<[string], WorkteamRow>("SELECT * FROM workteams WHERE arn = ?");
    this.settingsByArnStatement = db.prepare<[string], Pick<WorkteamRow, "spec_json">>(
      "SELECT spec_json FROM workteams WHERE arn = ?",
    );
    this.workforceStatement = db.prepare<[string, string], WorkforceRow>(
      "SELECT * FROM workforces WHERE region = ? AND name = ?",
    );
  }

  private toWorkteam(row: WorkteamRow): StoredWorkteam {
    const workforce = this.findWorkforce(row.region, row.workforce_name);
    return {
      ...(JSON.parse(row.spec_json) as WorkteamSettings),
      region: row.region,
      name: row.name,
      arn: row.arn,
      workforceName: row.workforce_name,
      workforceArn: workforce?.arn ?? "",
      createDate: new Date(row.create_date_ms),
      lastUpdatedDate: new Date(row.last_updated_ms),
      seeded: row.seeded === 1,
    };
  }

  saveWorkteam(team: Workteam, seeded = false): void {
    this.keptSettings.forget(team.arn);
    const settings: WorkteamSettings = {
      description: team.description,
      memberDefinitions: team.memberDefinitions,
    };
    if (team.notificationTopicArn !== undefined) settings.notificationTopicArn = team.notificationTopicArn;
    if (team.workerAccess !== undefined) settings.workerAccess = team.workerAccess;
    this.db
      .prepare(
        `INSERT INTO workteams (region, name, arn, workforce_name, spec_json, create_date_ms, last_updated_ms, seeded)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (region, name) DO UPDATE SET spec_json = excluded.spec_json,
           last_updated_ms = excluded.last_updated_ms, seeded = excluded.seeded`,
      )
      .run(
        team.region,
        team.name,
        team.arn,
        team.workforceName,
        JSON.stringify(settings),
        team.createDate.getTime(),
        team.lastUpdatedDate.getTime(),
        seeded ? 1 : 0,
      );
  }

  findWorkteam(region: string, name: string): StoredWorkteam | undefined {
    const row = this.db
      .prepare<[string, string], WorkteamRow>("SELECT * FROM workteams WHERE region = ? AND name = ?")
      .get(region, name);
    return row ? this.toWorkteam(row) : undefined;
  }

  findWorkteamByArn(arn: string): StoredWorkteam | undefined {
    const row = this.byArnStatement.get(arn);
    return row ? this.toWorkteam(row) : undefined;
  }

  /** Only a team's settings (its members), without the workforce a whole team is described with. */
  findWorkteamSettingsByArn(arn: string): WorkteamSettings | undefined {
    const kept = this.keptSettings.get(arn);
    if (kept) return kept;
    const row = this.settingsByArnStatement.get(arn);
    return row
      ? this.keptSettings.remember(arn, deepFreeze(JSON.parse(row.spec_json) as WorkteamSettings))
      : undefined;
  }

  /** Rows were replaced behind the repository (an import or reset): read everything again. */
  forgetKept(): void {
    this.keptSettings.forgetAll();
  }

  listWorkteams(region: string): StoredWorkteam[] {
    return this.db
      .prepare<[string], WorkteamRow>("SELECT * FROM workteams WHERE region = ? ORDER BY name")
      .all(region)
      .map((row) => this.toWorkteam(row));
  }

  countWorkteams(region: string, workforceName?: string): number {
    const sql =
      workforceName === undefined
        ? "SELECT count(*) AS n FROM workteams WHERE region = ?"
        : "SELECT count(*) AS n FROM workteams WHERE region = ? AND workforce_name = ?";
    const args = workforceName === undefined ? [region] : [region, workforceName];
    return this.db.prepare<string[], { n: number }>(sql).get(...args)?.n ?? 0;
  }

  deleteWorkteam(region: string, name: string): boolean {
    // Deleted by name: which ARN that was is not known here, so every kept team goes.
    this.keptSettings.forgetAll();
    return (
      this.db.prepare("DELETE FROM workteams WHERE region = ? AND name = ?").run(region, name).changes > 0
    );
  }

  saveWorkforce(workforce: Workforce): void {
    const { region, name, arn, createDate, lastUpdatedDate, ...settings } = workforce;
    this.db
      .prepare(
        `INSERT INTO workforces (region, name, arn, spec_json, create_date_ms, last_updated_ms)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (region, name) DO UPDATE SET spec_json = excluded.spec_json, last_updated_ms = excluded.last_updated_ms`,
      )
      .run(region, name, arn, JSON.stringify(settings), createDate.getTime(), lastUpdatedDate.getTime());
  }

  findWorkforce(region: string, name: string): Workforce | undefined {
    const row = this.workforceStatement.get(region, name);
    return row ? toWorkforce(row) : undefined;
  }

  listWorkforces(region: string): Workforce[] {
    return this.db
      .prepare<[string], WorkforceRow>("SELECT * FROM workforces WHERE region = ? ORDER BY name")
      .all(region)
      .map(toWorkforce);
  }

  deleteWorkforce(region: string, name: string): boolean {
    return (
      this.db.prepare("DELETE FROM workforces WHERE region = ? AND name = ?").run(region, name).changes > 0
    );
  }
}
