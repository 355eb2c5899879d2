import type { Statement } from "better-sqlite3";
import { CommittedRows } from "../storage/committed-rows.js";
import type { SqliteDatabase } from "../storage/database.js";
import type { Cursor } from "../pagination.js";
import type { LabelCounters, LabelingJob, LabelingJobSpec, LabelingJobStatus } from "./labeling-job.js";

interface JobRow {
  region: string;
  name: string;
  arn: string;
  status: string;
  job_reference_code: string;
  failure_reason: string | null;
  spec_json: string;
  counters_json: string;
  output_dataset_s3_uri: string | null;
  creation_time_ms: number;
  last_modified_time_ms: number;
}

/**
 * Every column but the spec, the one large value, which comes from a cache (`withSpec`): parsing
 * each job's spec was most of a ListLabelingJobs call. A page of jobs is read as arrays of these
 * columns (better-sqlite3's `raw` mode), a third cheaper than a row object per job, then named in
 * JavaScript (`rowOf`); single-job reads take them as row objects.
 */
const COLUMNS_BUT_SPEC = `region, name, arn, status, job_reference_code, failure_reason, counters_json,
  output_dataset_s3_uri, creation_time_ms, last_modified_time_ms`;
type ListValues = [
  string,
  string,
  string,
  string,
  string,
  string | null,
  string,
  string | null,
  number,
  number,
];

const rowOf = (values: ListValues): Omit<JobRow, "spec_json"> => ({
  region: values[0],
  name: values[1],
  arn: values[2],
  status: values[3],
  job_reference_code: values[4],
  failure_reason: values[5],
  counters_json: values[6],
  output_dataset_s3_uri: values[7],
  creation_time_ms: values[8],
  last_modified_time_ms: values[9],
});

export type JobSortBy = "Name" | "CreationTime" | "Status";
export type SortOrder = "Ascending" | "Descending";

export interface JobQuery {
  region: string;
  creationTimeAfter?: Date;
  creationTimeBefore?: Date;
  lastModifiedTimeAfter?: Date;
  lastModifiedTimeBefore?: Date;
  nameContains?: string;
  statusEquals?: LabelingJobStatus;
  workteamArn?: string;
  jobReferenceCodeContains?: string;
  sortBy: JobSortBy;
  sortOrder: SortOrder;
  after?: Cursor;
  limit: number;
}

/** The SQL columns each sort orders by; the last ones break ties so every order is total. */
const SORT_COLUMNS: Record<JobSortBy, readonly string[]> = {
  Name: ["name_lower"],
  CreationTime: ["creation_time_ms", "name_lower"],
  Status: ["status", "creation_time_ms", "name_lower"],
};

export function cursorOf(job: LabelingJob, sortBy: JobSortBy): Cursor {
  const lower = job.name.toLowerCase();
  if (sortBy === "Name") return [lower];
  if (sortBy === "CreationTime") return [job.creationTime.getTime(), lower];
  return [job.status, job.creationTime.getTime(), lower];
}

export const cursorLength = (sortBy: JobSortBy): number => SORT_COLUMNS[sortBy].length;

/** How many parsed specs `specsByJob` keeps before it starts over. */
const PARSED_SPECS_KEPT = 1_000;

/** A job from its row (read without the spec) and its parsed spec. */
function toJob(row: Omit<JobRow, "spec_json">, spec: LabelingJobSpec): LabelingJob {
  const job: LabelingJob = {
    region: row.region,
    name: row.name,
    arn: row.arn,
    status: row.status as LabelingJobStatus,
    jobReferenceCode: row.job_reference_code,
    spec,
    counters: JSON.parse(row.counters_json) as LabelCounters,
    creationTime: new Date(row.creation_time_ms),
    lastModifiedTime: new Date(row.last_modified_time_ms),
  };
  if (row.failure_reason !== null) job.failureReason = row.failure_reason;
  if (row.output_dataset_s3_uri !== null) job.outputDatasetS3Uri = row.output_dataset_s3_uri;
  return job;
}

/** All SQL about labeling jobs; the rest of the core speaks in `LabelingJob`s. */
export class JobRepository {
  private readonly insertStatement;
  private readonly findStatement;
  private readonly updateStateStatement;
  private readonly findByArnStatement;
  private readonly statusStatement;
  private readonly specStatement;
  /**
   * Specs by job ARN and reference code, for single-job reads (`findByArn`, `findByName`), which a
   * claim and a submit make several times, and pages of jobs: reading and parsing the spec's text
   * each time was most of their cost. The reference code is random per CreateLabelingJob, so a job
   * re-created under the same ARN (after a reset) is a different key; a spec never changes after
   * creation; the core treats specs as read-only. Bounded: cleared when it grows large.
   */
  private readonly specsByJob = new Map<string, LabelingJobSpec>();
  /** Jobs as last committed, by ARN, and ARNs by region and lowercase name (see CommittedRows). */
  private readonly jobsByArn;
  private readonly arnsByName;
  /**
   * List queries by SQL text, each prepared once: the text depends only on which filters, sort and
   * cursor a query has (a few hundred shapes at most), never on their values.
   * Preparing took as long as running the query, on every ListLabelingJobs call.
   */
  private readonly queryStatements = new Map<
    string,
    Statement<Record<string, string | number>, ListValues>
  >();

