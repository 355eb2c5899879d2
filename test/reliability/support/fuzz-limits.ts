import { request as httpRequest } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { rawExchange, streamUntilAnswered, type RawAnswer } from "./fuzz-raw-http.js";

/*
 * Helpers for the limits' edge tests: documents of an exact byte size, over-size bodies declared or
 * streamed, and memory measured while the server works.
 */

export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;

/** The JSON text padded with trailing spaces (still valid JSON) to exactly `size` bytes. */
export function padded(json: string, size: number): string {
  const length = Buffer.byteLength(json);
  if (length > size) throw new Error(`${json.slice(0, 40)} is already ${length} bytes`);
  return json + " ".repeat(size - length);
}

/**
 * A request that declares a body of `declaredBytes` and sends none of it: a server that checks the
 * declared size answers at once; one that reads first waits for bytes that never come, and the
 * exchange ends with no answer after `timeoutMs`.
 */
export function declareOnly(
  port: number,
  head: string,
  declaredBytes: number,
  timeoutMs = 3_000,
): Promise<RawAnswer> {
  return rawExchange(port, `${head}Connection: close\r\nContent-Length: ${declaredBytes}\r\n\r\n`, {
    timeoutMs,
  });
}

/**
 * Streams a chunked body of 64 KiB chunks (up to `maxBytes`) until the server answers. Returns the
 * answer and how much had been sent by then: far less than `maxBytes` when the cap is checked as
 * the bytes arrive.
 */
export function streamChunked(port: number, head: string, fill: number, maxBytes: number) {
  const chunk = Buffer.alloc(64 * KiB, fill);
  const frame = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")]);
  return streamUntilAnswered(port, `${head}Transfer-Encoding: chunked\r\n\r\n`, () => frame, maxBytes, {
    last: Buffer.from("0\r\n\r\n"),
  });
}

/** Samples this process's resident memory while `work` runs; returns the peak growth in bytes. */
export async function peakRssGrowth(work: () => Promise<void>): Promise<number> {
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, process.memoryUsage().rss) - baseline;
}

/** PUTs `size` bytes of `fill` to `url` as a stream (node:http, with backpressure): never held whole. */
export function putGenerated(url: string, size: number, fill: number): Promise<number> {
  async function* generated(): AsyncGenerator<Buffer> {
    const chunk = Buffer.alloc(MiB, fill);
    for (let sent = 0; sent < size; sent += MiB) {
      await Promise.resolve();
      yield sent + MiB <= size ? chunk : chunk.subarray(0, size - sent);
    }
  }
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      { method: "PUT", headers: { "content-length": String(size) } },
      (response) => {
        response.resume();
        response.on("end", () => {
          resolve(response.statusCode ?? 0);
        });
      },
    );
    pipeline(Readable.from(generated()), request).catch(reject);
  });
}
