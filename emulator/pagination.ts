import { validationError } from "./errors.js";

/**
 * Opaque, keyset-based NextTokens: the token carries the sort key of the last row returned, so
 * pages stay correct while resources are created or deleted between calls.
 */
export type Cursor = readonly (string | number)[];

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor), "utf8").toString("base64url");
}

export function decodeCursor(token: string | undefined, length: number): Cursor | undefined {
  if (token === undefined || token === "") return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    if (
      Array.isArray(parsed) &&
      parsed.length === length &&
      parsed.every((part) => typeof part === "string" || typeof part === "number")
    ) {
      return parsed;
    }
  } catch {
    // Fall through to the error below: a token we did not issue is invalid.
  }
  throw validationError("The NextToken provided is not valid.");
}

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/** Takes one more row than asked to learn whether a next page exists. */
export function toPage<T>(rows: T[], maxResults: number, cursorOf: (row: T) => Cursor): Page<T> {
  if (rows.length <= maxResults) return { items: rows };
  const items = rows.slice(0, maxResults);
  const last = items[items.length - 1];
  return last === undefined ? { items } : { items, nextToken: encodeCursor(cursorOf(last)) };
}
