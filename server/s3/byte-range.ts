import type { ByteRange } from "../../emulator/objects/embedded/s3-engine.js";

/** What a `Range` header asks of an object of a given size. */
export type RangeResolution =
  { kind: "whole" } | { kind: "partial"; range: ByteRange } | { kind: "unsatisfiable" };

const WHOLE: RangeResolution = { kind: "whole" };
const SPEC = /^(\d*)-(\d*)$/u;

/**
 * S3's reading of `Range`: one `bytes=a-b`, `bytes=a-` or `bytes=-n`. A header it cannot read, a
 * unit other than bytes, or several ranges (which S3 does not serve) are ignored: the whole object,
 * 200. A range starting past the end, or a zero-length suffix, is unsatisfiable (416).
 */
export function resolveRange(header: string | null, size: number): RangeResolution {
  if (header === null) return WHOLE;
  const equals = header.indexOf("=");
  if (equals === -1 || header.slice(0, equals).trim().toLowerCase() !== "bytes") return WHOLE;
  const specs = header.slice(equals + 1).split(",");
  if (specs.length !== 1) return WHOLE;
  const match = SPEC.exec((specs[0] ?? "").trim());
  if (!match) return WHOLE;
  const [, first = "", last = ""] = match;
  if (first === "" && last === "") return WHOLE;
  if (first === "") {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: "unsatisfiable" };
    return { kind: "partial", range: { start: Math.max(0, size - suffix), end: size - 1 } };
  }
  const start = Number(first);
  if (last !== "" && Number(last) < start) return WHOLE;
  if (start >= size) return { kind: "unsatisfiable" };
  const end = last === "" ? size - 1 : Math.min(Number(last), size - 1);
  return { kind: "partial", range: { start, end } };
}

/** `bytes 0-99/1000` */
export const contentRange = (range: ByteRange, size: number): string =>
  `bytes ${range.start}-${range.end}/${size}`;
