/**
 * Numbered schema migrations: entry N takes the schema from version N-1 to N (`PRAGMA user_version`).
 * Never edit a released entry; append a new one.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: control plane: workforces, workteams, labeling jobs, tags.
  `
  CREATE TABLE workforces (
    region TEXT NOT NULL,
    name TEXT NOT NULL,
    arn TEXT NOT NULL UNIQUE,
    spec_json TEXT NOT NULL,
    create_date_ms INTEGER NOT NULL,
    last_updated_ms INTEGER NOT NULL,
    PRIMARY KEY (region, name)
  );
  CREATE TABLE workteams (
    region TEXT NOT NULL,
    name TEXT NOT NULL,
    arn TEXT NOT NULL UNIQUE,
    workforce_name TEXT NOT NULL,
    spec_json TEXT NOT NULL,
    create_date_ms INTEGER NOT NULL,
    last_updated_ms INTEGER NOT NULL,
    -- 1 while the team is the untouched placeholder seeded at first start (see README, Fidelity).
    seeded INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (region, name)
  );
  CREATE TABLE labeling_jobs (
    region TEXT NOT NULL,
    name TEXT NOT NULL,
    name_lower TEXT NOT NULL,
    arn TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL,
    workteam_arn TEXT NOT NULL,
    job_reference_code TEXT NOT NULL,
    failure_reason TEXT,
    spec_json TEXT NOT NULL,
    counters_json TEXT NOT NULL,
    output_dataset_s3_uri TEXT,
    creation_time_ms INTEGER NOT NULL,
    last_modified_time_ms INTEGER NOT NULL,
    PRIMARY KEY (region, name_lower)
  );
  CREATE INDEX labeling_jobs_by_creation ON labeling_jobs (region, creation_time_ms, name);
  CREATE INDEX labeling_jobs_by_workteam ON labeling_jobs (workteam_arn, creation_time_ms);
  CREATE TABLE tags (
    resource_arn TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (resource_arn, key)
  );
  CREATE TABLE seeded_regions (
    region TEXT PRIMARY KEY
  );
  `,
];
