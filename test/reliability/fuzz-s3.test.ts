import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawExchange } from "./support/fuzz-raw-http.js";
import {
  BUCKET,
  OBJECT,
  OBJECT_BYTES,
  callS3,
  expectRawS3Answer,
  pathSegment,
  rawS3,
  s3Headers,
  s3Method,
  s3Path,
  s3Query,
} from "./support/fuzz-s3.js";
import {
  expectS3Answer,
  expectStillServing,
  startFuzzServer,
  type FuzzServer,
} from "./support/fuzz-server.js";
import { xmlBody } from "./support/fuzz-xml.js";

/*
 * Random and damaged requests against the S3 endpoint: request-targets sent byte for byte (`..`,
 * bad escapes, controls, 4 KB keys), the headers S3 reads, query strings, and XML documents (damaged,
 * huge, entity attacks). Every answer is S3's XML error with a 4xx (or the documented 501 for an
 * unemulated subresource); the server never crashes and keeps serving.
 */
const SEED = 20_260_902;
/** A key no fuzzed request can name: it must come through the run unchanged. */
const SENTINEL = "sentinel/b7c1e0d2.bin";

describe("the S3 endpoint under fuzzing", () => {
  let server: FuzzServer;
  let uploadId = "";

  beforeAll(async () => {
    server = await startFuzzServer();
    await callS3(server.url, "PUT", `/${BUCKET}`);
    await callS3(server.url, "PUT", `/${BUCKET}/${OBJECT}`, {}, OBJECT_BYTES);
    await callS3(server.url, "PUT", `/${BUCKET}/${SENTINEL}`, {}, OBJECT_BYTES);
    const created = await callS3(server.url, "POST", `/${BUCKET}/multi?uploads`);
    uploadId = /<UploadId>([^<]+)<\/UploadId>/u.exec(created.text)?.[1] ?? "";
    await callS3(server.url, "PUT", `/${BUCKET}/multi?partNumber=1&uploadId=${uploadId}`, {}, "part one");
  });
  afterAll(async () => {
    await server.close();
  });

  it("answers random request-targets, sent byte for byte, with a 4xx at worst", async () => {
    await fc.assert(
      fc.asyncProperty(
        s3Method,
        s3Path,
        fc.option(s3Query),
        fc.boolean(),
        async (method, path, query, withBody) => {
          const target = query === null || query === "" ? path : `${path}?${query}`;
          const body = withBody ? "body" : "";
          const request =
            `${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n` +
            `Content-Length: ${body.length}\r\n\r\n${body}`;
          const answer = await rawExchange(server.port, request);
          expectRawS3Answer(answer, method, `${method} ${target.slice(0, 200)}`);
        },
      ),
      { numRuns: 400, seed: SEED },
    );
  });

  it("answers bytes that are not a request line (controls, spaces, high bytes) with a 4xx", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 60 }), s3Method, async (bytes, method) => {
        const request = Buffer.concat([
          Buffer.from(`${method} /${BUCKET}/`),
          bytes,
          Buffer.from(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"),
        ]);
        expectRawS3Answer(await rawExchange(server.port, request), method, `${method} ${bytes.join(",")}`);
      }),
      { numRuns: 150, seed: SEED + 1 },
    );
  });

  it("survives a Content-Length that is more or less than the body sent", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("PUT", "POST"),
        fc.constantFrom(
          `/${BUCKET}/lying-length`,
          `/${BUCKET}?delete`,
          `/${BUCKET}/multi?uploadId=x&partNumber=1`,
        ),
        fc.nat({ max: 64 }),
        fc.nat({ max: 64 }),
        async (method, target, declared, sent) => {
          const request = Buffer.concat([
            Buffer.from(
              `${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${declared}\r\n\r\n`,
            ),
            Buffer.alloc(sent, 0x62),
          ]);
          // Fewer bytes than declared: the server rightly waits for the rest; the client gives up.
          const answer = await rawExchange(server.port, request, {
            timeoutMs: declared > sent ? 150 : 2_000,
          });
          if (declared > sent) expect(answer.status === 0 || answer.status < 500).toBe(true);
          else expectRawS3Answer(answer, method, `${method} ${target} declared ${declared} sent ${sent}`);
        },
      ),
      { numRuns: 40, seed: SEED + 6 },
    );
  });

  it("answers every combination of S3's headers on object and bucket calls as S3 XML", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("GET", "HEAD", "PUT", "DELETE", "POST"),
        fc.constantFrom(
          `/${BUCKET}/${OBJECT}`,
          `/${BUCKET}/copy-target`,
          `/${BUCKET}`,
          `/${BUCKET}/nope`,
          "/",
        ),
        s3Headers,
        fc.option(fc.uint8Array({ maxLength: 64 })),
        async (method, target, headers, body) => {
          const answer = await rawS3(server.port, method, target, headers, body ?? undefined);
          expect(answer.status, `${method} ${target} ${JSON.stringify(headers)}`).toBeGreaterThan(0);
          expectS3Answer(answer, method, `${method} ${target} ${JSON.stringify(headers)}`);
        },
      ),
      { numRuns: 400, seed: SEED + 2 },
    );
  });

  it("answers listing, multipart and subresource query strings as S3 XML", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("GET", "HEAD", "PUT", "DELETE", "POST"),
        fc.constantFrom(`/${BUCKET}`, `/${BUCKET}/multi`, `/${BUCKET}/${OBJECT}`, "/"),
        s3Query,
        async (method, path, query) => {
          const target = `${path}?${query}`;
          const answer = await callS3(server.url, method, target);
          expectS3Answer(answer, method, `${method} ${target}`);
        },
      ),
      { numRuns: 400, seed: SEED + 3 },
    );
  });

  it("answers damaged, huge and hostile XML documents without expanding entities", async () => {
    for (const root of ["Delete", "CompleteMultipartUpload"] as const) {
      const target = root === "Delete" ? `/${BUCKET}?delete` : `/${BUCKET}/multi?uploadId=${uploadId}`;
      await fc.assert(
        fc.asyncProperty(xmlBody(root), async (document) => {
          const started = performance.now();
          const answer = await callS3(
            server.url,
            "POST",
            target,
            { "content-type": "application/xml" },
            document,
          );
          expectS3Answer(answer, "POST", `${root} ${document.slice(0, 300)}`);
          // No entity is ever expanded: neither the laughs nor a file of the server's.
          expect(answer.text).not.toContain("lollollol");
          expect(answer.text).not.toContain("root:");
          expect(performance.now() - started).toBeLessThan(5_000);
        }),
        { numRuns: 150, seed: SEED + 5 },
      );
    }
  });

  it("keeps serving S3 and SageMaker afterwards, with an object nobody touched intact", async () => {
    const read = await callS3(server.url, "GET", `/${BUCKET}/${SENTINEL}`);
    expect(read.status).toBe(200);
    expect(read.text).toBe(OBJECT_BYTES.toString());
    await expectStillServing(server);
  });

  it("uses path segments that cover traversal, controls and key lengths", () => {
    // Guards the arbitraries themselves: a refactor that lost these would make the fuzzing blind.
    const segments = fc.sample(pathSegment, { numRuns: 2_000, seed: SEED });
    for (const wanted of ["..", "%2e%2e", "%00", "k".repeat(1_025)]) expect(segments).toContain(wanted);
  });
});
