import { ListBucketsCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAll } from "../../emulator/objects/object-store.js";
import { S3RVER_CREDENTIALS, startS3rver } from "../helpers/s3rver.js";
import { s3ClientFor } from "../helpers/job-fixtures.js";
import { startTestServer, type TestServer } from "../helpers/test-server.js";

describe("gt-local with an external S3 (s3rver)", () => {
  let s3rver: Awaited<ReturnType<typeof startS3rver>>;
  let server: TestServer;

  beforeAll(async () => {
    s3rver = await startS3rver();
    server = await startTestServer({
      s3Endpoint: s3rver.endpoint,
      s3ForcePathStyle: true,
      s3Credentials: S3RVER_CREDENTIALS,
    });
  });
  afterAll(async () => {
    await server.close();
    await s3rver.stop();
  });

  it("keeps the core's objects in the external S3", async () => {
    const { objects } = server.emulator;
    expect(objects.kind).toBe("external");
    await objects.ensureBucket("jobs");
    await objects.put(
      { bucket: "jobs", key: "manifests/input.manifest" },
      '{"source-ref":"s3://jobs/a.mp4"}\n',
    );
    const external = new S3Client({
      endpoint: s3rver.endpoint,
      region: "us-east-1",
      credentials: S3RVER_CREDENTIALS,
      forcePathStyle: true,
      maxAttempts: 1,
    });
    const buckets = await external.send(new ListBucketsCommand({}));
    expect(buckets.Buckets?.map((bucket) => bucket.Name)).toContain("jobs");
    external.destroy();
    const { body } = await objects.get({ bucket: "jobs", key: "manifests/input.manifest" });
    expect((await readAll(body)).toString()).toContain("source-ref");
  });

  it("signs browser URLs for the external endpoint", async () => {
    const url = await server.emulator.urlSigner.presignGet(
      { bucket: "jobs", key: "manifests/input.manifest" },
      60,
    );
    expect(url.startsWith(`${s3rver.endpoint}/jobs/manifests/input.manifest?`)).toBe(true);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("source-ref");
  });

  it("points S3 clients that call gt-local at the external endpoint", async () => {
    const s3 = s3ClientFor(server);
    await expect(s3.send(new ListBucketsCommand({}))).rejects.toMatchObject({
      name: "InvalidRequest",
      message: `gt-local keeps objects in the external S3 at ${s3rver.endpoint}; send S3 requests there.`,
    });
    s3.destroy();
  });
});
