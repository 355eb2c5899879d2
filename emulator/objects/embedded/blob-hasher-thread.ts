import { createHash, type Hash } from "node:crypto";
import { parentPort } from "node:worker_threads";
import type { BodyDigests, HasherReply, HasherRequest } from "./blob-hasher-protocol.js";
import { runningChecksum, type RunningChecksum } from "./running-checksum.js";

/*
 * The blob hasher thread (started by blob-hasher.ts): MD5, the SigV4 payload SHA-256 and a declared
 * checksum of a streamed upload, computed beside the event loop. On two cores a 64 MiB PUT spent
 * most of its event loop time hashing (issue 10, target 5); here it overlaps with the loop reading
 * the socket and the thread pool writing the file.
 */

interface Hashing {
  md5: Hash;
  payloadSha256?: Hash;
  checksum?: RunningChecksum;
}

const bodies = new Map<number, Hashing>();

function hashingOf(body: number): Hashing {
  const hashing = bodies.get(body);
  if (hashing === undefined) throw new Error(`blob hasher: body ${body} was not started`);
  return hashing;
}

function digestsOf(hashing: Hashing): BodyDigests {
  const digests: BodyDigests = { md5: hashing.md5.digest() };
  if (hashing.payloadSha256) digests.payloadSha256Hex = hashing.payloadSha256.digest("hex");
  if (hashing.checksum) digests.checksum = hashing.checksum.digest();
  return digests;
}

function handle(request: HasherRequest): HasherReply {
  const { seq, body } = request;
  try {
    switch (request.kind) {
      case "start": {
        const { checksum, payloadSha256 } = request.digests;
        bodies.set(body, {
          md5: createHash("md5"),
          ...(payloadSha256 === true ? { payloadSha256: createHash("sha256") } : {}),
          ...(checksum === undefined ? {} : { checksum: runningChecksum(checksum) }),
        });
        return { seq, ok: true };
      }
      case "update": {
        const hashing = hashingOf(body);
        hashing.md5.update(request.bytes);
        hashing.payloadSha256?.update(request.bytes);
        hashing.checksum?.update(request.bytes);
        return { seq, ok: true, bytes: request.bytes };
      }
      case "finish": {
        const digests = digestsOf(hashingOf(body));
        bodies.delete(body);
        return { seq, ok: true, digests };
      }
      case "abort":
        bodies.delete(body);
        return { seq, ok: true };
    }
  } catch (error) {
    return { seq, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

parentPort?.on("message", (request: HasherRequest) => {
  const reply = handle(request);
  // The caller's batch buffer goes back to it, to be filled again.
  parentPort?.postMessage(reply, reply.ok && reply.bytes ? [reply.bytes.buffer as ArrayBuffer] : []);
});
