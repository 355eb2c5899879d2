import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { crc32 } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { s3ClientFor } from "../helpers/job-fixtures.js";
import { startTestServer, type TestServer } from "../helpers/test-server.js";

const BUCKET = "objects";
let server: TestServer;
let s3: S3Client;

beforeAll(async () => {
  server = await startTestServer();
  s3 = s3ClientFor(server);
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
});

afterAll(async () => {
  s3.destroy();
  await server.close();
});

const md5 = (data: string | Buffer) => createHash("md5").update(data).digest("hex");
/** The base64 big-endian CRC32 S3 and the SDKs put in `x-amz-checksum-crc32`. */
const crc32Base64 = (data: Buffer) => {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(crc32(data));
  return bytes.toString("base64");
};

describe("PutObject, GetObject, HeadObject", () => {
  it("round-trips the body, quoted ETag, content headers and lower-cased user metadata", async () => {
    const expires = new Date("2030-01-01T00:00:00Z");
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: "docs/readme.txt",
        Body: "hello, world",
        ContentType: "text/plain; charset=utf-8",
        ContentDisposition: 'attachment; filename="readme.txt"',
        ContentLanguage: "en-GB",
        CacheControl: "max-age=60",
        Expires: expires,
        Metadata: { Color: "blue", "labelling-job": "cats-1" },
      }),
    );
    expect(put.ETag).toBe(`"${md5("hello, world")}"`);

    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "docs/readme.txt" }));
    expect(await got.Body!.transformToString()).toBe("hello, world");
    expect(got).toMatchObject({
      ETag: put.ETag,
      ContentLength: 12,
      ContentType: "text/plain; charset=utf-8",
      ContentDisposition: 'attachment; filename="readme.txt"',
      ContentLanguage: "en-GB",
      CacheControl: "max-age=60",
      AcceptRanges: "bytes",
      Metadata: { color: "blue", "labelling-job": "cats-1" },
    });
    expect(got.ExpiresString).toBe(expires.toUTCString());
    expect(got.LastModified).toBeInstanceOf(Date);

    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "docs/readme.txt" }));
    expect(head).toMatchObject({ ETag: put.ETag, ContentLength: 12, Metadata: got.Metadata });
    expect(head.LastModified).toEqual(got.LastModified);
  });

  it("stores binary/octet-stream when no Content-Type is sent, as S3 does", async () => {
    const response = await fetch(`${server.url}/${BUCKET}/untyped`, {
      method: "PUT",
      body: new Uint8Array([1, 2, 3]),
    });
    expect(response.status).toBe(200);
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "untyped" }));
    expect(head.ContentType).toBe("binary/octet-stream");
  });

  it("returns the Last-Modified header in RFC 7231 form and x-amz-request-id on every answer", async () => {
    const response = await fetch(`${server.url}/${BUCKET}/docs/readme.txt`);
    expect(response.headers.get("last-modified")).toMatch(
      /^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/u,
    );
    expect(response.headers.get("x-amz-request-id")).toMatch(/\S+/u);
    expect(response.headers.get("x-amz-id-2")).toMatch(/\S+/u);
    const missing = await fetch(`${server.url}/${BUCKET}/nope`);
    expect(missing.headers.get("x-amz-request-id")).toMatch(/\S+/u);
  });

  it("applies response-* overrides to GetObject's headers", async () => {
    const response = await fetch(
      `${server.url}/${BUCKET}/docs/readme.txt?response-content-type=application%2Fjson&response-cache-control=no-store`,
    );
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.get("cache-control")).toBe("no-store");
  });
});

describe("awkward keys", () => {
  const keys = [
    "with space.txt",
    "plus+sign+",
    "unicode/ñandú/日本語 🎉.json",
    "dots/../up",
    "./leading-dot",
    "double//slash///end",
    "/leading-slash",
    "percent%20literal %41",
    "query?like=1&b=c#hash",
    "tilde~star*paren(1)!'",
    "k".repeat(1024),
    "é".repeat(512),
  ];

  it("round-trip through PutObject, GetObject and ListObjectsV2 exactly", async () => {
    for (const key of keys) {
      await s3.send(new PutObjectCommand({ Bucket: "objects", Key: key, Body: `body of ${key}` }));
      const got = await s3.send(new GetObjectCommand({ Bucket: "objects", Key: key }));
      expect(await got.Body!.transformToString(), key).toBe(`body of ${key}`);
    }
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: "objects" }));
    const names = listed.Contents!.map((object) => object.Key);
    for (const key of keys) expect(names, key).toContain(key);
  });

  it("refuses a key longer than 1,024 UTF-8 bytes with KeyTooLongError", async () => {
    await expect(
      s3.send(new PutObjectCommand({ Bucket: "objects", Key: "é".repeat(512) + "x", Body: "x" })),
    ).rejects.toMatchObject({ name: "KeyTooLongError", $metadata: { httpStatusCode: 400 } });
  });
});

