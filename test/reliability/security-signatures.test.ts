import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { ListWorkteamsCommand } from "@aws-sdk/client-sagemaker";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, TEST_CREDENTIALS, type TestServer } from "../helpers/test-server.js";
import {
  failureOf,
  KEYS,
  s3ErrorOf,
  s3For,
  sagemakerFor,
  signByHand,
  UNKNOWN_KEY,
  WRONG_SECRET,
} from "./support/security-signing.js";

/**
 * `--verify-signatures`: the real SDK clients signing with configured keys work as ever; a wrong
 * secret, an unknown key id, no signature, a changed body or a clock 15 minutes off are refused
 * with AWS's own error codes, on both protocols (presigned URLs: security-signatures-presigned).
 */

const BUCKET = "verified";
const LIST = new ListWorkteamsCommand({});
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ verifySignatures: true, accessKeys: KEYS });
  await s3For(server, TEST_CREDENTIALS).send(new CreateBucketCommand({ Bucket: BUCKET }));
});
afterAll(async () => {
  await server.close();
});

describe("SageMaker with --verify-signatures", () => {
  it("answers requests signed by each configured key (and with a session token)", async () => {
    for (const key of KEYS) {
      const answer = await sagemakerFor(server, key).send(LIST);
      expect(answer.Workteams?.map((team) => team.WorkteamName)).toEqual(["example-team"]);
    }
    const temporary = { ...KEYS[1]!, sessionToken: "FwoGZXIvYXdzEBYaDH" };
    await expect(sagemakerFor(server, temporary).send(LIST)).resolves.toHaveProperty("Workteams");
  });

  it("refuses a wrong secret with InvalidSignatureException", async () => {
    expect(await failureOf(sagemakerFor(server, WRONG_SECRET).send(LIST))).toEqual({
      name: "InvalidSignatureException",
      status: 400,
      message:
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
    });
  });

  it("refuses an unknown key id with UnrecognizedClientException", async () => {
    expect(await failureOf(sagemakerFor(server, UNKNOWN_KEY).send(LIST))).toEqual({
      name: "UnrecognizedClientException",
      status: 400,
      message: "The security token included in the request is invalid.",
    });
  });

  it("refuses an unsigned request with MissingAuthenticationTokenException", async () => {
    const response = await fetch(`${server.url}/`, {
      method: "POST",
      headers: { "x-amz-target": "SageMaker.ListWorkteams", "content-type": "application/x-amz-json-1.1" },
      body: "{}",
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ __type: "MissingAuthenticationTokenException" });
  });

  it("refuses a body changed after signing", async () => {
    const body = JSON.stringify({ NameContains: "example" });
    const headers = await signByHand(server, {
      method: "POST",
      path: "/",
      service: "sagemaker",
      credentials: TEST_CREDENTIALS,
      headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "SageMaker.ListWorkteams" },
      body,
    });
    const honest = await fetch(`${server.url}/`, { method: "POST", headers, body });
    expect(honest.status).toBe(200);
    const tampered = await fetch(`${server.url}/`, {
      method: "POST",
      headers,
      body: body.replace("ex", "EX"),
    });
    expect(tampered.status).toBe(400);
    expect(await tampered.json()).toMatchObject({ __type: "InvalidSignatureException" });
  });

  it("refuses a signature more than 15 minutes old: Signature expired", async () => {
    const signingDate = new Date(Date.now() - 16 * 60_000);
    const headers = await signByHand(server, {
      method: "POST",
      path: "/",
      service: "sagemaker",
      credentials: TEST_CREDENTIALS,
      headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "SageMaker.ListWorkteams" },
      body: "{}",
      signingDate,
    });
    const response = await fetch(`${server.url}/`, { method: "POST", headers, body: "{}" });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { __type: string; message: string };
    expect(body.__type).toBe("InvalidSignatureException");
    expect(body.message).toMatch(
      /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/u,
    );
  });

  it("refuses a key scoped to another service", async () => {
    const headers = await signByHand(server, {
      method: "POST",
      path: "/",
      service: "s3",
      credentials: TEST_CREDENTIALS,
      headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "SageMaker.ListWorkteams" },
      body: "{}",
    });
    const response = await fetch(`${server.url}/`, { method: "POST", headers, body: "{}" });
    expect(await response.json()).toMatchObject({
      __type: "InvalidSignatureException",
      message: "Credential should be scoped to correct service: 'sagemaker'. ",
    });
  });
});

