import { describe, expect, it } from "vitest";
import { contentRange, resolveRange } from "./byte-range.js";

describe("resolveRange", () => {
  it("reads the three single-range forms, clamping the end to the object", () => {
    expect(resolveRange("bytes=0-9", 100)).toEqual({ kind: "partial", range: { start: 0, end: 9 } });
    expect(resolveRange("bytes=90-200", 100)).toEqual({ kind: "partial", range: { start: 90, end: 99 } });
    expect(resolveRange("bytes=95-", 100)).toEqual({ kind: "partial", range: { start: 95, end: 99 } });
    expect(resolveRange("bytes=-10", 100)).toEqual({ kind: "partial", range: { start: 90, end: 99 } });
    expect(resolveRange("bytes=-500", 100)).toEqual({ kind: "partial", range: { start: 0, end: 99 } });
  });

  it("is unsatisfiable past the end, for an empty suffix, and on an empty object", () => {
    expect(resolveRange("bytes=100-", 100)).toEqual({ kind: "unsatisfiable" });
    expect(resolveRange("bytes=100-200", 100)).toEqual({ kind: "unsatisfiable" });
    expect(resolveRange("bytes=-0", 100)).toEqual({ kind: "unsatisfiable" });
    expect(resolveRange("bytes=0-", 0)).toEqual({ kind: "unsatisfiable" });
  });

  it("ignores what S3 ignores: no header, several ranges, other units, nonsense, reversed ranges", () => {
    for (const header of [null, "bytes=0-1,5-6", "items=0-1", "bytes=a-b", "bytes=-", "bytes=9-3", "0-1"]) {
      expect(resolveRange(header, 100), String(header)).toEqual({ kind: "whole" });
    }
  });

  it("formats Content-Range", () => {
    expect(contentRange({ start: 0, end: 9 }, 100)).toBe("bytes 0-9/100");
  });
});
