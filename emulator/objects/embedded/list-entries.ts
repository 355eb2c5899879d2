import type { ObjectRepository, StoredObject } from "./object-repository.js";

/** Sorts after every key that starts with a given prefix (U+10FFFF is the largest code point). */
export const PAST_PREFIX = "\u{10FFFF}";

const BATCH = 1000;

export type ListEntry = { kind: "object"; stored: StoredObject } | { kind: "prefix"; prefix: string };

/**
 * The entries of a listing in S3's order: objects, and with a delimiter the common prefixes that
 * roll up the keys below them. Reads the index in batches and jumps over a rolled-up prefix in
 * one step, so a prefix with a million keys costs one query, not a million rows.
 */
export function* listEntries(
  repository: ObjectRepository,
  bucket: string,
  prefix: string,
  delimiter: string | undefined,
  after: string,
): Generator<ListEntry> {
  // Continuing after a common prefix means continuing after everything under it.
  let cursor =
    delimiter && after.startsWith(prefix) && after.endsWith(delimiter) ? after + PAST_PREFIX : after;
  for (;;) {
    const batch = repository.objectsAfter(bucket, cursor, prefix, BATCH);
    let jumped = false;
    for (const stored of batch) {
      const key = stored.record.key;
      const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
      if (delimiter && cut >= 0) {
        const common = key.slice(0, cut + delimiter.length);
        yield { kind: "prefix", prefix: common };
        cursor = common + PAST_PREFIX;
        jumped = true;
        break;
      }
      yield { kind: "object", stored };
      cursor = key;
    }
    if (!jumped && batch.length < BATCH) return;
  }
}
