import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { splitIntoParts } from "./split-into-parts.js";
import { putStream, type UploadTarget } from "./stream-upload.js";

async function* chunksOf(sizes: number[], pulled?: { bytes: number }): AsyncGenerator<Uint8Array> {
  let value = 0;
  for (const size of sizes) {
    const chunk = Uint8Array.from({ length: size }, () => value++ % 256);
    if (pulled !== undefined) pulled.bytes += size;
    await Promise.resolve();
    yield chunk;
  }
}

async function partSizes(sizes: number[], partSize: number): Promise<number[]> {
  const out: number[] = [];
  for await (const part of splitIntoParts(chunksOf(sizes), partSize)) out.push(part.byteLength);
  return out;
}

describe("splitIntoParts", () => {
  it("cuts any chunking into exact parts, the last one shorter", async () => {
    expect(await partSizes([3, 3, 3, 3], 5)).toEqual([5, 5, 2]);
    expect(await partSizes([23], 5)).toEqual([5, 5, 5, 5, 3]);
    expect(await partSizes([5, 5], 5)).toEqual([5, 5]);
    expect(await partSizes([1, 0, 1], 5)).toEqual([2]);
    expect(await partSizes([], 5)).toEqual([]);
  });

  it("keeps the bytes in order", async () => {
    const parts: Buffer[] = [];
    for await (const part of splitIntoParts(chunksOf([7, 1, 9, 4]), 6)) parts.push(part);
    expect([...Buffer.concat(parts)]).toEqual(Array.from({ length: 21 }, (_, i) => i));
  });
});

/** A stand-in S3Client that records each command and answers like S3. */
function recordingClient(options: { failOnPart?: number; pulled?: { bytes: number } } = {}) {
  const sent: { name: string; partNumber?: number; size?: number; pulledBefore: number }[] = [];
  const client = {
    send: (command: unknown): Promise<unknown> => {
      const pulledBefore = options.pulled?.bytes ?? 0;
      if (command instanceof PutObjectCommand) {
        const body = command.input.Body as Uint8Array;
        sent.push({ name: "PutObject", size: body.byteLength, pulledBefore });
        return Promise.resolve({ ETag: '"single"' });
      }
      if (command instanceof CreateMultipartUploadCommand) {
        sent.push({ name: "CreateMultipartUpload", pulledBefore });
        return Promise.resolve({ UploadId: "upload-1" });
      }
      if (command instanceof UploadPartCommand) {
        const partNumber = command.input.PartNumber ?? 0;
        const body = command.input.Body as Uint8Array;
        sent.push({ name: "UploadPart", partNumber, size: body.byteLength, pulledBefore });
        if (partNumber === options.failOnPart) return Promise.reject(new Error("connection reset"));
        return Promise.resolve({ ETag: `"part-${String(partNumber)}"` });
      }
      if (command instanceof CompleteMultipartUploadCommand) {
        sent.push({ name: "CompleteMultipartUpload", pulledBefore });
        return Promise.resolve({ ETag: '"whole-3"' });
      }
      if (command instanceof AbortMultipartUploadCommand) {
        sent.push({ name: "AbortMultipartUpload", pulledBefore });
        return Promise.resolve({});
      }
      return Promise.reject(new Error("unexpected command"));
    },
  };
  const target: UploadTarget = {
    client: client as unknown as S3Client,
    bucket: "b",
    key: "k",
    contentType: "binary/octet-stream",
    userMetadata: {},
  };
  return { target, sent };
}

describe("putStream", () => {
  it("sends a body that fits in one part as a single PutObject", async () => {
    const { target, sent } = recordingClient();
    expect(await putStream(target, chunksOf([4, 4, 2]), 10)).toEqual({ size: 10, etag: "single" });
    expect(sent.map((command) => [command.name, command.size])).toEqual([["PutObject", 10]]);
  });

  it("uploads a longer body part by part, reading at most two parts ahead", async () => {
    const pulled = { bytes: 0 };
    const { target, sent } = recordingClient({ pulled });
    const result = await putStream(
      target,
      chunksOf(
        Array.from({ length: 15 }, () => 3),
        pulled,
      ),
      10,
    );
    expect(result).toEqual({ size: 45, etag: "whole-3" });
    const parts = sent.filter((command) => command.name === "UploadPart");
    expect(parts.map((part) => part.size)).toEqual([10, 10, 10, 10, 5]);
    for (const part of parts) {
      // When part n goes out, parts n and n + 1 (plus one chunk's slack) are all that was read.
      expect(part.pulledBefore).toBeLessThanOrEqual(((part.partNumber ?? 0) + 1) * 10 + 3);
    }
    expect(sent.at(-1)?.name).toBe("CompleteMultipartUpload");
  });

  it("aborts the multipart upload and releases the source when a part fails", async () => {
    let released = false;
    async function* source(): AsyncGenerator<Uint8Array> {
      try {
        for (let i = 0; i < 100; i++) {
          await Promise.resolve();
          yield new Uint8Array(10);
        }
      } finally {
        released = true;
      }
    }
    const { target, sent } = recordingClient({ failOnPart: 2 });
    await expect(putStream(target, source(), 10)).rejects.toThrow("connection reset");
    expect(sent.map((command) => command.name)).toEqual([
      "CreateMultipartUpload",
      "UploadPart",
      "UploadPart",
      "AbortMultipartUpload",
    ]);
    expect(released).toBe(true);
  });
});
