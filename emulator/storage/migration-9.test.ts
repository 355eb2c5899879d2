import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { ClaimIndex } from "../engine/tasks/claim-index.js";
import { DataObjectRepository } from "../engine/tasks/object-repository.js";
import { migrate, type SqliteDatabase } from "./database.js";
import { MIGRATIONS } from "./migrations.js";

/*
 * Migration 9 moves what opening an object adds (task input, opened and expiry times) out of
 * data_objects into opened_objects, and splits the objects' indexes into partial ones. A data dir
 * written before it must come out with the same objects, task inputs and expiries.
 */

const JOB = "arn:aws:sagemaker:us-east-1:123456789012:labeling-job/before-nine";
const databases: SqliteDatabase[] = [];
afterEach(() => {
  for (const db of databases.splice(0)) db.close();
});

/** A database at schema version 8 holding one object in each state an object goes through. */
function schema8Database(): SqliteDatabase {
  const db = new Database(":memory:");
  databases.push(db);
  for (const sql of MIGRATIONS.slice(0, 8)) db.exec(sql);
  db.pragma("user_version = 8");
  const insert = db.prepare(
    `INSERT INTO data_objects (job_arn, object_id, line_json, state, labeled_by, task_input_json, opened_ms,
       expires_ms, finished_ms, failure_reason, iteration, consolidated_json)
     VALUES (@job, @id, @line, @state, @by, @input, @opened, @expires, @finished, @reason, @iteration, @consolidated)`,
  );
  const object = {
    job: JOB,
    by: null,
    input: null,
    opened: null,
    expires: null,
    finished: null,
    reason: null,
    iteration: null,
    consolidated: null,
  };
  insert.run({ ...object, id: 0, line: '{"source":"q"}', state: "queued" });
  insert.run({
    ...object,
    id: 1,
    line: '{"source":"o"}',
    state: "open",
    input: '{"in":1}',
    opened: 100,
    expires: 900,
  });
  insert.run({
    ...object,
    id: 2,
    line: '{"source":"l"}',
    state: "labeled",
    by: "human",
    input: '{"in":2}',
    opened: 50,
    expires: 800,
    finished: 300,
    iteration: 1,
    consolidated: '{"label":"x"}',
  });
  insert.run({
    ...object,
    id: 3,
    line: '{"source":"f"}',
    state: "failed",
    finished: 60,
    reason: "pre-annotation",
  });
  return db;
}

describe("migration 9: opened objects in a table of their own", () => {
  it("keeps every object, its task input and the expiry of the open one", () => {
    const db = schema8Database();
    migrate(db);
    expect(db.pragma("user_version", { simple: true })).toBe(MIGRATIONS.length);

    const columns = db
      .prepare<[], { name: string }>("SELECT name FROM pragma_table_info('data_objects')")
      .all();
    expect(columns.map((column) => column.name)).not.toEqual(
      expect.arrayContaining(["task_input_json", "opened_ms", "expires_ms"]),
    );
    expect(
      db.prepare("SELECT object_id, state, labeled_by, iteration FROM data_objects ORDER BY object_id").all(),
    ).toEqual([
      { object_id: 0, state: "queued", labeled_by: null, iteration: null },
      { object_id: 1, state: "open", labeled_by: null, iteration: null },
      { object_id: 2, state: "labeled", labeled_by: "human", iteration: 1 },
      { object_id: 3, state: "failed", labeled_by: null, iteration: null },
    ]);
    // Only objects that were opened have a row; only the one still open keeps its expiry.
    expect(db.prepare("SELECT * FROM opened_objects ORDER BY object_id").all()).toEqual([
      { job_arn: JOB, object_id: 1, task_input_json: '{"in":1}', opened_ms: 100, expires_ms: 900 },
      { job_arn: JOB, object_id: 2, task_input_json: '{"in":2}', opened_ms: 50, expires_ms: null },
    ]);
    // The counts the triggers of migration 5 keep are untouched.
    expect(db.prepare("SELECT sum(n) AS n FROM data_object_counts").get()).toEqual({ n: 4 });
  });

  it("serves the repository's reads, and an object that ends loses its expiry", () => {
    const db = schema8Database();
    migrate(db);
    const objects = new DataObjectRepository(db, new ClaimIndex());
    expect(objects.taskInputJson(JOB, 1)).toBe('{"in":1}');
    expect(objects.taskInputJson(JOB, 2)).toBe('{"in":2}');
    expect(objects.taskInputJson(JOB, 0)).toBeNull();
    expect(objects.queued(JOB, 10).map((row) => row.object_id)).toEqual([0]);
    expect(objects.nextExpiryMs()).toBe(900);
    expect(objects.expiredBy(899)).toEqual([]);
    expect(objects.expiredBy(900)).toEqual([{ job_arn: JOB, object_id: 1 }]);

    expect(objects.finish(JOB, 1, { state: "labeled", by: "human" }, 950)).toBe(true);
    expect(objects.expiredBy(10_000)).toEqual([]);
    expect(objects.nextExpiryMs()).toBeUndefined();
    // Its task input stays: a finished task still shows what its worker was given.
    expect(objects.taskInputJson(JOB, 1)).toBe('{"in":1}');
  });

  it("opens a queued object into its own row, appended beside the others", () => {
    const db = schema8Database();
    migrate(db);
    const objects = new DataObjectRepository(db, new ClaimIndex());
    const opened = objects.transaction(() =>
      objects.open(JOB, { objectId: 0, taskInputJson: '{"in":0}', openedMs: 1000, expiresMs: 2000 }),
    );
    expect(opened).toBe(true);
    expect(objects.find(JOB, 0)?.state).toBe("open");
    expect(objects.taskInputJson(JOB, 0)).toBe('{"in":0}');
    expect(objects.nextExpiryMs()).toBe(900);
    expect(objects.expiredBy(2000).map((row) => row.object_id)).toEqual([1, 0]);
    // An object that is no longer queued is not opened twice.
    expect(
      objects.transaction(() =>
        objects.open(JOB, { objectId: 0, taskInputJson: "{}", openedMs: 3000, expiresMs: 4000 }),
      ),
    ).toBe(false);
    expect(objects.taskInputJson(JOB, 0)).toBe('{"in":0}');
  });
});
