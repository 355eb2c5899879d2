import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  ListPartsCommand,
  type S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { s3ClientFor } from "../helpers/job-fixtures.js";
import { startTestServer, type TestServer } from "../helpers/test-server.js";

const BUCKET = "multipart";
const MiB = 1024 * 1024;
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

const md5 = (data: Buffer) => createHash("md5").update(data).digest();
const filled = (size: number, byte: number) => Buffer.alloc(size, byte);

async function start(key: string) {
  const { UploadId } = await s3.send(
    new CreateMultipartUploadCommand({
      Bucket: BUCKET,
      Key: key,
      ContentType: "video/mp4",
      Metadata: { job: "j1" },
    }),
  );
  return UploadId!;
}

describe("multipart uploads", () => {
  it("uploads three parts above 5 MiB, lists them, completes, and serves the whole object", async () => {
    const key = "videos/clip one.mp4";
    const uploadId = await start(key);
    const parts = [filled(5 * MiB, 0x61), filled(5 * MiB + 7, 0x62), filled(1024, 0x63)];
    const etags: string[] = [];
    for (const [index, body] of parts.entries()) {
      const { ETag } = await s3.send(
        new UploadPartCommand({
          Bucket: BUCKET,
          Key: key,
          UploadId: uploadId,
          PartNumber: index + 1,
          Body: body,
        }),
      );
      expect(ETag).toBe(`"${md5(body).toString("hex")}"`);
      etags.push(ETag!);
    }

    const listed = await s3.send(new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }));
    expect(listed).toMatchObject({
      Bucket: BUCKET,
      Key: key,
      UploadId: uploadId,
      IsTruncated: false,
      StorageClass: "STANDARD",
    });
    expect(listed.Parts!.map((part) => [part.PartNumber, part.Size, part.ETag])).toEqual(
      parts.map((body, index) => [index + 1, body.length, etags[index]]),
    );
    const firstPage = await s3.send(
      new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId, MaxParts: 2 }),
    );
    expect(firstPage).toMatchObject({ IsTruncated: true, NextPartNumberMarker: "2" });
    expect(firstPage.Parts).toHaveLength(2);
    const secondPage = await s3.send(
      new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId, PartNumberMarker: "2" }),
    );
    expect(secondPage.Parts!.map((part) => part.PartNumber)).toEqual([3]);

    const completed = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: BUCKET,
        Key: key,
        UploadId: uploadId,
        MultipartUpload: { Parts: etags.map((ETag, index) => ({ ETag, PartNumber: index + 1 })) },
      }),
    );
    const expectedEtag = `"${createHash("md5")
      .update(Buffer.concat(parts.map(md5)))
      .digest("hex")}-3"`;
    expect(completed).toMatchObject({ Bucket: BUCKET, Key: key, ETag: expectedEtag });
    expect(completed.Location).toBe(`${server.url}/${BUCKET}/videos/clip%20one.mp4`);

    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(got).toMatchObject({
      ContentLength: 10 * MiB + 7 + 1024,
      ETag: expectedEtag,
      ContentType: "video/mp4",
    });
    expect(got.Metadata).toEqual({ job: "j1" });
    const bytes = Buffer.from(await got.Body!.transformToByteArray());
    expect(md5(bytes).equals(md5(Buffer.concat(parts)))).toBe(true);

    await expect(
      s3.send(new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId })),
    ).rejects.toMatchObject({
      name: "NoSuchUpload",
    });
  });

  it("aborts an upload: its parts are gone and the id is unknown afterwards", async () => {
    const uploadId = await start("aborted");
    await s3.send(
      new UploadPartCommand({ Bucket: BUCKET, Key: "aborted", UploadId: uploadId, PartNumber: 1, Body: "x" }),
    );
    const aborted = await s3.send(
      new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: "aborted", UploadId: uploadId }),
    );
    expect(aborted.$metadata.httpStatusCode).toBe(204);
    await expect(
      s3.send(new ListPartsCommand({ Bucket: BUCKET, Key: "aborted", UploadId: uploadId })),
    ).rejects.toMatchObject({ name: "NoSuchUpload", $metadata: { httpStatusCode: 404 } });
  });

  it("refuses unknown parts, parts out of order, small middle parts and bad part numbers", async () => {
    const key = "refused";
    const uploadId = await start(key);
    const small = await s3.send(
      new UploadPartCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId, PartNumber: 1, Body: "a" }),
    );
    const last = await s3.send(
      new UploadPartCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId, PartNumber: 2, Body: "b" }),
    );
    const complete = (Parts: { ETag: string; PartNumber: number }[]) =>
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: BUCKET,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts },
        }),
      );

    await expect(complete([{ ETag: '"0123"', PartNumber: 1 }])).rejects.toMatchObject({
      name: "InvalidPart",
    });
    await expect(
      complete([
        { ETag: last.ETag!, PartNumber: 2 },
        { ETag: small.ETag!, PartNumber: 1 },
      ]),
    ).rejects.toMatchObject({ name: "InvalidPartOrder" });
    await expect(
      complete([
        { ETag: small.ETag!, PartNumber: 1 },
        { ETag: last.ETag!, PartNumber: 2 },
      ]),
    ).rejects.toMatchObject({ name: "EntityTooSmall" });
    for (const PartNumber of [0, 10_001]) {
      await expect(
        s3.send(
          new UploadPartCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId, PartNumber, Body: "c" }),
        ),
      ).rejects.toMatchObject({ name: "InvalidArgument" });
    }
    // A single part may be any size.
    await complete([{ ETag: small.ETag!, PartNumber: 1 }]);
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(await got.Body!.transformToString()).toBe("a");
  });
});
