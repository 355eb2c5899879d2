import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blobDirIn } from "../emulator.js";
import { MIGRATIONS } from "../storage/migrations.js";
import {
  buildSampleState,
  dumpTables,
  newEmulator,
  temporaryFolder,
  type TestEmulator,
} from "./test-support.js";

const HEADER = "gt-local-state.json";

/** Blob files in a store, wherever they are sharded. */
const blobFilesIn = (dataDir: string): string[] =>
  readdirSync(blobDirIn(dataDir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name);

function editJson(path: string, edit: (value: Record<string, unknown>) => void): void {
  const value = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  edit(value);
  writeFileSync(path, JSON.stringify(value));
}

function editLines(path: string, edit: (lines: string[]) => string[]): void {
  const lines = readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line !== "");
  writeFileSync(
    path,
    edit(lines)
      .map((line) => `${line}\n`)
      .join(""),
  );
}

function setRowCount(dir: string, table: string, count: number): void {
  editJson(join(dir, HEADER), (header) => {
    (header.tables as Record<string, number>)[table] = count;
  });
}

/** How each case damages a copy of a good export, and what the refusal must say. */
const CASES: { name: string; damage: (dir: string) => void; message: RegExp }[] = [
  {
    name: "a folder that does not exist",
    damage: (dir) => {
      rmSync(dir, { recursive: true });
    },
    message: /does not exist/u,
  },
  {
    name: "a folder without a header",
    damage: (dir) => {
      rmSync(join(dir, HEADER));
    },
    message: /has no gt-local-state\.json/u,
  },
  {
    name: "another format",
    damage: (dir) => {
      editJson(join(dir, HEADER), (header) => (header.format = "something-else"));
    },
    message: /"format" is "something-else", not "gt-local-state"/u,
  },
  {
    name: "a newer format version",
    damage: (dir) => {
      editJson(join(dir, HEADER), (header) => (header.formatVersion = 2));
    },
    message: /state format version 2, written by a newer gt-local/u,
  },
  {
    name: "a newer schema version",
    damage: (dir) => {
      editJson(join(dir, HEADER), (header) => (header.schemaVersion = MIGRATIONS.length + 1));
    },
    message: new RegExp(`schema version ${MIGRATIONS.length + 1}, written by a newer gt-local`, "u"),
  },
  {
    name: "a missing table file",
    damage: (dir) => {
      rmSync(join(dir, "tables", "workers.jsonl"));
    },
    message: /is missing tables\/workers\.jsonl/u,
  },
  {
    name: "a line that is not JSON",
    damage: (dir) => {
      editLines(join(dir, "tables", "workers.jsonl"), (lines) => ["{oops", ...lines.slice(1)]);
    },
    message: /tables\/workers\.jsonl line 1 is not valid JSON/u,
  },
  {
    name: "an unknown column",
    damage: (dir) => {
      editLines(join(dir, "tables", "workers.jsonl"), (lines) =>
        lines.map((line) => line.replace('"id":', '"colour":"red","id":')),
      );
    },
    message: /tables\/workers\.jsonl line 1: the table workers has no column "colour"/u,
  },
  {
    name: "a table shorter than its header says",
    damage: (dir) => {
      editLines(join(dir, "tables", "workers.jsonl"), (lines) => lines.slice(1));
    },
    message: /tables\/workers\.jsonl has 1 rows, but gt-local-state\.json says 2/u,
  },
  {
    name: "a blob whose bytes do not match its name",
    damage: (dir) => {
      const [last] = readdirSync(join(dir, "blobs")).sort().reverse();
      writeFileSync(join(dir, "blobs", last!), "tampered");
    },
    message: /does not hold the bytes its name says/u,
  },
  {
    name: "a missing blob",
    damage: (dir) => {
      for (const name of readdirSync(join(dir, "blobs"))) rmSync(join(dir, "blobs", name));
    },
    message: /is missing blobs\/[0-9a-f]{64}, which a row of s3_objects refers to/u,
  },
  {
    name: "objects of a bucket that is not there",
    damage: (dir) => {
      writeFileSync(join(dir, "tables", "s3_buckets.jsonl"), "");
      setRowCount(dir, "s3_buckets", 0);
    },
    message: /tables\/s3_\w+\.jsonl has a row that refers to a row of s3_buckets that is not in/u,
  },
];

describe("importing a bad state folder", () => {
  let good: { dir: string; remove(): void };
  let target: TestEmulator;
  let before: Record<string, unknown[]>;
  let blobsBefore: string[];
  beforeAll(async () => {
    const source = newEmulator();
    await buildSampleState(source.emulator);
    good = temporaryFolder();
    await source.emulator.state.exportTo(good.dir);
    await source.close();
    // The instance that must refuse: its own, different state stays exactly as it was.
    target = newEmulator();
    target.emulator.scopeFor("eu-west-1");
    target.emulator.workers.create({ id: "bob", displayName: "Bob" });
    target.emulator.s3!.createBucket("mine", "eu-west-1");
    before = dumpTables(target.emulator.db, target.dataDir);
    blobsBefore = blobFilesIn(target.dataDir);
  });
  afterAll(async () => {
    await target.close();
    good.remove();
  });

  for (const { name, damage, message } of CASES) {
    it(`refuses ${name}, naming the problem, and changes nothing`, async () => {
      const copy = temporaryFolder();
      try {
        cpSync(good.dir, copy.dir, { recursive: true });
        damage(copy.dir);
        await expect(target.emulator.state.importFrom(copy.dir)).rejects.toMatchObject({
          code: "ValidationException",
          message: expect.stringMatching(message) as unknown,
        });
        expect(dumpTables(target.emulator.db, target.dataDir)).toEqual(before);
        expect(blobFilesIn(target.dataDir)).toEqual(blobsBefore);
      } finally {
        copy.remove();
      }
    });
  }

  it("accepts the undamaged folder (the cases above fail for their damage alone)", async () => {
    const copy = temporaryFolder();
    cpSync(good.dir, copy.dir, { recursive: true });
    const other = newEmulator();
    try {
      await other.emulator.state.importFrom(copy.dir);
      expect(
        other.emulator.workers
          .list()
          .map((worker) => worker.id)
          .sort(),
      ).toEqual(["ann", "localworker00001"]);
    } finally {
      await other.close();
      copy.remove();
    }
  });
});
