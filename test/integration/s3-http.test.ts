import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { createHash } from "node:crypto";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeAwsChunked } from "../../server/s3/aws-chunked.js";
import { parseXml } from "../../server/s3/xml.js";
import { s3ClientFor } from "../helpers/job-fixtures.js";
import { startTestServer, type TestServer } from "../helpers/test-server.js";

const BUCKET = "http-level";
let server: TestServer;
let s3: S3Client;

beforeAll(async () => {
  server = await startTestServer();
  s3 = s3ClientFor(server);
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "hello.txt", Body: "hello" }));
});

afterAll(async () => {
  s3.destroy();
  await server.close();
});

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  continued: boolean;
}

/**
 * node:http, not fetch: fetch resolves `..` in paths and will not send a Host header of our
 * choosing. With `expect100`, the body is written only after the server's 100 Continue.
 */
function raw(
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: Buffer | string; expect100?: boolean } = {},
): Promise<RawResponse> {
  const { port } = server;
  return new Promise((resolve, reject) => {
    let continued = false;
    const body = options.body ?? "";
    const request = httpRequest(
      {
        host: "127.0.0.1",
        port,
        method,
        path,
        headers: {
          "content-length": String(Buffer.byteLength(body)),
          ...(options.expect100 ? { expect: "100-continue" } : {}),
          ...options.headers,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString("utf8"),
            continued,
          });
        });
      },
    );
    request.on("error", reject);
    if (options.expect100) {
      request.on("continue", () => {
        continued = true;
        request.end(body);
      });
    } else {
      request.end(body);
    }
  });
}

describe("addressing", () => {
  it("serves virtual-host requests (Host: <bucket>.localhost:<port>)", async () => {
    const host = `${BUCKET}.localhost:${server.port}`;
    const put = await raw("PUT", "/virtual/key%20one.txt", { headers: { host }, body: "via host" });
    expect(put.status).toBe(200);
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "virtual/key one.txt" }));
    expect(await got.Body!.transformToString()).toBe("via host");
    const listed = await raw("GET", "/?list-type=2&prefix=virtual/", { headers: { host } });
    expect(listed.status).toBe(200);
    expect(parseXml(listed.body, "ListBucketResult").children("Contents")[0]!.text("Key")).toBe(
      "virtual/key one.txt",
    );
  });

  it("keeps `..` and `.` path segments as part of the key (no URL normalization)", async () => {
    const put = await raw("PUT", `/${BUCKET}/a/../b/./c`, { body: "dotted" });
    expect(put.status).toBe(200);
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "a/../b/./c" }));
    expect(await got.Body!.transformToString()).toBe("dotted");
    await expect(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "b/c" }))).rejects.toMatchObject({
      name: "NoSuchKey",
    });
  });
});

