import {
  CreateBucketCommand,
  DeleteBucketCommand,
  GetBucketLocationCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, TEST_CREDENTIALS, type TestServer } from "../helpers/test-server.js";

let server: TestServer;
const clients: S3Client[] = [];

const clientIn = (region: string) => {
  const client = new S3Client({
    endpoint: server.url,
    region,
    credentials: TEST_CREDENTIALS,
    forcePathStyle: true,
    maxAttempts: 1,
  });
  clients.push(client);
  return client;
};

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await server.close();
});

describe("buckets", () => {
  it("creates, lists, heads and deletes a bucket", async () => {
    const s3 = clientIn("us-east-1");
    const created = await s3.send(new CreateBucketCommand({ Bucket: "lifecycle" }));
    expect(created.Location).toBe("/lifecycle");
    const listed = await s3.send(new ListBucketsCommand({}));
    expect(listed.Buckets!.map((bucket) => bucket.Name)).toContain("lifecycle");
    expect(listed.Owner!.ID).toMatch(/^[0-9a-f]{64}$/u);
    const bucket = listed.Buckets!.find((entry) => entry.Name === "lifecycle")!;
    expect(bucket.CreationDate).toBeInstanceOf(Date);
    expect(bucket.BucketRegion).toBe("us-east-1");

    const head = await s3.send(new HeadBucketCommand({ Bucket: "lifecycle" }));
    expect(head.BucketRegion).toBe("us-east-1");

    const deleted = await s3.send(new DeleteBucketCommand({ Bucket: "lifecycle" }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    await expect(s3.send(new HeadBucketCommand({ Bucket: "lifecycle" }))).rejects.toMatchObject({
      name: "NotFound",
      $metadata: { httpStatusCode: 404 },
    });
  });

  it("takes the region from LocationConstraint, else from the signature's credential scope", async () => {
    const s3 = clientIn("ap-southeast-2");
    await s3.send(
      new CreateBucketCommand({
        Bucket: "constrained",
        CreateBucketConfiguration: { LocationConstraint: "eu-west-1" },
      }),
    );
    await s3.send(new CreateBucketCommand({ Bucket: "scoped" }));
    const constrained = await s3.send(new GetBucketLocationCommand({ Bucket: "constrained" }));
    expect(constrained.LocationConstraint).toBe("eu-west-1");
    const scoped = await s3.send(new GetBucketLocationCommand({ Bucket: "scoped" }));
    expect(scoped.LocationConstraint).toBe("ap-southeast-2");
  });

  it("answers an empty LocationConstraint for us-east-1, as S3 does", async () => {
    const s3 = clientIn("us-east-1");
    await s3.send(new CreateBucketCommand({ Bucket: "virginia" }));
    const location = await s3.send(new GetBucketLocationCommand({ Bucket: "virginia" }));
    expect(location.LocationConstraint).toBeUndefined();
    const response = await fetch(`${server.url}/virginia?location`);
    expect(await response.text()).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>',
    );
  });

  it("answers a repeated CreateBucket in us-east-1 with 200, as S3's legacy region does", async () => {
    const s3 = clientIn("us-east-1");
    await s3.send(new CreateBucketCommand({ Bucket: "twice" }));
    await s3.send(new PutObjectCommand({ Bucket: "twice", Key: "kept", Body: "still here" }));
    await s3.send(new CreateBucketCommand({ Bucket: "twice" }));
    const kept = await s3.send(new GetObjectCommand({ Bucket: "twice", Key: "kept" }));
    expect(await kept.Body?.transformToString()).toBe("still here");
  });

  it("filters ListBuckets by prefix and pages it with max-buckets", async () => {
    const s3 = clientIn("us-east-1");
    for (const name of ["page-a", "page-b", "page-c"])
      await s3.send(new CreateBucketCommand({ Bucket: name }));
    const first = await s3.send(new ListBucketsCommand({ Prefix: "page-", MaxBuckets: 2 }));
    expect(first.Buckets!.map((bucket) => bucket.Name)).toEqual(["page-a", "page-b"]);
    expect(first.ContinuationToken).toBeDefined();
    const second = await s3.send(
      new ListBucketsCommand({ Prefix: "page-", MaxBuckets: 2, ContinuationToken: first.ContinuationToken }),
    );
    expect(second.Buckets!.map((bucket) => bucket.Name)).toEqual(["page-c"]);
    expect(second.ContinuationToken).toBeUndefined();
  });

  it("refuses to delete a bucket that still holds objects", async () => {
    const s3 = clientIn("us-east-1");
    await s3.send(new CreateBucketCommand({ Bucket: "full" }));
    await s3.send(new PutObjectCommand({ Bucket: "full", Key: "k", Body: "v" }));
    await expect(s3.send(new DeleteBucketCommand({ Bucket: "full" }))).rejects.toMatchObject({
      name: "BucketNotEmpty",
      $metadata: { httpStatusCode: 409 },
    });
  });
});
