import { afterEach, describe, expect, it, onTestFinished } from "vitest";
import { ManualClock } from "../../emulator/clock.js";
import { createSeedJob, engineIdle } from "../helpers/job-fixtures.js";
import { startTestServer, temporaryDataDir, type TestServer } from "../helpers/test-server.js";

/**
 * Which object a claim gets: the first open object (in manifest order) that the worker never had
 * and that has a slot free. Claims find it through an in-memory index of each job's open objects
 * (emulator/engine/tasks/claim-index.ts); these cases change that index in every way a slot comes
 * free, and through a restart and a reset, and check that the claim still gets the first object.
 */

const JOB = "example-video-classification-labeling-job";

let servers: TestServer[] = [];
afterEach(async () => {
  for (const server of servers) await server.close();
  servers = [];
});

async function start(clock: ManualClock, dataDir?: string): Promise<TestServer> {
  const server = await startTestServer({
    clock,
    startDelayMs: 0,
    ...(dataDir === undefined ? {} : { inMemory: false, dataDir }),
  });
  servers.push(server);
  return server;
}

/** Three videos, all open at once, two workers per video. */
const createJob = (server: TestServer): Promise<void> =>
  createSeedJob(server, { workersPerObject: 2, maxConcurrent: 3 });

const claim = (server: TestServer, workerId: string) => {
  const task = server.emulator.tasks.claimNext({ workerId, jobName: JOB });
  if (!task) throw new Error(`no task for ${workerId}`);
  return task;
};

/**
 * A server with the job, where a and b hold video 0 (full) and c holds video 1; `held` is b's
 * task, which a case then frees.
 */
async function firstVideoFull(dataDir?: string) {
  const clock = new ManualClock(new Date("2026-06-01T09:00:00.000Z"));
  const server = await start(clock, dataDir);
  await createJob(server);
  for (const id of ["a", "b", "c", "d"])
    server.emulator.workers.create({ id, displayName: id.toUpperCase() });
  expect(claim(server, "a").datasetObjectId).toBe("0");
  const held = claim(server, "b");
  expect(held.datasetObjectId).toBe("0");
  expect(claim(server, "c").datasetObjectId).toBe("1");
  return { clock, server, held };
}

describe("a claim gets the first open object with a slot free", () => {
  it.each([
    ["released", (server: TestServer, taskId: string) => server.emulator.tasks.release(taskId, "b")],
    ["declined", (server: TestServer, taskId: string) => server.emulator.tasks.decline(taskId, "b")],
  ])("after a task is %s, the next worker gets its object, not a later one", async (_, giveBack) => {
    const { server, held } = await firstVideoFull();
    await giveBack(server, held.id);
    expect(claim(server, "d").datasetObjectId).toBe("0");
  });

  it("after claims time out, their objects come first again", async () => {
    const { clock, server } = await firstVideoFull();
    // Past TaskTimeLimitInSeconds (300 in the seed request): every claim above lapses.
    clock.advance(301_000);
    await engineIdle(server);
    expect(claim(server, "d").datasetObjectId).toBe("0");
    // a had video 0 (timed out): never again, so the next one it may have.
    expect(claim(server, "a").datasetObjectId).toBe("1");
  });

  it("after an answer, the object stays taken by it; the next worker gets the next object", async () => {
    const { server, held } = await firstVideoFull();
    await server.emulator.tasks.submit(held.id, "b", { "crowd-classifier": { label: "News" } });
    expect(claim(server, "d").datasetObjectId).toBe("1");
    // b answered video 0 and may not have it again; video 2 is the first it never had.
    expect(claim(server, "b").datasetObjectId).toBe("2");
  });

  it("after a restart, claims go on from what the data dir holds", async () => {
    const dataDir = temporaryDataDir();
    onTestFinished(dataDir.remove);
    const { clock, server: first, held } = await firstVideoFull(dataDir.dir);
    await first.emulator.tasks.release(held.id, "b");
    await first.close();
    servers = [];
    const second = await start(clock, dataDir.dir);
    await engineIdle(second);
    expect(claim(second, "d").datasetObjectId).toBe("0");
    expect(claim(second, "b").datasetObjectId).toBe("1");
  });

  it("after a state import, claims follow the imported tasks, not the ones before it", async () => {
    const { server, held } = await firstVideoFull();
    await server.emulator.tasks.release(held.id, "b");
    // Saved with a slot free on video 0; d then takes it, and the saved state comes back.
    const saved = temporaryDataDir();
    onTestFinished(saved.remove);
    await server.emulator.state.exportTo(saved.dir);
    expect(claim(server, "d").datasetObjectId).toBe("0");
    await server.emulator.state.importFrom(saved.dir);
    server.emulator.workers.create({ id: "e", displayName: "E" });
    expect(claim(server, "e").datasetObjectId).toBe("0");
  });

  it("after a reset and the same job again, every object is new to every worker", async () => {
    const { server } = await firstVideoFull();
    await server.emulator.reset();
    await createJob(server);
    server.emulator.workers.create({ id: "a", displayName: "A" });
    expect(claim(server, "a").datasetObjectId).toBe("0");
  });
});
