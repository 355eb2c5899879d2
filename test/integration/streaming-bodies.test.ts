import { createHash } from "node:crypto";
import { request as httpRequest } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/test-server.js";

const GiB = 1024 ** 3;
const CHUNK = 1024 * 1024;

/** A body generated on the fly, one 1 MiB chunk at a time: never held in memory at once. */
async function* generatedBody(size: number, hash: ReturnType<typeof createHash>): AsyncGenerator<Buffer> {
  for (let sent = 0; sent < size; sent += CHUNK) {
    const chunk = Buffer.alloc(Math.min(CHUNK, size - sent));
    // Vary the bytes so a mixed-up chunk order would change the digest.
    chunk.writeUInt32BE(sent / CHUNK, 0);
    hash.update(chunk);
    await Promise.resolve();
    yield chunk;
  }
}

/** PUT through node:http with stream backpressure (undici's fetch reads a stream body eagerly). */
async function put(url: string, size: number, hash: ReturnType<typeof createHash>) {
  return new Promise<{ status: number; etag: string | undefined }>((resolve, reject) => {
    const request = httpRequest(
      url,
      { method: "PUT", headers: { "content-length": String(size) } },
      (response) => {
        response.resume();
        response.on("end", () => {
          resolve({ status: response.statusCode ?? 0, etag: response.headers.etag });
        });
      },
    );
    pipeline(Readable.from(generatedBody(size, hash)), request).catch(reject);
  });
}

/** Samples this process's resident memory while `work` runs; returns the peak growth in bytes. */
async function peakRssGrowth(work: () => Promise<void>): Promise<number> {
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, process.memoryUsage().rss) - baseline;
}

describe("bodies stream through the embedded S3", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await fetch(`${server.url}/big`, { method: "PUT" });
  });
  afterAll(async () => {
    await server.close();
  });

  it("PUTs and GETs 1 GiB with flat memory and the same bytes", async () => {
    const sentHash = createHash("md5");
    const putGrowth = await peakRssGrowth(async () => {
      const response = await put(`${server.url}/big/one-gib.bin`, GiB, sentHash);
      expect(response.status).toBe(200);
      expect(response.etag).toBe(`"${sentHash.copy().digest("hex")}"`);
    });

    const receivedHash = createHash("md5");
    let received = 0;
    const getGrowth = await peakRssGrowth(async () => {
      const response = await fetch(`${server.url}/big/one-gib.bin`);
      expect(response.status).toBe(200);
      if (!response.body) throw new Error("no body");
      const reader = response.body.getReader();
      for (let next = await reader.read(); !next.done; next = await reader.read()) {
        receivedHash.update(next.value);
        received += next.value.byteLength;
      }
    });

    expect(received).toBe(GiB);
    expect(receivedHash.digest("hex")).toBe(sentHash.digest("hex"));
    // Buffering the body would grow memory by ~1 GiB; streaming stays within a few dozen MiB.
    expect(putGrowth).toBeLessThan(200 * 1024 * 1024);
    expect(getGrowth).toBeLessThan(200 * 1024 * 1024);
  }, 180_000);
});
