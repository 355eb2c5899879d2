import { describe, expect, it } from "vitest";
import { evaluatePreconditions, type Preconditions } from "./preconditions.js";

const etag = "9b2cf535f27731c974343645a3985328";
const lastModified = new Date("2026-01-01T12:00:00.500Z");
const before = "Thu, 01 Jan 2026 11:00:00 GMT";
const sameSecond = "Thu, 01 Jan 2026 12:00:00 GMT";
const after = "Thu, 01 Jan 2026 13:00:00 GMT";

const evaluate = (conditions: Partial<Preconditions>) =>
  evaluatePreconditions(
    { ifMatch: null, ifNoneMatch: null, ifModifiedSince: null, ifUnmodifiedSince: null, ...conditions },
    etag,
    lastModified,
  );

describe("evaluatePreconditions", () => {
  it("proceeds without conditions", () => {
    expect(evaluate({})).toEqual({ kind: "proceed" });
  });

  it("If-Match: quoted, unquoted, weak, lists and * match; anything else fails with 412", () => {
    for (const header of [`"${etag}"`, etag, `W/"${etag}"`, `"other", "${etag}"`, "*"]) {
      expect(evaluate({ ifMatch: header }), header).toEqual({ kind: "proceed" });
    }
    expect(evaluate({ ifMatch: '"other"' })).toEqual({ kind: "failed", condition: "If-Match" });
  });

  it("If-None-Match: a match is 304", () => {
    expect(evaluate({ ifNoneMatch: `"${etag}"` })).toEqual({
      kind: "not-modified",
      condition: "If-None-Match",
    });
    expect(evaluate({ ifNoneMatch: '"other"' })).toEqual({ kind: "proceed" });
  });

  it("compares dates at whole seconds, as HTTP dates carry them", () => {
    expect(evaluate({ ifModifiedSince: sameSecond })).toEqual({
      kind: "not-modified",
      condition: "If-Modified-Since",
    });
    expect(evaluate({ ifModifiedSince: before })).toEqual({ kind: "proceed" });
    expect(evaluate({ ifUnmodifiedSince: sameSecond })).toEqual({ kind: "proceed" });
    expect(evaluate({ ifUnmodifiedSince: before })).toEqual({
      kind: "failed",
      condition: "If-Unmodified-Since",
    });
  });

  it("a true If-Match wins over a false If-Unmodified-Since (S3: 200)", () => {
    expect(evaluate({ ifMatch: etag, ifUnmodifiedSince: before })).toEqual({ kind: "proceed" });
  });

  it("a false If-None-Match wins over a true If-Modified-Since (S3: 304)", () => {
    expect(evaluate({ ifNoneMatch: etag, ifModifiedSince: before })).toEqual({
      kind: "not-modified",
      condition: "If-None-Match",
    });
  });

  it("a true If-None-Match makes If-Modified-Since irrelevant", () => {
    expect(evaluate({ ifNoneMatch: '"other"', ifModifiedSince: after })).toEqual({ kind: "proceed" });
  });

  it("412 is decided before 304", () => {
    expect(evaluate({ ifMatch: '"other"', ifNoneMatch: etag })).toEqual({
      kind: "failed",
      condition: "If-Match",
    });
  });

  it("ignores unreadable dates", () => {
    expect(evaluate({ ifModifiedSince: "yesterday", ifUnmodifiedSince: "soon" })).toEqual({
      kind: "proceed",
    });
  });
});