describe("request bodies", () => {
  it("waits for Expect: 100-continue and then stores the body", async () => {
    const put = await raw("PUT", `/${BUCKET}/continued.txt`, { body: "after continue", expect100: true });
    expect(put).toMatchObject({ status: 200, continued: true });
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "continued.txt" }));
    expect(await got.Body!.transformToString()).toBe("after continue");
  });

  it("decodes a signed aws-chunked body with a trailer (STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER)", async () => {
    const payload = Buffer.from("signed streaming payload");
    const body = Buffer.concat([
      Buffer.from(`10;chunk-signature=${"a".repeat(64)}\r\n`),
      payload.subarray(0, 16),
      Buffer.from(`\r\n8;chunk-signature=${"b".repeat(64)}\r\n`),
      payload.subarray(16),
      Buffer.from(`\r\n0;chunk-signature=${"c".repeat(64)}\r\n`),
      Buffer.from("x-amz-checksum-sha256:" + "Wvz1Bf9dwNNBkxVhdcr/y5Je/QBS1/4C7K9Psh5AJRo=\r\n"),
      Buffer.from(`x-amz-trailer-signature:${"d".repeat(64)}\r\n\r\n`),
    ]);
    const put = await raw("PUT", `/${BUCKET}/signed-stream.txt`, {
      headers: {
        "content-encoding": "aws-chunked",
        "x-amz-content-sha256": "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
        "x-amz-decoded-content-length": String(payload.length),
        "x-amz-trailer": "x-amz-checksum-sha256",
      },
      body,
    });
    // The trailer's SHA-256 is deliberately not this payload's: the engine verifies SHA-256.
    expect(put.status).toBe(400);
    expect(parseXml(put.body, "Error").text("Code")).toBe("BadDigest");

    const sha256 = createHash("sha256").update(payload).digest("base64");
    const good = await raw("PUT", `/${BUCKET}/signed-stream.txt`, {
      headers: {
        "content-encoding": "aws-chunked",
        "x-amz-content-sha256": "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
        "x-amz-decoded-content-length": String(payload.length),
        "x-amz-trailer": "x-amz-checksum-sha256",
      },
      body: encodeAwsChunked([payload.subarray(0, 5), payload.subarray(5)], {
        "x-amz-checksum-sha256": sha256,
      }),
    });
    expect(good.status).toBe(200);
    const got = await s3.send(
      new GetObjectCommand({ Bucket: BUCKET, Key: "signed-stream.txt", ChecksumMode: "ENABLED" }),
    );
    expect(await got.Body!.transformToString()).toBe("signed streaming payload");
    expect(got.ChecksumSHA256).toBe(sha256);
  });

  it("refuses a declared trailer checksum that never arrives, and a short body", async () => {
    const headers = {
      "content-encoding": "aws-chunked",
      "x-amz-content-sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
      "x-amz-decoded-content-length": "3",
      "x-amz-trailer": "x-amz-checksum-crc32",
    };
    const noTrailer = await raw("PUT", `/${BUCKET}/no-trailer`, {
      headers,
      body: encodeAwsChunked([Buffer.from("abc")]),
    });
    expect(parseXml(noTrailer.body, "Error").text("Code")).toBe("MalformedTrailerError");
    const short = await raw("PUT", `/${BUCKET}/short`, {
      headers: { ...headers, "x-amz-decoded-content-length": "4" },
      body: encodeAwsChunked([Buffer.from("abc")], { "x-amz-checksum-crc32": "NSRBwg==" }),
    });
    expect(parseXml(short.body, "Error").text("Code")).toBe("IncompleteBody");
  });

  it("refuses an upload to a missing bucket without reading it, and the client carries on", async () => {
    const body = Buffer.alloc(4 * 1024 * 1024, 0x78);
    await expect(
      s3.send(new PutObjectCommand({ Bucket: "no-such-bucket", Key: "k", Body: body })),
    ).rejects.toMatchObject({
      name: "NoSuchBucket",
    });
    const refused = await raw("PUT", "/no-such-bucket/k", { body, expect100: true });
    expect(refused.status).toBe(404);
    expect(refused.headers.connection).toBe("close");
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "hello.txt" }));
    expect(await got.Body!.transformToString()).toBe("hello");
  });

  it("checks a hex x-amz-content-sha256 against the body", async () => {
    const put = await raw("PUT", `/${BUCKET}/sha`, {
      headers: { "x-amz-content-sha256": "0".repeat(64) },
      body: "abc",
    });
    expect(put.status).toBe(400);
    expect(parseXml(put.body, "Error").text("Code")).toBe("XAmzContentSHA256Mismatch");
  });

  it("checks a streamed body's x-amz-content-sha256 where it is written, and keeps nothing of a mismatch", async () => {
    // Over 64 KiB, the body streams into the engine, which hashes it off the event loop.
    const body = Buffer.alloc(3 * 1024 * 1024 + 1, 0x61);
    const computed = createHash("sha256").update(body).digest("hex");
    const wrong = "0".repeat(64);
    const put = await raw("PUT", `/${BUCKET}/streamed-sha`, {
      headers: { "x-amz-content-sha256": wrong },
      body,
    });
    expect(put.status).toBe(400);
    const error = parseXml(put.body, "Error");
    expect(error.text("Code")).toBe("XAmzContentSHA256Mismatch");
    expect(error.text("ClientComputedContentSHA256")).toBe(wrong);
    expect(error.text("S3ComputedContentSHA256")).toBe(computed);
    expect((await raw("HEAD", `/${BUCKET}/streamed-sha`)).status).toBe(404);

    const matching = await raw("PUT", `/${BUCKET}/streamed-sha`, {
      headers: { "x-amz-content-sha256": computed.toUpperCase() },
      body,
    });
    expect(matching.status).toBe(200);
    expect(matching.headers.etag).toBe(`"${createHash("md5").update(body).digest("hex")}"`);
  });

  it("requires Content-Length on PutObject, as S3 does", async () => {
    const response = await fetch(`${server.url}/${BUCKET}/unknown-length`, {
      method: "PUT",
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode("streamed"));
          controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(411);
    expect(parseXml(await response.text(), "Error").text("Code")).toBe("MissingContentLength");
  });
});

describe("CORS", () => {
  it("answers a preflight with the allowed methods and the requested headers", async () => {
    const response = await fetch(`${server.url}/${BUCKET}/hello.txt`, {
      method: "OPTIONS",
      headers: {
        origin: "http://localhost:5173",
        "access-control-request-method": "PUT",
        "access-control-request-headers": "content-type,x-amz-meta-label",
      },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-methods")).toBe("GET, PUT, POST, DELETE, HEAD");
    expect(response.headers.get("access-control-allow-headers")).toBe("content-type,x-amz-meta-label");
  });

  it("lets scripts on another origin read media responses and their range headers", async () => {
    const response = await fetch(`${server.url}/${BUCKET}/hello.txt`, {
      headers: { origin: "http://localhost:5173", range: "bytes=0-1" },
    });
    expect(response.status).toBe(206);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const exposed = response.headers.get("access-control-expose-headers")!.split(", ");
    expect(exposed).toEqual(
      expect.arrayContaining([
        "ETag",
        "Content-Length",
        "Content-Range",
        "Accept-Ranges",
        "x-amz-request-id",
      ]),
    );
    await response.arrayBuffer();
  });

  it("refuses a preflight without Origin as S3 does", async () => {
    const response = await fetch(`${server.url}/${BUCKET}/hello.txt`, { method: "OPTIONS" });
    expect(response.status).toBe(400);
  });
});

describe("what gt-local does not emulate", () => {
  it("answers unsupported subresources with 501 NotImplemented naming them", async () => {
    for (const [method, path, name] of [
      ["GET", `/${BUCKET}?acl`, "?acl"],
      ["PUT", `/${BUCKET}?versioning`, "?versioning"],
      ["GET", `/${BUCKET}/hello.txt?tagging`, "?tagging"],
      ["GET", `/${BUCKET}?uploads`, "ListMultipartUploads"],
    ] as const) {
      const response = await fetch(`${server.url}${path}`, { method });
      expect(response.status, path).toBe(501);
      const error = parseXml(await response.text(), "Error");
      expect(error.text("Code")).toBe("NotImplemented");
      expect(error.text("Message")).toContain(name);
    }
  });
});