  constructor(
    private readonly db: SqliteDatabase,
    /** Told when a saved job's status differs from the stored one (job state change events). */
    private readonly onStatusChange: (job: LabelingJob) => void = () => undefined,
  ) {
    this.jobsByArn = new CommittedRows<LabelingJob>(db);
    this.arnsByName = new CommittedRows<string>(db);
    this.insertStatement = db.prepare(
      `INSERT INTO labeling_jobs (region, name, name_lower, arn, status, workteam_arn, job_reference_code,
         failure_reason, spec_json, counters_json, output_dataset_s3_uri, creation_time_ms, last_modified_time_ms)
       VALUES (@region, @name, @nameLower, @arn, @status, @workteamArn, @jobReferenceCode,
         @failureReason, @specJson, @countersJson, @outputDatasetS3Uri, @creationTimeMs, @lastModifiedTimeMs)`,
    );
    this.findStatement = db.prepare<[string, string], Omit<JobRow, "spec_json">>(
      `SELECT ${COLUMNS_BUT_SPEC} FROM labeling_jobs WHERE region = ? AND name_lower = ?`,
    );
    this.statusStatement = db.prepare<[string], Pick<JobRow, "status">>(
      "SELECT status FROM labeling_jobs WHERE arn = ?",
    );
    this.findByArnStatement = db.prepare<[string], Omit<JobRow, "spec_json">>(
      `SELECT ${COLUMNS_BUT_SPEC} FROM labeling_jobs WHERE arn = ?`,
    );
    this.specStatement = db.prepare<[string], Pick<JobRow, "spec_json">>(
      "SELECT spec_json FROM labeling_jobs WHERE arn = ?",
    );
    this.updateStateStatement = db.prepare(
      `UPDATE labeling_jobs SET status = @status, failure_reason = @failureReason, counters_json = @countersJson,
         output_dataset_s3_uri = @outputDatasetS3Uri, last_modified_time_ms = @lastModifiedTimeMs
       WHERE arn = @arn`,
    );
  }

  insert(job: LabelingJob): void {
    this.jobsByArn.forget(job.arn);
    this.insertStatement.run({
      region: job.region,
      name: job.name,
      nameLower: job.name.toLowerCase(),
      arn: job.arn,
      status: job.status,
      workteamArn: job.spec.humanTask.workteamArn,
      jobReferenceCode: job.jobReferenceCode,
      failureReason: job.failureReason ?? null,
      specJson: JSON.stringify(job.spec),
      countersJson: JSON.stringify(job.counters),
      outputDatasetS3Uri: job.outputDatasetS3Uri ?? null,
      creationTimeMs: job.creationTime.getTime(),
      lastModifiedTimeMs: job.lastModifiedTime.getTime(),
    });
  }

  /** Job names are unique per account and region regardless of case, as on AWS. */
  findByName(region: string, name: string): LabelingJob | undefined {
    const nameKey = `${region} ${name.toLowerCase()}`;
    const arn = this.arnsByName.get(nameKey);
    const kept = arn === undefined ? undefined : this.jobsByArn.get(arn);
    if (kept) return kept;
    const job = this.keep(this.findStatement.get(region, name.toLowerCase()));
    if (job) this.arnsByName.remember(nameKey, job.arn);
    return job;
  }

  findByArn(arn: string): LabelingJob | undefined {
    return this.jobsByArn.get(arn) ?? this.keep(this.findByArnStatement.get(arn));
  }

  /** Rows were replaced behind the repository (an import or reset): read everything again. */
  forgetKept(): void {
    this.jobsByArn.forgetAll();
    this.arnsByName.forgetAll();
    this.specsByJob.clear();
  }

  /** The job of a row just read (kept, see `remember`), or undefined without a row. */
  private keep(row: Omit<JobRow, "spec_json"> | undefined): LabelingJob | undefined {
    const job = row ? this.withSpec(row) : undefined;
    return job && this.remember(job);
  }

  /** Keeps a job as read or saved; frozen, since every reader shares it. */
  private remember(job: LabelingJob): LabelingJob {
    Object.freeze(job.counters);
    return this.jobsByArn.remember(job.arn, Object.freeze(job));
  }

