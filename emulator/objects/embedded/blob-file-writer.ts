import { open } from "node:fs/promises";
import type { BodyDigests, DigestRequest } from "./blob-hasher-protocol.js";
import { blobHasher } from "./blob-hasher.js";

/*
 * Streams a body into a new file while the blob hasher thread hashes it. The event loop copies the
 * chunks into 1 MiB batch buffers; each batch goes (transferred, not copied) to the hasher, comes
 * back, and is written by the thread pool at its place in the file, then reused. A few batches may
 * be in flight, so reading, hashing and writing overlap, and no more, so a fast client cannot
 * outrun the disk into memory.
 */

const BATCH_BYTES = 1024 * 1024;
const BATCHES_IN_FLIGHT = 4;

/** Batch buffers to reuse: a fresh one costs page faults on every first touch. */
const spareBuffers: Uint8Array[] = [];
const SPARE_BUFFERS_KEPT = 8;

const takeBuffer = (): Uint8Array => spareBuffers.pop() ?? new Uint8Array(BATCH_BYTES);

function giveBack(bytes: Uint8Array): void {
  if (spareBuffers.length < SPARE_BUFFERS_KEPT && bytes.buffer.byteLength === BATCH_BYTES) {
    spareBuffers.push(new Uint8Array(bytes.buffer, 0, BATCH_BYTES));
  }
}

export interface WrittenFile extends BodyDigests {
  size: number;
}

/** Writes `source` to a new file at `path`; its size and digests once all of it is on disk. */
export async function writeFileHashed(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  path: string,
  digests: DigestRequest,
): Promise<WrittenFile> {
  const hasher = blobHasher();
  // Opened while the first batch fills and is hashed: every hand-off waited for costs latency.
  const opening = open(path, "w");
  const { body, started } = hasher.start(digests);
  const inFlight: Promise<unknown>[] = [];
  // A batch that fails while another is awaited must not be an unhandled rejection.
  const track = (work: Promise<unknown>): void => {
    work.catch(() => undefined);
    inFlight.push(work);
  };
  track(started);
  track(opening);
  let size = 0;
  let buffer = takeBuffer();
  let filled = 0;
  const sendBatch = async (): Promise<void> => {
    const position = size;
    size += filled;
    // Hashed in order (the hasher takes batches as sent); written at its offset, in any order.
    const hashed = hasher.update(body, buffer.subarray(0, filled));
    track(
      Promise.all([hashed, opening]).then(async ([bytes, file]) => {
        await file.write(bytes, 0, bytes.byteLength, position);
        giveBack(bytes);
      }),
    );
    buffer = takeBuffer();
    filled = 0;
    while (inFlight.length > BATCHES_IN_FLIGHT) await inFlight.shift();
  };
  try {
    for await (const chunk of source) {
      for (let offset = 0; offset < chunk.byteLength;) {
        const taken = Math.min(chunk.byteLength - offset, BATCH_BYTES - filled);
        buffer.set(chunk.subarray(offset, offset + taken), filled);
        filled += taken;
        offset += taken;
        if (filled === BATCH_BYTES) await sendBatch();
      }
    }
    if (filled > 0) await sendBatch();
    giveBack(buffer);
    // The hasher takes requests in order: the digests can be asked for before the writes end.
    const finished = hasher.finish(body);
    track(finished);
    await Promise.all(inFlight);
    await (await opening).close();
    return { size, ...(await finished) };
  } catch (error) {
    await Promise.allSettled(inFlight);
    await opening.then((file) => file.close()).catch(() => undefined);
    await hasher.abort(body);
    throw error;
  }
}
