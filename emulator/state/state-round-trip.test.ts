import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../clock.js";
import { RESET_ORDER } from "../emulator.js";
import { NOT_EXPORTED_TABLES, MIGRATIONS } from "../storage/migrations.js";
import { tableShapes } from "./schema.js";
import {
  buildSampleState,
  dumpTables,
  newEmulator,
  temporaryFolder,
  type TestEmulator,
} from "./test-support.js";

const open: { close(): Promise<void> }[] = [];
const folders: { remove(): void }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
  for (const folder of folders.splice(0)) folder.remove();
});

function emulator(clock?: ManualClock): TestEmulator {
  const created = newEmulator(clock);
  open.push(created);
  return created;
}

function folder(): string {
  const created = temporaryFolder();
  folders.push(created);
  return created.dir;
}

/** Every file of an export, by path, as text (the header without its wall-clock time). */
function filesOf(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name).slice(dir.length + 1);
    const text = readFileSync(join(dir, path), "utf8");
    files[path] = path === "gt-local-state.json" ? text.replace(/"exportedAt": "[^"]+"/u, "") : text;
  }
  return files;
}

describe("state export and import", () => {
  it("writes a file for every table of every migration, the same tables reset() empties", async () => {
    const { emulator: source } = emulator();
    const dir = folder();
    await source.state.exportTo(dir);
    const created = MIGRATIONS.flatMap((sql) =>
      [...sql.matchAll(/CREATE TABLE (\w+)/gu)].map((m) => m[1]),
    ).filter((name) => name !== undefined && !NOT_EXPORTED_TABLES.has(name));
    const files = readdirSync(join(dir, "tables")).map((name) => name.replace(/\.jsonl$/u, ""));
    expect(files.sort()).toEqual([...created].sort());
    expect([...RESET_ORDER].sort()).toEqual(tableShapes(source.db).map((shape) => shape.name));
  });

  it("carries every row, the order tags were added in, and object bytes and metadata to another instance", async () => {
    const first = emulator();
    const { teamArn } = await buildSampleState(first.emulator);
    const dir = folder();
    const summary = await first.emulator.state.exportTo(dir);
    expect(summary).toMatchObject({
      format: "gt-local-state",
      formatVersion: 1,
      schemaVersion: MIGRATIONS.length,
      objects: { included: true, blobs: 3 },
      tables: { s3_objects: 3, s3_parts: 1, workers: 2, tags: 2 },
    });
    // Objects are files named by the hash of their bytes: equal bytes share one, keys never appear.
    expect(readdirSync(join(dir, "blobs"))).toHaveLength(3);

    const second = emulator();
    await second.emulator.state.importFrom(dir);
    expect(dumpTables(second.emulator.db, second.dataDir)).toEqual(
      dumpTables(first.emulator.db, first.dataDir),
    );
    expect(second.emulator.tags.allOf(teamArn).map((tag) => tag.key)).toEqual(["zeta", "alpha"]);
    const s3 = second.emulator.s3!;
    const record = s3.headObject("bucket", "videos/clip-1.mp4");
    expect(record).toMatchObject({
      contentType: "video/mp4",
      headers: { cacheControl: "max-age=60" },
      userMetadata: { owner: "vision" },
    });
    const bytes: Buffer[] = [];
    for await (const chunk of s3.openObject(record)) bytes.push(chunk as Buffer);
    expect(Buffer.concat(bytes).toString()).toBe("frames");
  });

  it("gives identical files when the same state is exported twice, and again after an import", async () => {
    const clock = new ManualClock(new Date("2026-03-01T10:00:00.000Z"));
    const first = emulator(clock);
    await buildSampleState(first.emulator);
    const [one, two, three] = [folder(), folder(), folder()];
    await first.emulator.state.exportTo(one);
    await first.emulator.state.exportTo(two);
    expect(filesOf(two)).toEqual(filesOf(one));

    const second = emulator(new ManualClock(new Date("2026-03-01T10:00:00.000Z")));
    await second.emulator.state.importFrom(one);
    await second.emulator.state.exportTo(three);
    expect(filesOf(three)).toEqual(filesOf(one));
  });

  it("exports into a new, empty or previously exported folder only, and keeps the user's files", async () => {
    const { emulator: source } = emulator();
    const dir = folder();
    await source.state.exportTo(join(dir, "new", "fixture"));
    expect(readdirSync(join(dir, "new", "fixture")).sort()).toEqual([
      "blobs",
      "gt-local-state.json",
      "tables",
    ]);

    // A previous export is replaced; a README next to it stays; a stale blob goes.
    writeFileSync(join(dir, "new", "fixture", "README.md"), "my fixture");
    writeFileSync(join(dir, "new", "fixture", "blobs", "a".repeat(64)), "stale");
    await source.state.exportTo(join(dir, "new", "fixture"));
    expect(readdirSync(join(dir, "new", "fixture")).sort()).toEqual([
      "README.md",
      "blobs",
      "gt-local-state.json",
      "tables",
    ]);
    expect(readdirSync(join(dir, "new", "fixture", "blobs"))).toEqual([]);

    // A folder of other files is refused and left alone.
    writeFileSync(join(dir, "notes.txt"), "mine");
    await expect(source.state.exportTo(dir)).rejects.toThrow(
      /is not empty and holds no previous gt-local export/u,
    );
    expect(readdirSync(dir).sort()).toEqual(["new", "notes.txt"]);
    // So is a previous export whose tables/ holds a file an export never writes.
    writeFileSync(join(dir, "new", "fixture", "tables", "mine.csv"), "a,b");
    await expect(source.state.exportTo(join(dir, "new", "fixture"))).rejects.toThrow(
      /tables\/ holds mine\.csv/u,
    );
    await expect(source.state.exportTo(join(dir, "notes.txt"))).rejects.toThrow(/is not a folder/u);
  });

  it("moves a manual clock that is behind the imported state up to the state's time", async () => {
    const first = emulator(new ManualClock(new Date("2026-06-01T00:00:00.000Z")));
    const dir = folder();
    await first.emulator.state.exportTo(dir);
    const behind = new ManualClock(new Date("2026-01-01T00:00:00.000Z"));
    await emulator(behind).emulator.state.importFrom(dir);
    expect(behind.now().toISOString()).toBe("2026-06-01T00:00:00.000Z");
    // A clock already past the state's time never goes back.
    const ahead = new ManualClock(new Date("2027-01-01T00:00:00.000Z"));
    await emulator(ahead).emulator.state.importFrom(dir);
    expect(ahead.now().toISOString()).toBe("2027-01-01T00:00:00.000Z");
  });
});
