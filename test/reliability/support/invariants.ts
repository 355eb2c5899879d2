import type { LabelCounters } from "@aws-sdk/client-sagemaker";
import type { SqliteDatabase } from "../../../emulator/storage/database.js";
import { countViolations } from "../../helpers/object-counts.js";

export interface JobLimits {
  objects: number;
  workersPerObject: number;
  maxConcurrentTaskCount: number;
}

/**
 * The rules of a running job that must hold at every instant, read from the database in one
 * synchronous pass (so one consistent snapshot). Returns a sentence per broken rule. It assumes
 * no object outlived its TaskAvailabilityLifetimeInSeconds (those may end labeled with fewer).
 */
export function taskInvariantViolations(db: SqliteDatabase, jobArn: string, limits: JobLimits): string[] {
  const violations: string[] = [];
  const perObject = db
    .prepare<[string], { object_id: number; live: number; submitted: number }>(
      `SELECT object_id, sum(state IN ('claimed', 'submitted')) AS live, sum(state = 'submitted') AS submitted
       FROM tasks WHERE job_arn = ? GROUP BY object_id`,
    )
    .all(jobArn);
  for (const row of perObject) {
    if (row.live > limits.workersPerObject) {
      violations.push(`object ${String(row.object_id)} has ${String(row.live)} claimed or submitted tasks`);
    }
  }
  const twice = db
    .prepare<[string], { object_id: number; worker_id: string; n: number }>(
      `SELECT object_id, worker_id, count(*) AS n FROM tasks WHERE job_arn = ?
       GROUP BY object_id, worker_id HAVING n > 1`,
    )
    .all(jobArn);
  for (const row of twice) {
    violations.push(`worker ${row.worker_id} has ${String(row.n)} tasks on object ${String(row.object_id)}`);
  }
  const out = db
    .prepare<{ job: string }, { open: number; claimedObjects: number; claimedOnClosed: number }>(
      `SELECT
         (SELECT count(*) FROM data_objects WHERE job_arn = @job AND state = 'open') AS open,
         (SELECT count(DISTINCT object_id) FROM tasks WHERE job_arn = @job AND state = 'claimed') AS claimedObjects,
         (SELECT count(*) FROM tasks t JOIN data_objects o ON o.job_arn = t.job_arn AND o.object_id = t.object_id
          WHERE t.job_arn = @job AND t.state = 'claimed' AND o.state <> 'open') AS claimedOnClosed`,
    )
    .get({ job: jobArn });
  if (out && out.open > limits.maxConcurrentTaskCount) {
    violations.push(
      `${String(out.open)} objects are out at once (MaxConcurrentTaskCount ${String(limits.maxConcurrentTaskCount)})`,
    );
  }
  if (out && out.claimedObjects > limits.maxConcurrentTaskCount) {
    violations.push(`${String(out.claimedObjects)} objects have claims at once`);
  }
  if (out && out.claimedOnClosed > 0)
    violations.push(`${String(out.claimedOnClosed)} claims are on objects not open`);
  const labeledShort = db
    .prepare<{ job: string; perObject: number }, { object_id: number; submitted: number }>(
      `SELECT object_id, submitted FROM (
         SELECT o.object_id, (SELECT count(*) FROM tasks t WHERE t.job_arn = o.job_arn
                              AND t.object_id = o.object_id AND t.state = 'submitted') AS submitted
         FROM data_objects o WHERE o.job_arn = @job AND o.state = 'labeled')
       WHERE submitted <> @perObject`,
    )
    .all({ job: jobArn, perObject: limits.workersPerObject });
  for (const row of labeledShort) {
    violations.push(`labeled object ${String(row.object_id)} has ${String(row.submitted)} answers`);
  }
  violations.push(...countViolations(db, jobArn));
  return violations;
}

/** DescribeLabelingJob's counters must add up, whenever they are read. */
export function counterViolations(counters: LabelCounters | undefined, objects: number): string[] {
  const human = counters?.HumanLabeled ?? 0;
  const machine = counters?.MachineLabeled ?? 0;
  const failed = counters?.FailedNonRetryableError ?? 0;
  const unlabeled = counters?.Unlabeled ?? 0;
  const total = counters?.TotalLabeled ?? 0;
  const violations: string[] = [];
  if (total !== human + machine)
    violations.push(`TotalLabeled ${String(total)} is not Human + Machine (${String(human + machine)})`);
  if (human + machine + failed + unlabeled !== objects) {
    violations.push(`the counters ${JSON.stringify(counters)} do not add up to ${String(objects)} objects`);
  }
  return violations;
}