describe("checksums from the current JS SDK", () => {
  it("stores the CRC32 of a streamed PutObject sent as an aws-chunked trailer, and returns it with ChecksumMode", async () => {
    const content = Buffer.from("streamed ".repeat(10_000));
    const seen: Record<string, string>[] = [];
    const command = new PutObjectCommand({
      Bucket: BUCKET,
      Key: "streamed.bin",
      Body: Readable.from([content.subarray(0, 30_000), content.subarray(30_000)]),
      ContentLength: content.length,
    });
    command.middlewareStack.add(
      (next) => (args) => {
        const request = args.request as { headers: Record<string, string> };
        seen.push({ ...request.headers });
        return next(args);
      },
      { step: "finalizeRequest", priority: "low" },
    );
    await s3.send(command);
    // Prove the SDK really used the trailer framing this test is about.
    expect(seen[0]).toMatchObject({
      "content-encoding": "aws-chunked",
      "x-amz-trailer": "x-amz-checksum-crc32",
      "x-amz-decoded-content-length": String(content.length),
    });

    const got = await s3.send(
      new GetObjectCommand({ Bucket: BUCKET, Key: "streamed.bin", ChecksumMode: "ENABLED" }),
    );
    expect(got.ChecksumCRC32).toBe(crc32Base64(content));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(content)).toBe(true);
    expect(got.ContentEncoding).toBeUndefined();
    const head = await s3.send(
      new HeadObjectCommand({ Bucket: BUCKET, Key: "streamed.bin", ChecksumMode: "ENABLED" }),
    );
    expect(head.ChecksumCRC32).toBe(crc32Base64(content));
  });

  it("returns the checksum only when asked, and never for a range", async () => {
    const plain = await fetch(`${server.url}/${BUCKET}/streamed.bin`);
    expect(plain.headers.get("x-amz-checksum-crc32")).toBeNull();
    await plain.arrayBuffer();
    const ranged = await fetch(`${server.url}/${BUCKET}/streamed.bin`, {
      headers: { "x-amz-checksum-mode": "ENABLED", range: "bytes=0-9" },
    });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get("x-amz-checksum-crc32")).toBeNull();
    await ranged.arrayBuffer();
  });

  it("keeps a checksum sent as a header (non-streaming bodies)", async () => {
    await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: "header-checksum",
        Body: "abc",
        ChecksumAlgorithm: "CRC32",
      }),
    );
    const head = await s3.send(
      new HeadObjectCommand({ Bucket: BUCKET, Key: "header-checksum", ChecksumMode: "ENABLED" }),
    );
    expect(head.ChecksumCRC32).toBe(crc32Base64(Buffer.from("abc")));
  });

  it("refuses a body whose CRC32 or SHA256 does not match the declared checksum", async () => {
    for (const [header, value] of [
      ["x-amz-checksum-crc32", crc32Base64(Buffer.from("other"))],
      ["x-amz-checksum-sha256", createHash("sha256").update("other").digest("base64")],
    ] as const) {
      const response = await fetch(`${server.url}/${BUCKET}/wrong-checksum`, {
        method: "PUT",
        body: "abc",
        headers: { [header]: value },
      });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain("<Code>BadDigest</Code>");
    }
    await expect(
      s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "wrong-checksum" })),
    ).rejects.toMatchObject({
      name: "NotFound",
    });
  });

  it("refuses a wrong Content-MD5 with BadDigest", async () => {
    await expect(
      s3.send(
        new PutObjectCommand({
          Bucket: BUCKET,
          Key: "md5",
          Body: "abc",
          ContentMD5: createHash("md5").update("x").digest("base64"),
        }),
      ),
    ).rejects.toMatchObject({ name: "BadDigest" });
  });
});

