import type { SqliteDatabase } from "../storage/database.js";

/**
 * The one read the dashboard needs that no other repository offers: every job of every region,
 * newest first (SageMaker's own listings are per region).
 */
export class DashboardRepository {
  private readonly statements;

  constructor(db: SqliteDatabase) {
    this.statements = {
      jobArns: db.prepare<[], { arn: string }>(
        "SELECT arn FROM labeling_jobs ORDER BY creation_time_ms DESC, region, name_lower",
      ),
    };
  }

  jobArnsNewestFirst(): string[] {
    return this.statements.jobArns.all().map((row) => row.arn);
  }
}
