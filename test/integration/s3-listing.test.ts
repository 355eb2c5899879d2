import {
  CreateBucketCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  paginateListObjectsV2,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { s3ClientFor } from "../helpers/job-fixtures.js";
import { startTestServer, type TestServer } from "../helpers/test-server.js";

const BUCKET = "listing";
const KEYS = ["a/1", "a/2", "b/1", "b/2/deep", "c", "d/1", "e", "sp ace/x", "plus+", "ü"];
let server: TestServer;
let s3: S3Client;

beforeAll(async () => {
  server = await startTestServer();
  s3 = s3ClientFor(server);
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  for (const key of KEYS) await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: key }));
});

afterAll(async () => {
  s3.destroy();
  await server.close();
});

const keysOf = (page: { Contents?: { Key?: string }[] }) => (page.Contents ?? []).map((object) => object.Key);
const prefixesOf = (page: { CommonPrefixes?: { Prefix?: string }[] }) =>
  (page.CommonPrefixes ?? []).map((prefix) => prefix.Prefix);

describe("ListObjectsV2", () => {
  it("lists every key in UTF-8 binary order with sizes, quoted ETags and KeyCount", async () => {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    expect(keysOf(page)).toEqual([...KEYS].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))));
    expect(page).toMatchObject({ KeyCount: KEYS.length, MaxKeys: 1000, IsTruncated: false, Name: BUCKET });
    expect(page.Contents![0]).toMatchObject({ Size: 3, StorageClass: "STANDARD" });
    expect(page.Contents![0]!.ETag).toMatch(/^"[0-9a-f]{32}"$/u);
    expect(page.Contents![0]!.Owner).toBeUndefined();
  });

  it("pages with a delimiter, counting CommonPrefixes against max-keys across pages", async () => {
    const pages = [];
    let token: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: BUCKET, Delimiter: "/", MaxKeys: 2, ContinuationToken: token }),
      );
      pages.push({
        keys: keysOf(page),
        prefixes: prefixesOf(page),
        count: page.KeyCount,
        truncated: page.IsTruncated,
      });
      token = page.NextContinuationToken;
    } while (token !== undefined);
    expect(pages).toEqual([
      { keys: [], prefixes: ["a/", "b/"], count: 2, truncated: true },
      { keys: ["c"], prefixes: ["d/"], count: 2, truncated: true },
      { keys: ["e", "plus+"], prefixes: [], count: 2, truncated: true },
      { keys: ["ü"], prefixes: ["sp ace/"], count: 2, truncated: false },
    ]);
  });

  it("pages to the end with the SDK paginator, one key at a time", async () => {
    const seen: string[] = [];
    for await (const page of paginateListObjectsV2({ client: s3, pageSize: 1 }, { Bucket: BUCKET })) {
      seen.push(...keysOf(page).map(String));
    }
    expect(seen).toHaveLength(KEYS.length);
  });

  it("filters by prefix, starts after a key, and caps max-keys at 1000", async () => {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "b/", StartAfter: "b/1", MaxKeys: 5000 }),
    );
    expect(keysOf(page)).toEqual(["b/2/deep"]);
    expect(page).toMatchObject({ Prefix: "b/", StartAfter: "b/1", MaxKeys: 1000 });
  });

  it("adds Owner only with fetch-owner", async () => {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, FetchOwner: true, MaxKeys: 1 }));
    expect(page.Contents![0]!.Owner!.ID).toMatch(/^[0-9a-f]{64}$/u);
  });

  it("url-encodes Key, Prefix, Delimiter and StartAfter with encoding-type=url", async () => {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: BUCKET, EncodingType: "url", StartAfter: "e", Delimiter: "/" }),
    );
    expect(page.EncodingType).toBe("url");
    expect(keysOf(page)).toEqual(["plus%2B", "%C3%BC"]);
    expect(prefixesOf(page)).toEqual(["sp+ace/"]);
    expect(page.StartAfter).toBe("e");
    const prefixed = await s3.send(
      new ListObjectsV2Command({ Bucket: BUCKET, EncodingType: "url", Prefix: "sp ace/" }),
    );
    expect(prefixed.Prefix).toBe("sp+ace/");
    expect(keysOf(prefixed)).toEqual(["sp+ace/x"]);
  });

  it("refuses a continuation token it did not issue", async () => {
    await expect(
      s3.send(new ListObjectsV2Command({ Bucket: BUCKET, ContinuationToken: "not-a-token" })),
    ).rejects.toMatchObject({ name: "InvalidArgument", $metadata: { httpStatusCode: 400 } });
  });

  it("answers NoSuchBucket for a bucket that does not exist", async () => {
    await expect(s3.send(new ListObjectsV2Command({ Bucket: "no-such-bucket" }))).rejects.toMatchObject({
      name: "NoSuchBucket",
      $metadata: { httpStatusCode: 404 },
    });
  });
});

describe("ListObjects (v1)", () => {
  it("continues after a marker and gives NextMarker only when a delimiter is given", async () => {
    const plain = await s3.send(new ListObjectsCommand({ Bucket: BUCKET, Marker: "b/2/deep", MaxKeys: 2 }));
    expect(keysOf(plain)).toEqual(["c", "d/1"]);
    expect(plain).toMatchObject({ IsTruncated: true, Marker: "b/2/deep", MaxKeys: 2 });
    expect(plain.NextMarker).toBeUndefined();
    // Owner is always present in v1 listings.
    expect(plain.Contents![0]!.Owner).toBeDefined();

    const delimited = await s3.send(new ListObjectsCommand({ Bucket: BUCKET, Delimiter: "/", MaxKeys: 2 }));
    expect(prefixesOf(delimited)).toEqual(["a/", "b/"]);
    expect(delimited).toMatchObject({ IsTruncated: true, NextMarker: "b/" });

    const next = await s3.send(
      new ListObjectsCommand({ Bucket: BUCKET, Delimiter: "/", MaxKeys: 2, Marker: delimited.NextMarker }),
    );
    expect(keysOf(next)).toEqual(["c"]);
    expect(prefixesOf(next)).toEqual(["d/"]);
  });

  it("pages through everything by marker = last key when no delimiter is given", async () => {
    const seen: string[] = [];
    let marker: string | undefined;
    for (;;) {
      const page = await s3.send(new ListObjectsCommand({ Bucket: BUCKET, MaxKeys: 3, Marker: marker }));
      seen.push(...keysOf(page).map(String));
      if (!page.IsTruncated) break;
      marker = seen.at(-1);
    }
    expect(seen).toHaveLength(KEYS.length);
  });
});
