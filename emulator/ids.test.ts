import { validate, version } from "uuid";
import { describe, expect, it } from "vitest";
import { newTaskId } from "./ids.js";

describe("newTaskId", () => {
  it("issues distinct UUIDv7s, each sorting after the one before, many within one millisecond", () => {
    const ids = Array.from({ length: 5_000 }, () => newTaskId());
    for (const id of ids) {
      expect(validate(id)).toBe(true);
      expect(version(id)).toBe(7);
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id, index) => index === 0 || (ids[index - 1] ?? "") < id)).toBe(true);
    // Ids from one millisecond share the timestamp (the first 48 bits), so the counter ordered them.
    const timestamps = new Set(ids.map((id) => id.slice(0, 13)));
    expect(timestamps.size).toBeLessThan(ids.length);
  });

  it("carries the time it was issued in its first 48 bits", () => {
    const before = Date.now();
    const id = newTaskId();
    const after = Date.now();
    const msecs = Number.parseInt(id.replace("-", "").slice(0, 12), 16);
    expect(msecs).toBeGreaterThanOrEqual(before);
    expect(msecs).toBeLessThanOrEqual(after + 1);
  });
});