describe("S3 with --verify-signatures", () => {
  it("serves every operation to a configured key: keys with spaces, pluses, unicode and dots", async () => {
    const s3 = s3For(server, KEYS[1]!);
    const keys = [
      "plain.txt",
      "with space/and+plus.txt",
      "unicode/é 漢字 ☃.txt",
      "a/../b/./c//d.txt",
      "q?x=1&y=%2F",
    ];
    for (const key of keys) {
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: `body of ${key}` }));
      const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
      expect(await got.Body!.transformToString()).toBe(`body of ${key}`);
    }
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "with space/", Delimiter: "/" }),
    );
    expect(listed.Contents?.map((object) => object.Key)).toEqual(["with space/and+plus.txt"]);
    await s3.send(
      new CopyObjectCommand({ Bucket: BUCKET, Key: "copy.txt", CopySource: `${BUCKET}/plain.txt` }),
    );
    const removed = await s3.send(
      new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: [{ Key: "copy.txt" }] } }),
    );
    expect(removed.Deleted?.map((entry) => entry.Key)).toEqual(["copy.txt"]);
  });

  it("takes aws-chunked streaming uploads and multipart uploads", async () => {
    const s3 = s3For(server, TEST_CREDENTIALS);
    const bytes = Buffer.alloc(200_000, 7);
    await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: "streamed.bin",
        Body: Readable.from([bytes]),
        ContentLength: bytes.length,
      }),
    );
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "streamed.bin" }));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(bytes)).toBe(true);
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: "parts.bin" }),
    );
    const part = await s3.send(
      new UploadPartCommand({ Bucket: BUCKET, Key: "parts.bin", UploadId, PartNumber: 1, Body: "only part" }),
    );
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: BUCKET,
        Key: "parts.bin",
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
      }),
    );
  });

  it("checks the seed signature of a STREAMING-AWS4-HMAC-SHA256-PAYLOAD upload", async () => {
    const body =
      "9;chunk-signature=" +
      "0".repeat(64) +
      "\r\nsigned me\r\n0;chunk-signature=" +
      "0".repeat(64) +
      "\r\n\r\n";
    const streamingHeaders = {
      "x-amz-content-sha256": "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
      "content-encoding": "aws-chunked",
      "x-amz-decoded-content-length": "9",
      "content-length": String(body.length),
    };
    const put = async (credentials: typeof TEST_CREDENTIALS) =>
      fetch(`${server.url}/${BUCKET}/seed-signed.txt`, {
        method: "PUT",
        headers: await signByHand(server, {
          method: "PUT",
          path: `/${BUCKET}/seed-signed.txt`,
          service: "s3",
          credentials,
          headers: streamingHeaders,
        }),
        body,
      });
    expect((await put(TEST_CREDENTIALS)).status).toBe(200);
    expect(await s3ErrorOf(await put(WRONG_SECRET))).toMatchObject({
      status: 403,
      code: "SignatureDoesNotMatch",
    });
  });

  it("refuses a wrong secret with SignatureDoesNotMatch and an unknown key with InvalidAccessKeyId", async () => {
    const command = new GetObjectCommand({ Bucket: BUCKET, Key: "plain.txt" });
    expect(await failureOf(s3For(server, WRONG_SECRET).send(command))).toMatchObject({
      name: "SignatureDoesNotMatch",
      status: 403,
    });
    expect(await failureOf(s3For(server, UNKNOWN_KEY).send(command))).toMatchObject({
      name: "InvalidAccessKeyId",
      status: 403,
      message: "The AWS Access Key Id you provided does not exist in our records.",
    });
  });

  it("refuses unsigned requests with AccessDenied and SigV2 with InvalidRequest", async () => {
    expect(await s3ErrorOf(await fetch(`${server.url}/${BUCKET}/plain.txt`))).toMatchObject({
      status: 403,
      code: "AccessDenied",
    });
    const v2 = `${server.url}/${BUCKET}/plain.txt?AWSAccessKeyId=${TEST_CREDENTIALS.accessKeyId}&Expires=4102444800&Signature=abc%3D`;
    const refused = await s3ErrorOf(await fetch(v2));
    expect(refused).toMatchObject({ status: 400, code: "InvalidRequest" });
    expect(refused.text).toContain("Please use AWS4-HMAC-SHA256.");
  });

  it("refuses a body that does not match its signed x-amz-content-sha256", async () => {
    const xml = `<Delete><Object><Key>plain.txt</Key></Object></Delete>`;
    const headers = await signByHand(server, {
      method: "POST",
      path: `/${BUCKET}`,
      query: { delete: "" },
      service: "s3",
      credentials: TEST_CREDENTIALS,
      headers: { "content-type": "application/xml" },
      body: xml,
    });
    const tampered = xml.replace("plain.txt", "copy.txt");
    const response = await fetch(`${server.url}/${BUCKET}?delete`, {
      method: "POST",
      headers,
      body: tampered,
    });
    expect(await s3ErrorOf(response)).toMatchObject({ status: 400, code: "XAmzContentSHA256Mismatch" });
  });

  it("refuses a header signature 15 minutes off with RequestTimeTooSkewed, giving the server's time", async () => {
    const failure = await failureOf(
      s3For(server, TEST_CREDENTIALS, { systemClockOffset: -16 * 60_000 }).send(
        new GetObjectCommand({ Bucket: BUCKET, Key: "plain.txt" }),
      ),
    );
    expect(failure).toMatchObject({ name: "RequestTimeTooSkewed", status: 403 });
  });
});
