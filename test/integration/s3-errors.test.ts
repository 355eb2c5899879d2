import {
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseXml } from "../../server/s3/xml.js";
import { s3ClientFor } from "../helpers/job-fixtures.js";
import { startTestServer, type TestServer } from "../helpers/test-server.js";

const BUCKET = "errors";
/** Outside us-east-1, where S3 answers a repeated CreateBucket with BucketAlreadyOwnedByYou. */
const EU_BUCKET = "errors-eu";
const EU_CONFIGURATION =
  "<CreateBucketConfiguration><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>";
let server: TestServer;
let s3: S3Client;
let uploadId: string;

beforeAll(async () => {
  server = await startTestServer();
  s3 = s3ClientFor(server);
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await s3.send(
    new CreateBucketCommand({
      Bucket: EU_BUCKET,
      CreateBucketConfiguration: { LocationConstraint: "eu-west-1" },
    }),
  );
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "present.txt", Body: "0123456789" }));
  const upload = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: "big.bin" }));
  uploadId = upload.UploadId!;
  await s3.send(
    new UploadPartCommand({ Bucket: BUCKET, Key: "big.bin", UploadId: uploadId, PartNumber: 1, Body: "p" }),
  );
});

afterAll(async () => {
  s3.destroy();
  await server.close();
});

interface ParsedError {
  status: number;
  contentType: string | null;
  requestIdHeader: string | null;
  fields: Record<string, string | undefined>;
}

const FIELDS = ["Code", "Message", "Resource", "BucketName", "Key", "UploadId", "RequestId", "HostId"];

async function s3Error(method: string, path: string, body?: string, headers?: Record<string, string>) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    ...(body === undefined ? {} : { body }),
    ...(headers === undefined ? {} : { headers }),
  });
  const text = await response.text();
  expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?><Error>'), text).toBe(true);
  const error = parseXml(text, "Error");
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    requestIdHeader: response.headers.get("x-amz-request-id"),
    fields: Object.fromEntries(FIELDS.map((name) => [name, error.text(name)])),
  } satisfies ParsedError;
}

describe("S3 error XML", () => {
  const cases: [string, () => [string, string, string?], number, Record<string, string>][] = [
    [
      "NoSuchBucket",
      () => ["GET", "/missing-bucket?list-type=2"],
      404,
      {
        Message: "The specified bucket does not exist",
        BucketName: "missing-bucket",
        Resource: "/missing-bucket",
      },
    ],
    [
      "NoSuchKey",
      () => ["GET", `/${BUCKET}/missing%20key.txt`],
      404,
      {
        Message: "The specified key does not exist.",
        Key: "missing key.txt",
        Resource: `/${BUCKET}/missing key.txt`,
      },
    ],
    [
      "BucketAlreadyOwnedByYou",
      () => ["PUT", `/${EU_BUCKET}`, EU_CONFIGURATION],
      409,
      {
        Message: "Your previous request to create the named bucket succeeded and you already own it.",
        BucketName: EU_BUCKET,
        Resource: `/${EU_BUCKET}`,
      },
    ],
    [
      "BucketNotEmpty",
      () => ["DELETE", `/${BUCKET}`],
      409,
      { Message: "The bucket you tried to delete is not empty", BucketName: BUCKET, Resource: `/${BUCKET}` },
    ],
    [
      "InvalidBucketName",
      () => ["PUT", "/Not_A_Valid_Bucket"],
      400,
      {
        Message: "The specified bucket is not valid.",
        BucketName: "Not_A_Valid_Bucket",
        Resource: "/Not_A_Valid_Bucket",
      },
    ],
    [
      "NoSuchUpload",
      () => ["GET", `/${BUCKET}/big.bin?uploadId=nope`],
      404,
      {
        Message:
          "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
        UploadId: "nope",
        Resource: `/${BUCKET}/big.bin`,
      },
    ],
    [
      "InvalidPart",
      () => [
        "POST",
        `/${BUCKET}/big.bin?uploadId=${encodeURIComponent(uploadId)}`,
        '<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"0000"</ETag></Part></CompleteMultipartUpload>',
      ],
      400,
      {
        Message:
          "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not have matched the part's entity tag.",
        Resource: `/${BUCKET}/big.bin`,
      },
    ],
    [
      "MalformedXML",
      () => ["POST", `/${BUCKET}?delete`, "<Delete><Object><Key>k</Key></Delete>"],
      400,
      {
        Message: "The XML you provided was not well-formed or did not validate against our published schema",
        Resource: `/${BUCKET}`,
      },
    ],
  ];

  it.each(cases)("%s", async (code, request, status, fields) => {
    const [method, path, body] = request();
    const error = await s3Error(method, path, body);
    expect(error.status).toBe(status);
    expect(error.contentType).toBe("application/xml");
    expect(error.fields).toMatchObject({ Code: code, ...fields });
    expect(error.fields.RequestId).toBe(error.requestIdHeader);
    expect(error.fields.HostId).toMatch(/\S+/u);
  });

  it("InvalidRange", async () => {
    const error = await s3Error("GET", `/${BUCKET}/present.txt`, undefined, { range: "bytes=10-" });
    expect(error.status).toBe(416);
    expect(error.fields).toMatchObject({
      Code: "InvalidRange",
      Message: "The requested range is not satisfiable",
      Resource: `/${BUCKET}/present.txt`,
    });
  });

  it("AccessDenied", async () => {
    const expired = new URLSearchParams({
      "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
      "X-Amz-Credential": "AKIDEXAMPLE/20200101/us-east-1/s3/aws4_request",
      "X-Amz-Date": "20200101T000000Z",
      "X-Amz-Expires": "60",
      "X-Amz-SignedHeaders": "host",
      "X-Amz-Signature": "0".repeat(64),
    });
    const error = await s3Error("GET", `/${BUCKET}/present.txt?${expired.toString()}`);
    expect(error.status).toBe(403);
    expect(error.fields).toMatchObject({
      Code: "AccessDenied",
      Message: "Request has expired",
      Resource: `/${BUCKET}/present.txt`,
    });
  });

  it("MethodNotAllowed for a method objects do not have", async () => {
    const error = await s3Error("PATCH", `/${BUCKET}/present.txt`);
    expect(error.fields.Code).toBe("MethodNotAllowed");
    expect(error.status).toBe(405);
  });
});

describe("HEAD errors", () => {
  it("carry the status and headers but no body", async () => {
    for (const [path, status] of [
      [`/${BUCKET}/missing.txt`, 404],
      ["/missing-bucket", 404],
      ["/missing-bucket/key", 404],
    ] as const) {
      const response = await fetch(`${server.url}${path}`, { method: "HEAD" });
      expect(response.status, path).toBe(status);
      expect(response.headers.get("x-amz-request-id"), path).toMatch(/\S+/u);
      expect(await response.text(), path).toBe("");
    }
  });

  it("a failed HEAD precondition is a bodiless 412", async () => {
    const response = await fetch(`${server.url}/${BUCKET}/present.txt`, {
      method: "HEAD",
      headers: { "if-match": '"nope"' },
    });
    expect(response.status).toBe(412);
    expect(await response.text()).toBe("");
  });
});
