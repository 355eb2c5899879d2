import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { s3ClientFor } from "../helpers/job-fixtures.js";
import { startTestServer, type TestServer } from "../helpers/test-server.js";
import { rawRequest, treeOf } from "./support/security-filesystem.js";

/**
 * S3 keys never reach outside the data dir: object bytes are stored under random ids, never
 * under their key. Traversal in every encoding is tried with PUT, GET, COPY and multipart, and the
 * filesystem around the data dir is compared before and after. A key reads back exactly what was
 * written under that same key, and only that.
 */

const BUCKET = "traversal";
/** A name no file has, so an escape is found by name. */
const MARKER = `gt-escape-${randomBytes(6).toString("hex")}`;
let sandbox: string;
let dataDir: string;
let before: string[];
let server: TestServer;
let s3: S3Client;

/** Keys as an SDK user writes them; the SDK percent-encodes them on the wire. */
const SDK_KEYS = [
  "../../etc/passwd",
  `${"../".repeat(12)}tmp/${MARKER}`,
  `%2e%2e%2f%2e%2e%2f${MARKER}`,
  `..%2f..%2f${MARKER}`,
  `%252e%252e%252f${MARKER}`,
  `..\\..\\${MARKER}`,
  `\u2025/\uFF0E\uFF0E\uFF0F${MARKER}`,
  `/etc/${MARKER}`,
  `a/./b/../../${MARKER}`,
  `${"../".repeat(330)}${MARKER}`.slice(0, 1024),
];

/** Request-targets sent byte for byte, and the key each must land on (decoded exactly once). */
const RAW_PATHS: [string, string][] = [
  [`/${BUCKET}/../../${MARKER}-raw`, `../../${MARKER}-raw`],
  [`/${BUCKET}/..%2f..%2f${MARKER}-enc`, `../../${MARKER}-enc`],
  [`/${BUCKET}/%2e%2e/%2e%2e/${MARKER}-dots`, `../../${MARKER}-dots`],
  [`/${BUCKET}/%252e%252e%252f${MARKER}-double`, `%2e%2e%2f${MARKER}-double`],
  [`/${BUCKET}/..%5c..%5c${MARKER}-backslash`, `..\\..\\${MARKER}-backslash`],
  [`/${BUCKET}/nul%00byte-${MARKER}`, `nul\u0000byte-${MARKER}`],
];

beforeAll(async () => {
  sandbox = mkdtempSync(join(tmpdir(), "gt-local-traversal-"));
  dataDir = join(sandbox, "deep", "er", "data");
  mkdirSync(dataDir, { recursive: true });
  before = treeOf(sandbox, ["deep/er/data"]);
  server = await startTestServer({ inMemory: false, dataDir });
  s3 = s3ClientFor(server);
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
});
afterAll(async () => {
  s3.destroy();
  await server.close();
  rmSync(sandbox, { recursive: true, force: true });
});

const read = async (key: string): Promise<string> =>
  (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body!.transformToString();

describe("traversal keys through the SDK", () => {
  it("store and read back each key as itself: PUT, GET and listing", async () => {
    for (const key of SDK_KEYS) {
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: `content of ${key}` }));
    }
    for (const key of SDK_KEYS) expect(await read(key), key).toBe(`content of ${key}`);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    expect(listed.Contents?.map((object) => object.Key).sort()).toEqual([...SDK_KEYS].sort());
  });

  it("copy between traversal keys without touching the filesystem", async () => {
    await s3.send(
      new CopyObjectCommand({
        Bucket: BUCKET,
        Key: `../copied/${MARKER}`,
        CopySource: `${BUCKET}/${encodeURIComponent("../../etc/passwd")}`,
      }),
    );
    expect(await read(`../copied/${MARKER}`)).toBe("content of ../../etc/passwd");
  });

  it("complete a multipart upload under a traversal key", async () => {
    const key = `../../${MARKER}-multipart`;
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: key }));
    const parts = [];
    for (const [index, body] of ["x".repeat(5 * 1024 * 1024), "tail"].entries()) {
      const { ETag } = await s3.send(
        new UploadPartCommand({ Bucket: BUCKET, Key: key, UploadId, PartNumber: index + 1, Body: body }),
      );
      parts.push({ ETag, PartNumber: index + 1 });
    }
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: BUCKET,
        Key: key,
        UploadId,
        MultipartUpload: { Parts: parts },
      }),
    );
    expect((await read(key)).endsWith("tail")).toBe(true);
  });

  it("keep keys that a filesystem would fold together apart", async () => {
    const pairs = [
      ["x/../y", "y"],
      ["a//b", "a/b"],
      ["a/./b", "a/b"],
    ];
    for (const [first, second] of pairs) {
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: first, Body: `first ${first!}` }));
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: second, Body: `second ${second!}` }));
      expect(await read(first!)).toBe(`first ${first!}`);
      expect(await read(second!)).toBe(`second ${second!}`);
    }
  });
});

describe("traversal request-targets sent as written", () => {
  it.each(RAW_PATHS)("%s lands on its key, decoded once", async (path, key) => {
    const put = await rawRequest(server.url, "PUT", path, `raw ${key}`);
    expect(put.status, put.body).toBe(200);
    expect((await rawRequest(server.url, "GET", path)).body).toBe(`raw ${key}`);
    expect(await read(key)).toBe(`raw ${key}`);
  });

  it("reads no file of the machine, whatever the path or copy source says", async () => {
    for (const path of [
      `/${BUCKET}/${"../".repeat(12)}etc/passwd`,
      `/${BUCKET}/..%2f..%2f..%2f..%2fetc%2fpasswd`,
    ]) {
      const answer = await rawRequest(server.url, "GET", path);
      expect(answer.status).toBe(404);
      expect(answer.body).toContain("<Code>NoSuchKey</Code>");
    }
    const copy = await rawRequest(server.url, "PUT", `/${BUCKET}/copied-passwd`, undefined, {
      "x-amz-copy-source": `/${BUCKET}/${"../".repeat(12)}etc/passwd`,
    });
    expect(copy.status).toBe(404);
    expect(copy.body).not.toContain("root:");
  });

  it("refuses a bucket of dots, overlong UTF-8 dots and a key over 1,024 bytes, with S3's errors", async () => {
    const overlong = await rawRequest(server.url, "PUT", `/${BUCKET}/%c0%ae%c0%ae/${MARKER}`, "x");
    expect(overlong.status).toBe(400);
    expect(overlong.body).toContain("<Code>InvalidURI</Code>");
    const dots = await rawRequest(server.url, "PUT", `/../${MARKER}`, "x");
    expect(dots.status).toBeGreaterThanOrEqual(400);
    expect(dots.status).toBeLessThan(500);
    const long = await rawRequest(server.url, "PUT", `/${BUCKET}/${"a".repeat(1025)}`, "x");
    expect(long.status).toBe(400);
    expect(long.body).toContain("<Code>KeyTooLongError</Code>");
  });
});

describe("the filesystem afterwards", () => {
  it("holds nothing new outside the data dir, and no file named after a key", () => {
    expect(treeOf(sandbox, ["deep/er/data"])).toEqual(before);
    expect(treeOf(dataDir).filter((path) => path.includes(MARKER))).toEqual([]);
    expect(readdirSync(tmpdir()).filter((name) => name.includes(MARKER))).toEqual([]);
    expect(existsSync(join("/etc", MARKER))).toBe(false);
    expect(readdirSync("/").filter((name) => name.includes(MARKER))).toEqual([]);
    expect(readdirSync(process.cwd()).filter((name) => name.includes(MARKER))).toEqual([]);
  });
});
