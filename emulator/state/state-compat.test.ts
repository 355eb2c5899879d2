import { readFileSync, readdirSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Emulator } from "../emulator.js";
import { ExternalObjectStore } from "../objects/external/external-object-store.js";
import { MIGRATIONS } from "../storage/migrations.js";
import { buildSampleState, newEmulator, temporaryFolder } from "./test-support.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function folder(): string {
  const created = temporaryFolder();
  cleanups.push(created.remove);
  return created.dir;
}

/** An emulator whose objects would live in an external S3 (nothing here ever calls it). */
function withExternalS3(): Emulator {
  const emulator = new Emulator({
    dataDir: "",
    inMemory: true,
    accountId: "123456789012",
    defaultRegion: "us-east-1",
    externalObjectStore: new ExternalObjectStore({
      endpoint: "http://127.0.0.1:9",
      region: "us-east-1",
      forcePathStyle: true,
    }),
  });
  cleanups.push(() => emulator.close());
  return emulator;
}

const JOB_ARN = "arn:aws:sagemaker:us-east-1:123456789012:labeling-job/old-job";

/** A folder as a gt-local at schema version 3 wrote it: job_runs and data_objects lack the columns migration 4 adds. */
function writeSchema3Folder(dir: string): void {
  const rows: Record<string, Record<string, unknown>[]> = {
    labeling_jobs: [
      {
        region: "us-east-1",
        name: "old-job",
        name_lower: "old-job",
        arn: JOB_ARN,
        status: "Completed",
        workteam_arn: "arn:aws:sagemaker:us-east-1:123456789012:workteam/private-crowd/example-team",
        job_reference_code: "abc",
        failure_reason: null,
        spec_json: "{}",
        counters_json: "{}",
        output_dataset_s3_uri: null,
        creation_time_ms: 1,
        last_modified_time_ms: 2,
      },
    ],
    job_runs: [{ job_arn: JOB_ARN, start_after_ms: 1, labels_json: null, template: null, object_count: 1 }],
    data_objects: [
      { job_arn: JOB_ARN, object_id: 0, line_json: "{}", state: "labeled", labeled_by: "human" },
    ],
  };
  const tables = MIGRATIONS.slice(0, 3).flatMap((sql) =>
    [...sql.matchAll(/CREATE TABLE (\w+)/gu)].map((m) => m[1]!),
  );
  mkdirSync(join(dir, "tables"), { recursive: true });
  for (const table of tables) {
    writeFileSync(
      join(dir, "tables", `${table}.jsonl`),
      (rows[table] ?? []).map((row) => `${JSON.stringify(row)}\n`).join(""),
    );
  }
  const header = {
    format: "gt-local-state",
    formatVersion: 1,
    schemaVersion: 3,
    exportedAt: "2026-01-01T00:00:00.000Z",
    clockNow: "2026-01-01T00:00:00.000Z",
    objects: { included: true, blobs: 0 },
    tables: Object.fromEntries(tables.map((table) => [table, rows[table]?.length ?? 0])),
  };
  writeFileSync(join(dir, "gt-local-state.json"), JSON.stringify(header));
}

describe("state folders across versions and object stores", () => {
  it("imports a folder of an older schema version by running the newer migrations over it", async () => {
    const dir = folder();
    writeSchema3Folder(dir);
    const target = newEmulator();
    cleanups.push(() => target.close());
    const summary = await target.emulator.state.importFrom(dir);
    expect(summary.schemaVersion).toBe(3);
    expect(target.emulator.db.pragma("user_version", { simple: true })).toBe(MIGRATIONS.length);
    expect(target.emulator.db.prepare("SELECT iterations, consolidation FROM job_runs").get()).toEqual({
      iterations: 0,
      consolidation: null,
    });
    expect(target.emulator.db.prepare("SELECT state, iteration FROM data_objects").get()).toEqual({
      state: "labeled",
      iteration: null,
    });
  });

  it("exports no objects from an external S3, and says so in the header", async () => {
    const gt = withExternalS3();
    gt.workers.create({ id: "ann", displayName: "Ann" });
    const dir = folder();
    const summary = await gt.state.exportTo(dir);
    expect(summary.objects).toEqual({
      included: false,
      blobs: 0,
      note: expect.stringMatching(/external S3/u) as unknown,
    });
    expect(readdirSync(join(dir, "blobs"))).toEqual([]);
    const header = JSON.parse(readFileSync(join(dir, "gt-local-state.json"), "utf8")) as { objects: unknown };
    expect(header.objects).toEqual(summary.objects);
    // Its jobs, workers and teams import anywhere.
    const target = newEmulator();
    cleanups.push(() => target.close());
    await target.emulator.state.importFrom(dir);
    expect(
      target.emulator.workers
        .list()
        .map((worker) => worker.id)
        .sort(),
    ).toEqual(["ann", "localworker00001"]);
  });

  it("refuses to import stored objects into a gt-local that keeps objects in an external S3", async () => {
    const source = newEmulator();
    cleanups.push(() => source.close());
    await buildSampleState(source.emulator);
    const dir = folder();
    await source.emulator.state.exportTo(dir);
    const gt = withExternalS3();
    await expect(gt.state.importFrom(dir)).rejects.toThrow(
      /holds 3 stored objects, but this gt-local keeps its objects in an external S3/u,
    );
    expect(gt.workers.list()).toHaveLength(1);
  });
});
