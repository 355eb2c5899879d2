import { existsSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import {
  buildSampleState,
  dumpTables,
  newEmulator,
  temporaryFolder,
  type TestEmulator,
} from "./test-support.js";
import { isFreshState } from "./fresh-state.js";

const open: { close(): Promise<void> }[] = [];
const folders: { remove(): void }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
  for (const folder of folders.splice(0)) folder.remove();
});

function emulator(): TestEmulator {
  const created = newEmulator();
  open.push(created);
  return created;
}

async function sampleExport(): Promise<string> {
  const folder = temporaryFolder();
  folders.push(folder);
  const source = newEmulator();
  await buildSampleState(source.emulator);
  await source.emulator.state.exportTo(folder.dir);
  await source.close();
  return folder.dir;
}

describe("seed states and reset", () => {
  it("resets to the saved seed after changes, to empty when asked, and to the seed again", async () => {
    const { emulator: gt, dataDir } = emulator();
    await buildSampleState(gt);
    await gt.state.saveSeed();
    const seeded = dumpTables(gt.db, dataDir);

    gt.workers.create({ id: "carl", displayName: "Carl" });
    gt.s3!.deleteObject("bucket", "notes.txt");
    gt.s3!.createBucket("another", "us-east-1");
    expect(await gt.state.reset()).toBe("seed");
    expect(dumpTables(gt.db, dataDir)).toEqual(seeded);

    expect(await gt.state.reset("empty")).toBe("empty");
    expect(gt.workers.list().map((worker) => worker.id)).toEqual(["localworker00001"]);
    expect(gt.s3!.listBuckets()).toEqual([]);

    expect(await gt.state.reset()).toBe("seed");
    expect(dumpTables(gt.db, dataDir)).toEqual(seeded);
  });

  it("resets to empty without a seed, and refuses an explicit reset to a seed that does not exist", async () => {
    const { emulator: gt } = emulator();
    gt.workers.create({ id: "carl", displayName: "Carl" });
    await expect(gt.state.reset("seed")).rejects.toMatchObject({
      code: "ValidationException",
      message: expect.stringMatching(/no seed state to reset to/u) as unknown,
    });
    expect(gt.workers.list()).toHaveLength(2);
    expect(await gt.state.reset()).toBe("empty");
    expect(gt.workers.list()).toHaveLength(1);
  });

  it("imports a seed folder into a fresh state, but keeps a state that already holds something", async () => {
    const dir = await sampleExport();
    const fresh = emulator().emulator;
    fresh.scopeFor("us-east-1"); // the defaults alone do not count as state
    expect(isFreshState(fresh.db)).toBe(true);
    expect(await fresh.state.useSeedFolder(dir)).toBe("imported");
    expect(
      fresh.workers
        .list()
        .map((worker) => worker.id)
        .sort(),
    ).toEqual(["ann", "localworker00001"]);

    const used = emulator().emulator;
    used.workers.create({ id: "carl", displayName: "Carl" });
    expect(isFreshState(used.db)).toBe(false);
    expect(await used.state.useSeedFolder(dir)).toBe("kept-existing-state");
    expect(
      used.workers
        .list()
        .map((worker) => worker.id)
        .sort(),
    ).toEqual(["carl", "localworker00001"]);
    // The folder is still where a reset goes.
    expect(await used.state.reset()).toBe("seed");
    expect(
      used.workers
        .list()
        .map((worker) => worker.id)
        .sort(),
    ).toEqual(["ann", "localworker00001"]);
  });

  it("checks a seed folder even when it keeps the existing state", async () => {
    const missing = temporaryFolder();
    missing.remove();
    const used = emulator().emulator;
    used.workers.create({ id: "carl", displayName: "Carl" });
    await expect(used.state.useSeedFolder(missing.dir)).rejects.toThrow(/does not exist/u);
    expect(used.state.seedDir).toBeUndefined();
  });

  it("removes its temporary seed folder when a new seed replaces it and when it closes", async () => {
    const created = newEmulator();
    await created.emulator.state.saveSeed();
    const first = created.emulator.state.seedDir!;
    expect(existsSync(first)).toBe(true);
    await created.emulator.state.saveSeed();
    const second = created.emulator.state.seedDir!;
    expect(existsSync(first)).toBe(false);
    await created.close();
    expect(existsSync(second)).toBe(false);
  });
});
