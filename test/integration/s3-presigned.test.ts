import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../emulator/clock.js";
import { parseXml } from "../../server/s3/xml.js";
import { startTestServer, TEST_CREDENTIALS, type TestServer } from "../helpers/test-server.js";

const BUCKET = "presigned";
const clock = new ManualClock(new Date("2026-03-01T10:00:00.000Z"));
let server: TestServer;
let s3: S3Client;

beforeAll(async () => {
  server = await startTestServer({ clock });
  s3 = new S3Client({
    endpoint: server.url,
    region: "eu-west-1",
    credentials: TEST_CREDENTIALS,
    forcePathStyle: true,
    maxAttempts: 1,
  });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "media/frame 1.jpg", Body: "jpeg bytes" }));
});

afterAll(async () => {
  s3.destroy();
  await server.close();
});

/** Presigned on the emulator's clock, as gt-local's own template filters will sign. */
const presign = (command: GetObjectCommand | PutObjectCommand, expiresIn: number) =>
  getSignedUrl(s3, command, { expiresIn, signingDate: clock.now() });

describe("presigned URLs", () => {
  it("serve a GET to plain fetch (any credentials are accepted)", async () => {
    const url = await presign(new GetObjectCommand({ Bucket: BUCKET, Key: "media/frame 1.jpg" }), 300);
    expect(url).toContain("X-Amz-Signature=");
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("jpeg bytes");
  });

  it("accept a PUT from plain fetch", async () => {
    const url = await presign(new PutObjectCommand({ Bucket: BUCKET, Key: "uploads/answer.json" }), 300);
    const put = await fetch(url, { method: "PUT", body: '{"label":"cat"}' });
    expect(put.status).toBe(200);
    expect(put.headers.get("etag")).toMatch(/^"[0-9a-f]{32}"$/u);
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "uploads/answer.json" }));
    expect(await got.Body!.transformToString()).toBe('{"label":"cat"}');
  });

  it("expire on the emulator's clock: valid through X-Amz-Date + X-Amz-Expires, then 403 AccessDenied", async () => {
    const url = await presign(new GetObjectCommand({ Bucket: BUCKET, Key: "media/frame 1.jpg" }), 60);
    clock.advance(60_000);
    expect((await fetch(url)).status).toBe(200);
    clock.advance(1_000);
    const response = await fetch(url);
    expect(response.status).toBe(403);
    expect(response.headers.get("content-type")).toBe("application/xml");
    const error = parseXml(await response.text(), "Error");
    expect(error.text("Code")).toBe("AccessDenied");
    expect(error.text("Message")).toBe("Request has expired");
    expect(error.text("X-Amz-Expires")).toBe("60");
    expect(error.text("Expires")).toBe("2026-03-01T10:01:00Z");
    expect(error.text("ServerTime")).toBe("2026-03-01T10:01:01Z");
    expect(error.text("Resource")).toBe(`/${BUCKET}/media/frame 1.jpg`);
  });

  it("refuse X-Amz-Expires beyond a week with AuthorizationQueryParametersError", async () => {
    const url = new URL(
      await presign(new GetObjectCommand({ Bucket: BUCKET, Key: "media/frame 1.jpg" }), 604_800),
    );
    expect((await fetch(url)).status).toBe(200);
    url.searchParams.set("X-Amz-Expires", "604801");
    const response = await fetch(url);
    expect(response.status).toBe(400);
    expect(parseXml(await response.text(), "Error").text("Code")).toBe("AuthorizationQueryParametersError");
  });
});
