import { afterEach, describe, expect, it } from "vitest";
import { openDatabase, type SqliteDatabase } from "../../storage/database.js";
import { ClaimIndex } from "./claim-index.js";
import { DataObjectRepository } from "./object-repository.js";
import { QueuedReadAhead } from "./queued-read-ahead.js";

/*
 * The repository reads a job's queue ahead (QueuedReadAhead); what a refill is handed must still be
 * exactly the job's first queued objects in id order, through opens, ends, rollbacks, objects
 * added later and imports, on a real SQLite database.
 */

const JOB = "arn:aws:sagemaker:us-east-1:123456789012:labeling-job/queue";
const OTHER = "arn:aws:sagemaker:us-east-1:123456789012:labeling-job/other";
const databases: SqliteDatabase[] = [];
afterEach(() => {
  for (const db of databases.splice(0)) db.close();
});

function repositoryWith(objects: number): DataObjectRepository {
  const db = openDatabase(":memory:");
  databases.push(db);
  const repository = new DataObjectRepository(db, new ClaimIndex());
  repository.insertObjects(
    JOB,
    0,
    Array.from({ length: objects }, (_, id) => `{"n":${id}}`),
  );
  return repository;
}

const ids = (repository: DataObjectRepository, limit: number, job = JOB): number[] =>
  repository.queued(job, limit).map((object) => object.object_id);

const open = (repository: DataObjectRepository, objectId: number): boolean =>
  repository.transaction(() =>
    repository.open(JOB, { objectId, taskInputJson: "{}", openedMs: 1, expiresMs: 2 }),
  );

describe("a job's queue, read ahead", () => {
  it("hands out the first queued objects in id order, past a batch, with their lines", () => {
    const repository = repositoryWith(200);
    expect(repository.queued(JOB, 2)).toEqual([
      { object_id: 0, line_json: '{"n":0}' },
      { object_id: 1, line_json: '{"n":1}' },
    ]);
    // Asked again before anything opened: the same objects.
    expect(ids(repository, 2)).toEqual([0, 1]);
    for (let id = 0; id < 150; id++) expect(open(repository, id)).toBe(true);
    expect(ids(repository, 3)).toEqual([150, 151, 152]);
    expect(ids(repository, 100)).toEqual(Array.from({ length: 50 }, (_, index) => 150 + index));
    expect(ids(repository, 1, OTHER)).toEqual([]);
  });

  it("drops objects that end without opening, and those opened out of order", () => {
    const repository = repositoryWith(10);
    expect(ids(repository, 3)).toEqual([0, 1, 2]);
    repository.transaction(() => repository.finish(JOB, 1, { state: "failed", reason: "pre-annotation" }, 5));
    expect(open(repository, 3)).toBe(true);
    expect(ids(repository, 3)).toEqual([0, 2, 4]);
  });

  it("gives back what a rolled-back transaction had opened", () => {
    const repository = repositoryWith(5);
    expect(ids(repository, 2)).toEqual([0, 1]);
    expect(() =>
      repository.transaction(() => {
        repository.open(JOB, { objectId: 0, taskInputJson: "{}", openedMs: 1, expiresMs: 2 });
        throw new Error("pre-annotation failed after the open");
      }),
    ).toThrow("after the open");
    expect(repository.find(JOB, 0)?.state).toBe("queued");
    expect(ids(repository, 2)).toEqual([0, 1]);
  });

  it("finds objects added after the queue was read (a streaming job's)", () => {
    const repository = repositoryWith(2);
    expect(ids(repository, 5)).toEqual([0, 1]);
    repository.insertObjects(JOB, 2, ['{"n":2}', '{"n":3}']);
    expect(ids(repository, 5)).toEqual([0, 1, 2, 3]);
    for (const id of [0, 1, 2, 3]) open(repository, id);
    expect(ids(repository, 5)).toEqual([]);
    repository.insertObjects(JOB, 4, ['{"n":4}']);
    expect(ids(repository, 5)).toEqual([4]);
  });

  it("reads the database again after an import or a reset replaced the rows", () => {
    const repository = repositoryWith(3);
    expect(ids(repository, 3)).toEqual([0, 1, 2]);
    // What an import does: other rows, written behind the repository, then forgetKept().
    databases[0]!.exec(
      `DELETE FROM data_objects; INSERT INTO data_objects (job_arn, object_id, line_json, state) VALUES ('${JOB}', 7, '{"n":7}', 'queued')`,
    );
    repository.forgetKept();
    expect(repository.queued(JOB, 3)).toEqual([{ object_id: 7, line_json: '{"n":7}' }]);
  });

  it("keeps the batches of a bounded number of jobs", () => {
    const db = openDatabase(":memory:");
    databases.push(db);
    const reads: string[] = [];
    const ahead = new QueuedReadAhead(
      db,
      (jobArn, afterId) => {
        reads.push(`${jobArn}>${afterId}`);
        return [{ object_id: afterId + 1, line_json: "{}" }];
      },
      64,
      2,
    );
    ahead.peek("a", 1);
    ahead.peek("a", 1);
    ahead.peek("b", 1);
    expect(reads).toEqual(["a>-1", "b>-1"]);
    // A third job clears the kept batches: the first is read again when asked for.
    ahead.peek("c", 1);
    ahead.peek("a", 1);
    expect(reads).toEqual(["a>-1", "b>-1", "c>-1", "a>-1"]);
  });
});