  /** The job of a row read without its spec, the spec from `specsByJob` (read once per job). */
  private withSpec(row: Omit<JobRow, "spec_json">): LabelingJob | undefined {
    const key = `${row.arn} ${row.job_reference_code}`;
    let spec = this.specsByJob.get(key);
    if (spec === undefined) {
      const specJson = this.specStatement.get(row.arn)?.spec_json;
      if (specJson === undefined) return undefined;
      if (this.specsByJob.size >= PARSED_SPECS_KEPT) this.specsByJob.clear();
      spec = JSON.parse(specJson) as LabelingJobSpec;
      this.specsByJob.set(key, spec);
    }
    return toJob(row, spec);
  }

  /** Persists everything about a job that can change after creation. */
  saveState(job: LabelingJob): void {
    const kept = this.jobsByArn.get(job.arn);
    const previous = kept ? kept.status : this.statusStatement.get(job.arn)?.status;
    const countersJson = JSON.stringify(job.counters);
    const changed = this.updateStateStatement.run({
      arn: job.arn,
      status: job.status,
      failureReason: job.failureReason ?? null,
      countersJson,
      outputDatasetS3Uri: job.outputDatasetS3Uri ?? null,
      lastModifiedTimeMs: job.lastModifiedTime.getTime(),
    }).changes;
    if (kept && changed > 0) {
      // The kept job with what was just written, as a read would now return it.
      const saved: LabelingJob = {
        ...kept,
        status: job.status,
        counters: JSON.parse(countersJson) as LabelCounters,
        lastModifiedTime: new Date(job.lastModifiedTime.getTime()),
      };
      delete saved.failureReason;
      delete saved.outputDatasetS3Uri;
      if (job.failureReason !== undefined) saved.failureReason = job.failureReason;
      if (job.outputDatasetS3Uri !== undefined) saved.outputDatasetS3Uri = job.outputDatasetS3Uri;
      this.remember(saved);
    } else {
      this.jobsByArn.forget(job.arn);
    }
    if (previous !== undefined && previous !== job.status) this.onStatusChange(job);
  }

  query(query: JobQuery): LabelingJob[] {
    const where: string[] = ["region = @region"];
    const params: Record<string, string | number> = { region: query.region, limit: query.limit };
    const range = (column: string, key: string, op: ">" | "<", value: Date | undefined): void => {
      if (value === undefined) return;
      where.push(`${column} ${op} @${key}`);
      params[key] = value.getTime();
    };
    range("creation_time_ms", "createdAfter", ">", query.creationTimeAfter);
    range("creation_time_ms", "createdBefore", "<", query.creationTimeBefore);
    range("last_modified_time_ms", "modifiedAfter", ">", query.lastModifiedTimeAfter);
    range("last_modified_time_ms", "modifiedBefore", "<", query.lastModifiedTimeBefore);
    if (query.nameContains !== undefined) {
      where.push("instr(name_lower, @nameContains) > 0");
      params.nameContains = query.nameContains.toLowerCase();
    }
    if (query.statusEquals !== undefined) {
      where.push("status = @status");
      params.status = query.statusEquals;
    }
    if (query.workteamArn !== undefined) {
      where.push("workteam_arn = @workteamArn");
      params.workteamArn = query.workteamArn;
    }
    if (query.jobReferenceCodeContains !== undefined) {
      where.push("instr(job_reference_code, @codeContains) > 0");
      params.codeContains = query.jobReferenceCodeContains;
    }
    const columns = SORT_COLUMNS[query.sortBy];
    const direction = query.sortOrder === "Descending" ? "DESC" : "ASC";
    if (query.after !== undefined) {
      const placeholders = query.after.map((value, index) => {
        params[`after${index}`] = value;
        return `@after${index}`;
      });
      const op = direction === "DESC" ? "<" : ">";
      where.push(`(${columns.join(", ")}) ${op} (${placeholders.join(", ")})`);
    }
    const orderBy = columns.map((column) => `${column} ${direction}`).join(", ");
    const sql = `SELECT ${COLUMNS_BUT_SPEC} FROM labeling_jobs WHERE ${where.join(" AND ")} ORDER BY ${orderBy} LIMIT @limit`;
    let statement = this.queryStatements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare<Record<string, string | number>, ListValues>(sql).raw(true);
      this.queryStatements.set(sql, statement);
    }
    // A job kept as last committed is the row just read, already built (see CommittedRows).
    return statement
      .all(params)
      .flatMap((values) => this.jobsByArn.get(values[2]) ?? this.keep(rowOf(values)) ?? []);
  }
}
