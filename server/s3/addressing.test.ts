import { describe, expect, it } from "vitest";
import {
  hostnameOf,
  isAwsS3Host,
  resolveTarget,
  splitRequestTarget,
  virtualHostBucket,
} from "./addressing.js";
import { S3Error } from "./s3-error.js";

describe("S3 addressing", () => {
  it("reads path-style bucket and key, decoding the key exactly once", () => {
    expect(resolveTarget("localhost:4700", "/")).toEqual({ kind: "service" });
    expect(resolveTarget("localhost:4700", "/b")).toEqual({
      kind: "bucket",
      bucket: "b",
      virtualHost: false,
    });
    expect(resolveTarget("localhost:4700", "/b/")).toEqual({
      kind: "bucket",
      bucket: "b",
      virtualHost: false,
    });
    expect(resolveTarget("127.0.0.1:4700", "/b/a%20b+c%252F%E2%82%AC")).toEqual({
      kind: "object",
      bucket: "b",
      key: "a b+c%2F€",
      virtualHost: false,
    });
  });

  it("keeps `..`, `.` and empty segments as key characters", () => {
    expect(resolveTarget(null, "/b/../x")).toMatchObject({ key: "../x" });
    expect(resolveTarget(null, "/b//x/./y")).toMatchObject({ key: "/x/./y" });
    expect(resolveTarget(null, "/b/%2e%2e/x")).toMatchObject({ key: "../x" });
  });

  it("reads the bucket from <bucket>.localhost and the whole path as the key", () => {
    expect(resolveTarget("my.bucket.localhost:4700", "/")).toEqual({
      kind: "bucket",
      bucket: "my.bucket",
      virtualHost: true,
    });
    expect(resolveTarget("photos.LOCALHOST", "//a/b")).toEqual({
      kind: "object",
      bucket: "photos",
      key: "/a/b",
      virtualHost: true,
    });
    expect(virtualHostBucket("localhost:4700")).toBeUndefined();
    expect(virtualHostBucket("[::1]:4700")).toBeUndefined();
    expect(virtualHostBucket(".localhost")).toBeUndefined();
    expect(hostnameOf("[::1]:4700")).toBe("[::1]");
  });

  it("reads the bucket from AWS's S3 host names and from the sub-domains of given bases", () => {
    expect(virtualHostBucket("my.bucket.s3.us-east-1.amazonaws.com")).toBe("my.bucket");
    expect(virtualHostBucket("photos.s3.amazonaws.com")).toBe("photos");
    expect(virtualHostBucket("photos.s3.dualstack.eu-west-1.amazonaws.com")).toBe("photos");
    expect(virtualHostBucket("photos.s3-us-gov-west-1.amazonaws.com")).toBe("photos");
    expect(virtualHostBucket("photos.s3.cn-north-1.amazonaws.com.cn")).toBe("photos");
    // Path-style hosts name no bucket; other AWS services are not S3.
    expect(virtualHostBucket("s3.us-east-1.amazonaws.com")).toBeUndefined();
    expect(virtualHostBucket("s3.amazonaws.com:443")).toBeUndefined();
    expect(virtualHostBucket("api.sagemaker.us-east-1.amazonaws.com")).toBeUndefined();
    expect(isAwsS3Host("s3.dualstack.us-west-2.amazonaws.com")).toBe(true);
    expect(isAwsS3Host("dynamodb.us-east-1.amazonaws.com")).toBe(false);
    expect(virtualHostBucket("media.gt-local.test", ["gt-local.test"])).toBe("media");
    expect(virtualHostBucket("gt-local.test", ["gt-local.test"])).toBeUndefined();
    expect(virtualHostBucket("media.gt-local.test")).toBeUndefined();
    expect(resolveTarget("media.gt-local.test:8080", "/a/../b", ["gt-local.test:8080"])).toEqual({
      kind: "object",
      bucket: "media",
      key: "a/../b",
      virtualHost: true,
    });
  });

  it("accepts 1,024-byte keys and refuses longer ones with KeyTooLongError", () => {
    const key = "é".repeat(512);
    expect(resolveTarget(null, `/b/${encodeURIComponent(key)}`)).toMatchObject({ key });
    expect(() => resolveTarget(null, `/b/${encodeURIComponent(`${key}x`)}`)).toThrow(
      expect.objectContaining({
        code: "KeyTooLongError",
        details: { Size: 1025, MaxSizeAllowed: 1024 },
      }) as S3Error,
    );
  });

  it("refuses malformed percent-encoding as InvalidURI", () => {
    expect(() => resolveTarget(null, "/b/%E2%82")).toThrow(
      expect.objectContaining({ code: "InvalidURI" }) as S3Error,
    );
  });

  it("splits request-targets in origin and absolute form", () => {
    expect(splitRequestTarget("/b/k?list-type=2#x")).toEqual({ path: "/b/k", query: "list-type=2" });
    expect(splitRequestTarget("http://localhost:4700/b/k?x=1")).toEqual({ path: "/b/k", query: "x=1" });
  });
});
