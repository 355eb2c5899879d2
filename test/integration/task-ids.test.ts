import { validate, version } from "uuid";
import { afterEach, describe, expect, it, onTestFinished } from "vitest";
import { createSeedJob } from "../helpers/job-fixtures.js";
import { startTestServer, temporaryDataDir, type TestServer } from "../helpers/test-server.js";

/**
 * Task ids are UUIDv7s issued in ascending order, so the tasks table's primary key grows at its
 * right edge (emulator/ids.ts says why that matters). Checked over the admin API, as a worker sees
 * the ids, and across a restart of the server on the same data dir.
 */

const JOB = "example-video-classification-labeling-job";

let servers: TestServer[] = [];
afterEach(async () => {
  for (const server of servers) await server.close();
  servers = [];
});

async function start(dataDir: string): Promise<TestServer> {
  const server = await startTestServer({ startDelayMs: 0, inMemory: false, dataDir });
  servers.push(server);
  return server;
}

/** Claims one task for each worker over the admin API; returns their ids in claim order. */
async function claimEach(server: TestServer, workerIds: readonly string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const workerId of workerIds) {
    const response = await fetch(`${server.url}/_gt/api/tasks/claim`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ workerId, jobName: JOB }),
    });
    expect(response.status).toBe(200);
    const { task } = (await response.json()) as { task: { id: string } | null };
    if (task === null) throw new Error(`no task for ${workerId}`);
    ids.push(task.id);
  }
  return ids;
}

describe("task ids", () => {
  it("are UUIDv7s that sort in the order the tasks were claimed, across a restart", async () => {
    const dataDir = temporaryDataDir();
    onTestFinished(dataDir.remove);
    const first = await start(dataDir.dir);
    await createSeedJob(first, { workersPerObject: 3, maxConcurrent: 3 });
    const workers = ["w1", "w2", "w3", "w4", "w5", "w6"];
    for (const id of workers) first.emulator.workers.create({ id, displayName: id });

    // Several claims within the same millisecond too: the counter, not the clock, orders those.
    const before = await claimEach(first, workers.slice(0, 3));
    await first.close();
    servers = [];
    const second = await start(dataDir.dir);
    const after = await claimEach(second, workers.slice(3));

    const ids = [...before, ...after];
    for (const id of ids) {
      expect(validate(id)).toBe(true);
      expect(version(id)).toBe(7);
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });
});
