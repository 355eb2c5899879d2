import { randomBytes, randomFillSync, randomUUID } from "node:crypto";
import { v7 as timeOrderedUuid } from "uuid";

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** A random string over [A-Za-z0-9] without modulo bias (rejection sampling on bytes). */
export function randomAlphanumeric(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += ALPHANUMERIC.charAt(byte % 62);
    }
  }
  return out;
}

/** AWS's observed JobReferenceCode: the 12-digit account id followed by 16 alphanumerics. */
export const newJobReferenceCode = (accountId: string): string => accountId + randomAlphanumeric(16);

export const newRequestId = (): string => randomUUID();

/**
 * A task's id: a UUIDv7 (RFC 9562), whose leading timestamp and counter make each id sort after
 * every id issued before it in this process. Why not a random UUID: `tasks.id` is the table's
 * primary key, and random keys land in the middle of its index B-tree. Splits there renumber
 * pages, which on an in-memory database makes every claim's commit walk SQLite's whole page cache
 * (pcache1TruncateUnsafe): a cost that grew with the data and took a tenth of the server's time in
 * the task loop (issue 10, target 3). Ordered keys append at the tree's right edge.
 *
 * `uuid` lays out the bits. The timestamp and counter are kept here as its own `v7()` keeps them
 * (a new millisecond seeds the 32-bit counter with 31 random bits, so it has room to count on
 * within the millisecond), and the random bits come from a pool: `v7()` alone draws 16 bytes
 * through `crypto.getRandomValues` per id, about 5 µs here, where a pooled draw (as `randomUUID`
 * does) costs a fraction of one.
 */
export function newTaskId(): string {
  const random = randomFromPool();
  const now = Date.now();
  if (now > lastMsecs) {
    lastMsecs = now;
    sequence = random.readUInt32BE(6) >>> 1;
  } else {
    // Past 2^31 the counter's bits read as a negative int32; `uuid` writes them unsigned, so the
    // order holds until all 32 bits wrap to 0, when the next millisecond is borrowed.
    sequence = (sequence + 1) | 0;
    if (sequence === 0) lastMsecs++;
  }
  return timeOrderedUuid({ msecs: lastMsecs, seq: sequence, random });
}

let lastMsecs = -Infinity;
let sequence = 0;

const POOL_IDS = 256;
const pool = Buffer.alloc(16 * POOL_IDS);
let poolOffset = pool.length;

/** 16 random bytes for one id, from a pool refilled 4 KiB at a time. */
function randomFromPool(): Buffer {
  if (poolOffset === pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const bytes = pool.subarray(poolOffset, poolOffset + 16);
  poolOffset += 16;
  return bytes;
}
