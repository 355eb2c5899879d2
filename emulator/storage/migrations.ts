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
  // 2: the embedded S3 store. Object bytes live in blob files; rows point at them by blob_id.
  `
  CREATE TABLE s3_buckets (
    name TEXT PRIMARY KEY,
    region TEXT NOT NULL,
    created_ms INTEGER NOT NULL
  );
  CREATE TABLE s3_objects (
    bucket TEXT NOT NULL REFERENCES s3_buckets (name),
    key TEXT NOT NULL,
    blob_id TEXT NOT NULL,
    size INTEGER NOT NULL,
    etag TEXT NOT NULL,
    last_modified_ms INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    headers_json TEXT NOT NULL,
    metadata_json TEXT NOT NULL,
    checksum_algorithm TEXT,
    checksum_value TEXT,
    PRIMARY KEY (bucket, key)
  ) WITHOUT ROWID;
  CREATE TABLE s3_uploads (
    upload_id TEXT PRIMARY KEY,
    bucket TEXT NOT NULL REFERENCES s3_buckets (name),
    key TEXT NOT NULL,
    initiated_ms INTEGER NOT NULL,
    content_type TEXT,
    headers_json TEXT NOT NULL,
    metadata_json TEXT NOT NULL
  );
  CREATE TABLE s3_parts (
    upload_id TEXT NOT NULL REFERENCES s3_uploads (upload_id) ON DELETE CASCADE,
    part_number INTEGER NOT NULL,
    blob_id TEXT NOT NULL,
    size INTEGER NOT NULL,
    etag TEXT NOT NULL,
    last_modified_ms INTEGER NOT NULL,
    PRIMARY KEY (upload_id, part_number)
  );
  `,
  // 3: the job engine: local workers, each job's runtime state, its data objects and tasks.
  `
  CREATE TABLE workers (
    id TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    email TEXT NOT NULL,
    groups_json TEXT NOT NULL,
    created_ms INTEGER NOT NULL
  );
  CREATE TABLE job_runs (
    job_arn TEXT PRIMARY KEY REFERENCES labeling_jobs (arn),
    start_after_ms INTEGER NOT NULL,
    labels_json TEXT,
    template TEXT,
    object_count INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE data_objects (
    job_arn TEXT NOT NULL,
    object_id INTEGER NOT NULL,
    line_json TEXT NOT NULL,
    -- queued (not yet handed to workers) | open | labeled | failed
    state TEXT NOT NULL,
    -- human | machine, once labeled
    labeled_by TEXT,
    task_input_json TEXT,
    opened_ms INTEGER,
    expires_ms INTEGER,
    finished_ms INTEGER,
    failure_reason TEXT,
    PRIMARY KEY (job_arn, object_id)
  ) WITHOUT ROWID;
  CREATE INDEX data_objects_by_state ON data_objects (job_arn, state, object_id);
  CREATE INDEX data_objects_by_expiry ON data_objects (state, expires_ms);
  CREATE TABLE tasks (
    id TEXT PRIMARY KEY,
    job_arn TEXT NOT NULL,
    object_id INTEGER NOT NULL,
    worker_id TEXT NOT NULL,
    -- claimed | submitted | declined | released | timed-out | cancelled
    state TEXT NOT NULL,
    claimed_ms INTEGER NOT NULL,
    deadline_ms INTEGER NOT NULL,
    finished_ms INTEGER,
    answer_json TEXT,
    UNIQUE (job_arn, object_id, worker_id)
  );
  CREATE INDEX tasks_by_deadline ON tasks (state, deadline_ms);
  CREATE INDEX tasks_by_object ON tasks (job_arn, object_id, state);
  CREATE INDEX tasks_by_worker ON tasks (worker_id, state);
  `,
  // 4: consolidation and output: which iteration consolidated an object, and what it produced.
  `
  ALTER TABLE data_objects ADD COLUMN iteration INTEGER;
  ALTER TABLE data_objects ADD COLUMN consolidated_json TEXT;
  CREATE INDEX data_objects_by_iteration ON data_objects (job_arn, iteration, state);
  ALTER TABLE job_runs ADD COLUMN iterations INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE job_runs ADD COLUMN consolidation TEXT;
  `,
  // 5: per-job object counts kept by triggers, so a claim or submit reads the job's counters,
  // what is left and what awaits consolidation in O(1) instead of counting every object.
  `
  CREATE TABLE data_object_counts (
    job_arn TEXT NOT NULL,
    state TEXT NOT NULL,
    -- '' until labeled (a key column cannot hold NULL usefully)
    labeled_by TEXT NOT NULL,
    -- 1 once a consolidation iteration took the object (data_objects.iteration set)
    consolidated INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (job_arn, state, labeled_by, consolidated)
  ) WITHOUT ROWID;
  INSERT INTO data_object_counts (job_arn, state, labeled_by, consolidated, n)
    SELECT job_arn, state, coalesce(labeled_by, ''), iteration IS NOT NULL, count(*)
    FROM data_objects GROUP BY 1, 2, 3, 4;
  CREATE TRIGGER data_object_counts_insert AFTER INSERT ON data_objects BEGIN
    INSERT INTO data_object_counts (job_arn, state, labeled_by, consolidated, n)
      VALUES (NEW.job_arn, NEW.state, coalesce(NEW.labeled_by, ''), NEW.iteration IS NOT NULL, 1)
      ON CONFLICT DO UPDATE SET n = n + 1;
  END;
  CREATE TRIGGER data_object_counts_delete AFTER DELETE ON data_objects BEGIN
    UPDATE data_object_counts SET n = n - 1
      WHERE job_arn = OLD.job_arn AND state = OLD.state AND labeled_by = coalesce(OLD.labeled_by, '')
        AND consolidated = (OLD.iteration IS NOT NULL);
  END;
  CREATE TRIGGER data_object_counts_update AFTER UPDATE OF job_arn, state, labeled_by, iteration ON data_objects
  WHEN OLD.job_arn IS NOT NEW.job_arn OR OLD.state IS NOT NEW.state OR OLD.labeled_by IS NOT NEW.labeled_by
    OR (OLD.iteration IS NULL) <> (NEW.iteration IS NULL)
  BEGIN
    UPDATE data_object_counts SET n = n - 1
      WHERE job_arn = OLD.job_arn AND state = OLD.state AND labeled_by = coalesce(OLD.labeled_by, '')
        AND consolidated = (OLD.iteration IS NOT NULL);
    INSERT INTO data_object_counts (job_arn, state, labeled_by, consolidated, n)
      VALUES (NEW.job_arn, NEW.state, coalesce(NEW.labeled_by, ''), NEW.iteration IS NOT NULL, 1)
      ON CONFLICT DO UPDATE SET n = n + 1;
  END;
  `,
  // 6: small object bodies kept in the database instead of one file each (see BlobStore): a job's
  // 100,000 worker-response files are rows committed together, not 100,000 file creations.
  `
  -- Blob ids of these rows are "i<id>": ids only grow (AUTOINCREMENT), so a batch of inserts
  -- appends to the table instead of touching random pages, and an id is never reused.
  CREATE TABLE s3_blob_bytes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    bytes BLOB NOT NULL
  );
  `,
  // 7: ListLabelingJobs by creation time breaks ties on name_lower: an index in exactly that order
  // lets a page be read in order instead of sorted.
  `
  DROP INDEX labeling_jobs_by_creation;
  CREATE INDEX labeling_jobs_by_creation ON labeling_jobs (region, creation_time_ms, name_lower);
  `,
  // 8: every claim's INSERT and every submit's UPDATE wrote four index B-trees over every task the
  // data dir ever held (issue 10, target 3). The UNIQUE (job_arn, object_id, worker_id) index
  // already finds an object's few tasks, so (job_arn, object_id, state) goes; deadlines and a
  // worker's current task are only ever looked up among claimed tasks, so those two indexes hold
  // claimed tasks alone (a few rows, where they held them all), and the worker's one is in the
  // order its lookup wants. Likewise expiries are only looked up among open objects, so their index
  // holds those alone (a job's queued and finished objects are no longer in it).
  `
  DROP INDEX data_objects_by_expiry;
  CREATE INDEX open_objects_by_expiry ON data_objects (expires_ms) WHERE state = 'open';
  DROP INDEX tasks_by_object;
  DROP INDEX tasks_by_deadline;
  DROP INDEX tasks_by_worker;
  CREATE INDEX claimed_tasks_by_deadline ON tasks (deadline_ms) WHERE state = 'claimed';
  CREATE INDEX claimed_tasks_by_worker ON tasks (worker_id, job_arn, claimed_ms) WHERE state = 'claimed';
  `,
  // 9: opening and finishing an object wrote into the middle of B-trees (issue 10, target 3): the
  // object's row grew by its task input in the middle of data_objects, and both of its indexes
  // moved it from one state's run of entries to another's. A page split in the middle of a B-tree
  // renumbers pages, and SQLite's commit then walks its whole page cache (on an in-memory
  // database, every page of it). So:
  // - what opening an object adds (its task input, when, until when) is a row of opened_objects,
  //   appended in id order; its expiry is cleared when the object ends (the trigger), so the
  //   expiry index holds open objects alone, as the partial index on data_objects did;
  // - the (job, state, id) index becomes one partial index per state a lookup asks for (queued,
  //   open): opening an object takes it off the end of one and appends it to the other, finishing
  //   takes it off; the (job, iteration, state) index likewise becomes the finished objects no
  //   iteration took yet, and those an iteration took.
  `
  CREATE TABLE opened_objects (
    job_arn TEXT NOT NULL,
    object_id INTEGER NOT NULL,
    task_input_json TEXT NOT NULL,
    opened_ms INTEGER NOT NULL,
    -- while the object is open; NULL once it ended
    expires_ms INTEGER,
    PRIMARY KEY (job_arn, object_id)
  ) WITHOUT ROWID;
  INSERT INTO opened_objects (job_arn, object_id, task_input_json, opened_ms, expires_ms)
    SELECT job_arn, object_id, task_input_json, coalesce(opened_ms, 0),
           CASE WHEN state = 'open' THEN expires_ms END
    FROM data_objects WHERE task_input_json IS NOT NULL;
  CREATE INDEX opened_objects_by_expiry ON opened_objects (expires_ms) WHERE expires_ms IS NOT NULL;
  CREATE TRIGGER opened_objects_end AFTER UPDATE OF state ON data_objects
  WHEN OLD.state = 'open' AND NEW.state IS NOT 'open'
  BEGIN
    UPDATE opened_objects SET expires_ms = NULL WHERE job_arn = OLD.job_arn AND object_id = OLD.object_id;
  END;
  DROP INDEX open_objects_by_expiry;
  ALTER TABLE data_objects DROP COLUMN task_input_json;
  ALTER TABLE data_objects DROP COLUMN opened_ms;
  ALTER TABLE data_objects DROP COLUMN expires_ms;
  DROP INDEX data_objects_by_state;
  CREATE INDEX queued_objects ON data_objects (job_arn, object_id) WHERE state = 'queued';
  CREATE INDEX open_objects ON data_objects (job_arn, object_id) WHERE state = 'open';
  DROP INDEX data_objects_by_iteration;
  CREATE INDEX unconsolidated_objects ON data_objects (job_arn, object_id)
    WHERE iteration IS NULL AND state IN ('labeled', 'failed');
  CREATE INDEX consolidated_objects ON data_objects (job_arn, object_id) WHERE iteration IS NOT NULL;
  `,
];

/**
 * Tables that are not state rows of their own, so a state export leaves them out:
 * - data_object_counts: triggers derive it from data_objects, and rebuild it as an import or a
 *   reset puts rows in or takes them out;
 * - s3_blob_bytes: object bytes, which an export writes as blob files (like those kept as files)
 *   and an import stores again; their rows go when the objects that use them go.
 */
export const NOT_EXPORTED_TABLES: ReadonlySet<string> = new Set(["data_object_counts", "s3_blob_bytes"]);
