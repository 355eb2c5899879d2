import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../emulator/clock.js";
import { GtError } from "../../emulator/errors.js";
import type { ObjectRecord, S3Engine } from "../../emulator/objects/embedded/s3-engine.js";
import { handleS3, type S3Context } from "./handle-s3.js";
import { toS3Error } from "./s3-error.js";
import { parseXml } from "./xml.js";

/** Only the members a test touches; any other call fails loudly. */
function engineWith(members: Partial<S3Engine>): S3Engine {
  return new Proxy(members, {
    get(target, name: string) {
      const member = target[name as keyof S3Engine];
      if (member === undefined) throw new Error(`unexpected engine call: ${name}`);
      return member;
    },
  }) as S3Engine;
}

const contextWith = (engine: S3Engine, extra: Partial<S3Context> = {}): S3Context => ({
  engine,
  clock: new ManualClock(),
  requestId: "req-1",
  defaultRegion: "us-east-1",
  ...extra,
});

describe("handleS3 as a Fetch function (what msw mounts)", () => {
  it("answers a non-GtError as 500 InternalError XML and reports it", async () => {
    const reported: unknown[] = [];
    const engine = engineWith({
      listBuckets: () => {
        throw new TypeError("boom");
      },
    });
    const response = await handleS3(
      new Request("http://localhost:4700/"),
      contextWith(engine, { onInternalError: (error) => reported.push(error) }),
    );
    expect(response.status).toBe(500);
    const error = parseXml(await response.text(), "Error");
    expect(error.text("Code")).toBe("InternalError");
    expect(error.text("RequestId")).toBe("req-1");
    expect(response.headers.get("x-amz-request-id")).toBe("req-1");
    expect(reported).toEqual([new TypeError("boom")]);
  });

  it("reads the key from rawTarget when the adapter passes it (URL parsing folds `..`)", async () => {
    const seen: string[] = [];
    const engine = engineWith({
      headObject: (_bucket, key) => {
        seen.push(key);
        throw new GtError("NoSuchKey", "engine wording");
      },
    });
    const request = new Request("http://localhost:4700/b/a/../c", { method: "HEAD" });
    const response = await handleS3(request, contextWith(engine, { rawTarget: "/b/a/../c" }));
    expect(seen).toEqual(["a/../c"]);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe("");
  });

  it("streams an object's bytes with the stored headers", async () => {
    const record: ObjectRecord = {
      bucket: "b",
      key: "k",
      size: 5,
      etag: "5d41402abc4b2a76b9719d911017c592",
      lastModified: new Date("2026-01-01T00:00:00Z"),
      contentType: "text/plain",
      headers: { cacheControl: "no-cache" },
      userMetadata: { team: "a" },
    };
    const engine = engineWith({
      headObject: () => record,
      openObject: (_record, range) =>
        Readable.from([Buffer.from("hello").subarray(range?.start ?? 0, (range?.end ?? 4) + 1)]),
    });
    const response = await handleS3(
      new Request("http://localhost:4700/b/k", { headers: { range: "bytes=1-" } }),
      contextWith(engine),
    );
    expect(response.status).toBe(206);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      "content-range": "bytes 1-4/5",
      "content-length": "4",
      etag: '"5d41402abc4b2a76b9719d911017c592"',
      "last-modified": "Thu, 01 Jan 2026 00:00:00 GMT",
      "cache-control": "no-cache",
      "x-amz-meta-team": "a",
    });
    expect(await response.text()).toBe("ello");
  });
});

describe("toS3Error", () => {
  it("gives S3's fixed wording over the core's, and keeps the core's where S3's varies", () => {
    expect(toS3Error(new GtError("NoSuchKey", "engine wording")).message).toBe(
      "The specified key does not exist.",
    );
    expect(toS3Error(new GtError("InvalidArgument", "Part number is odd")).message).toBe(
      "Part number is odd",
    );
    expect(toS3Error(new Error("x"))).toMatchObject({ code: "InternalError", httpStatus: 500 });
  });
});