describe("ranges", () => {
  const body = "0123456789abcdefghij";
  beforeAll(async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "range.txt", Body: body }));
  });

  it("serves bytes=a-b, bytes=a- and bytes=-n as 206 with Content-Range", async () => {
    for (const [range, expected, contentRange] of [
      ["bytes=2-5", "2345", "bytes 2-5/20"],
      ["bytes=15-", "fghij", "bytes 15-19/20"],
      ["bytes=-3", "hij", "bytes 17-19/20"],
      ["bytes=18-100", "ij", "bytes 18-19/20"],
    ] as const) {
      const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "range.txt", Range: range }));
      expect(got.$metadata.httpStatusCode, range).toBe(206);
      expect(got.ContentRange, range).toBe(contentRange);
      expect(got.ContentLength, range).toBe(expected.length);
      expect(await got.Body!.transformToString(), range).toBe(expected);
    }
  });

  it("answers an unsatisfiable range with 416 InvalidRange and Content-Range: bytes */size", async () => {
    await expect(
      s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "range.txt", Range: "bytes=20-" })),
    ).rejects.toMatchObject({
      name: "InvalidRange",
      $metadata: { httpStatusCode: 416 },
    });
    const response = await fetch(`${server.url}/${BUCKET}/range.txt`, { headers: { range: "bytes=50-60" } });
    expect(response.status).toBe(416);
    expect(response.headers.get("content-range")).toBe("bytes */20");
  });

  it("ignores several ranges, answering 200 with the whole object as S3 does", async () => {
    const response = await fetch(`${server.url}/${BUCKET}/range.txt`, {
      headers: { range: "bytes=0-1,4-5" },
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(body);
  });

  it("serves ?partNumber=1 of a simple object as the whole object, and refuses other parts", async () => {
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "range.txt", PartNumber: 1 }));
    expect(got.$metadata.httpStatusCode).toBe(206);
    expect(got.ContentRange).toBe("bytes 0-19/20");
    expect(got.PartsCount).toBeUndefined();
    expect(await got.Body!.transformToString()).toBe(body);
    await expect(
      s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "range.txt", PartNumber: 2 })),
    ).rejects.toMatchObject({
      name: "InvalidPartNumber",
      $metadata: { httpStatusCode: 416 },
    });
  });

  it("applies a Range to HEAD too", async () => {
    const head = await s3.send(
      new HeadObjectCommand({ Bucket: BUCKET, Key: "range.txt", Range: "bytes=0-3" }),
    );
    expect(head.$metadata.httpStatusCode).toBe(206);
    expect(head.ContentLength).toBe(4);
  });
});

describe("conditional requests", () => {
  let etag: string;
  let lastModified: Date;
  beforeAll(async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "conditional", Body: "v1" }));
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "conditional" }));
    etag = head.ETag!;
    lastModified = head.LastModified!;
  });

  it("answers 304 without a body for a matching If-None-Match or an unmodified If-Modified-Since", async () => {
    await expect(
      s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "conditional", IfNoneMatch: etag })),
    ).rejects.toMatchObject({
      $metadata: { httpStatusCode: 304 },
    });
    const response = await fetch(`${server.url}/${BUCKET}/conditional`, {
      headers: { "if-modified-since": new Date(lastModified.getTime() + 1000).toUTCString() },
    });
    expect(response.status).toBe(304);
    expect(response.headers.get("etag")).toBe(etag);
    expect(await response.text()).toBe("");
  });

  it("answers 412 PreconditionFailed for a failing If-Match or If-Unmodified-Since", async () => {
    await expect(
      s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "conditional", IfMatch: '"nope"' })),
    ).rejects.toMatchObject({
      name: "PreconditionFailed",
      $metadata: { httpStatusCode: 412 },
    });
    await expect(
      s3.send(
        new GetObjectCommand({
          Bucket: BUCKET,
          Key: "conditional",
          IfUnmodifiedSince: new Date(lastModified.getTime() - 60_000),
        }),
      ),
    ).rejects.toMatchObject({ name: "PreconditionFailed" });
  });

  it("follows S3's precedence: a true If-Match beats a false If-Unmodified-Since", async () => {
    const got = await s3.send(
      new GetObjectCommand({
        Bucket: BUCKET,
        Key: "conditional",
        IfMatch: etag,
        IfUnmodifiedSince: new Date(lastModified.getTime() - 60_000),
      }),
    );
    expect(await got.Body!.transformToString()).toBe("v1");
  });

  it("honours If-None-Match: * on PutObject (write only if the key is free)", async () => {
    await expect(
      s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "conditional", Body: "v2", IfNoneMatch: "*" })),
    ).rejects.toMatchObject({ name: "PreconditionFailed", $metadata: { httpStatusCode: 412 } });
    await s3.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: "conditional-new", Body: "v1", IfNoneMatch: "*" }),
    );
  });
});

