import { describe, expect, it } from "vitest";
import { fnv1a32, mulberry32, pickIndex, randomFor } from "./seeded-random.js";

describe("seeded randomness", () => {
  it("hashes with 32-bit FNV-1a (the published test vectors)", () => {
    expect(fnv1a32("")).toBe(0x811c9dc5);
    expect(fnv1a32("a")).toBe(0xe40c292c);
    expect(fnv1a32("foobar")).toBe(0xbf9cf968);
  });

  it("draws the same sequence from the same seed, in [0, 1), and another from another seed", () => {
    const first = mulberry32(42);
    const again = mulberry32(42);
    const other = mulberry32(43);
    const a = Array.from({ length: 1000 }, () => first());
    expect(Array.from({ length: 1000 }, () => again())).toEqual(a);
    expect(Array.from({ length: 1000 }, () => other())).not.toEqual(a);
    expect(a.every((value) => value >= 0 && value < 1)).toBe(true);
  });

  it("spreads its draws evenly enough for simulated answers", () => {
    const random = mulberry32(7);
    const buckets = [0, 0, 0, 0];
    for (let draw = 0; draw < 40_000; draw++) buckets[pickIndex(random, 4)]! += 1;
    for (const count of buckets) expect(Math.abs(count - 10_000)).toBeLessThan(400);
  });

  it("keys a sequence by all of its parts, unambiguously", () => {
    const first = (parts: string[]) => randomFor(...parts)();
    expect(first(["1", "answer", "sim-1", "0"])).toBe(first(["1", "answer", "sim-1", "0"]));
    expect(first(["1", "answer", "sim-1", "0"])).not.toBe(first(["1", "answer", "sim-2", "0"]));
    expect(first(["a", "bc"])).not.toBe(first(["ab", "c"]));
  });
});
