import type { SqliteDatabase } from "../../emulator/storage/database.js";

/** The trigger-kept per-job counts (data_object_counts) must equal a count of the objects themselves. */
export function countViolations(db: SqliteDatabase, jobArn: string): string[] {
  const kept = db
    .prepare<[string, string], { key: string; kept: number | null; counted: number | null }>(
      `WITH counted AS (
         SELECT state || '/' || coalesce(labeled_by, '') || '/' || (iteration IS NOT NULL) AS key, count(*) AS n
         FROM data_objects WHERE job_arn = ? GROUP BY key),
       kept AS (
         SELECT state || '/' || labeled_by || '/' || consolidated AS key, n
         FROM data_object_counts WHERE job_arn = ? AND n <> 0)
       SELECT counted.key, kept.n AS kept, counted.n AS counted FROM counted LEFT JOIN kept USING (key)
       UNION ALL
       SELECT kept.key, kept.n, NULL FROM kept WHERE kept.key NOT IN (SELECT key FROM counted)`,
    )
    .all(jobArn, jobArn);
  return kept
    .filter((row) => row.kept !== row.counted)
    .map(
      (row) =>
        `objects ${row.key}: counts say ${String(row.kept ?? 0)}, the objects are ${String(row.counted ?? 0)}`,
    );
}
