import { randomBytes, randomUUID } from "node:crypto";
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
 */
export const newTaskId = (): string => timeOrderedUuid();