describe("DeleteObject and DeleteObjects", () => {
  it("deletes a key (204) and is quiet about keys that are not there", async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "doomed", Body: "x" }));
    const deleted = await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: "doomed" }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    await expect(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "doomed" }))).rejects.toMatchObject({
      name: "NoSuchKey",
    });
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: "doomed" }));
  });

  it("deletes many keys, reporting each unless Quiet", async () => {
    for (const key of ["batch/1", "batch/2", "batch/3"]) {
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: key }));
    }
    const loud = await s3.send(
      new DeleteObjectsCommand({
        Bucket: BUCKET,
        Delete: { Objects: [{ Key: "batch/1" }, { Key: "batch/never" }] },
      }),
    );
    expect(loud.Deleted!.map((entry) => entry.Key).sort()).toEqual(["batch/1", "batch/never"]);
    expect(loud.Errors).toBeUndefined();
    const quiet = await s3.send(
      new DeleteObjectsCommand({
        Bucket: BUCKET,
        Delete: { Objects: [{ Key: "batch/2" }, { Key: "batch/3" }], Quiet: true },
      }),
    );
    expect(quiet.Deleted).toBeUndefined();
    const left = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "batch/" }));
    expect(left.KeyCount).toBe(0);
  });
});

describe("CopyObject", () => {
  beforeAll(async () => {
    await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: "source dir/ñ+1.txt",
        Body: "copy me",
        ContentType: "text/plain",
        Metadata: { origin: "source" },
      }),
    );
  });
  const copySource = `${BUCKET}/${encodeURIComponent("source dir/ñ+1.txt")}`;

  it("copies bytes, content type and metadata with the COPY directive (the default)", async () => {
    const copied = await s3.send(
      new CopyObjectCommand({ Bucket: BUCKET, Key: "copies/copy.txt", CopySource: copySource }),
    );
    expect(copied.CopyObjectResult!.ETag).toBe(`"${md5("copy me")}"`);
    expect(copied.CopyObjectResult!.LastModified).toBeInstanceOf(Date);
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "copies/copy.txt" }));
    expect(await got.Body!.transformToString()).toBe("copy me");
    expect(got).toMatchObject({ ContentType: "text/plain", Metadata: { origin: "source" } });
  });

  it("takes the request's content type and metadata with REPLACE, from a leading-slash source", async () => {
    await s3.send(
      new CopyObjectCommand({
        Bucket: BUCKET,
        Key: "copies/replaced.txt",
        CopySource: `/${copySource}`,
        MetadataDirective: "REPLACE",
        ContentType: "application/x-replaced",
        Metadata: { origin: "replaced" },
      }),
    );
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "copies/replaced.txt" }));
    expect(head).toMatchObject({ ContentType: "application/x-replaced", Metadata: { origin: "replaced" } });
  });

  it("refuses to copy an object onto itself without REPLACE, and names a missing source", async () => {
    await expect(
      s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: "source dir/ñ+1.txt", CopySource: copySource })),
    ).rejects.toMatchObject({ name: "InvalidRequest" });
    await expect(
      s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: "x", CopySource: `${BUCKET}/missing` })),
    ).rejects.toMatchObject({ name: "NoSuchKey", Key: "missing" });
  });

  it("applies x-amz-copy-source-if-match to the source", async () => {
    await expect(
      s3.send(
        new CopyObjectCommand({
          Bucket: BUCKET,
          Key: "y",
          CopySource: copySource,
          CopySourceIfMatch: '"nope"',
        }),
      ),
    ).rejects.toMatchObject({ name: "PreconditionFailed" });
  });
});
