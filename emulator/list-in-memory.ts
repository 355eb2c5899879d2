import { decodeCursor, toPage, type Cursor, type Page } from "./pagination.js";

/**
 * Paginates a small, fully loaded collection (work teams, workforces, tags) with the same keyset
 * tokens the SQL-backed lists use.
 */
export function listInMemory<T>(
  items: readonly T[],
  options: {
    keyOf: (item: T) => Cursor;
    descending: boolean;
    nextToken: string | undefined;
    maxResults: number;
  },
): Page<T> {
  const sorted = [...items].sort((a, b) => compareCursors(options.keyOf(a), options.keyOf(b)));
  if (options.descending) sorted.reverse();
  const sample = sorted[0];
  const after = decodeCursor(options.nextToken, sample === undefined ? 0 : options.keyOf(sample).length);
  const remaining =
    after === undefined
      ? sorted
      : sorted.filter((item) => {
          const order = compareCursors(options.keyOf(item), after);
          return options.descending ? order < 0 : order > 0;
        });
  return toPage(remaining.slice(0, options.maxResults + 1), options.maxResults, options.keyOf);
}

export function compareCursors(a: Cursor, b: Cursor): number {
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    const left = a[index];
    const right = b[index];
    if (left === right) continue;
    if (left === undefined) return -1;
    if (right === undefined) return 1;
    return left < right ? -1 : 1;
  }
  return 0;
}

/** The list query SageMaker shares for named resources (ListWorkteams, ListWorkforces). */
export interface NamedListQuery {
  sortBy: "Name" | "CreateDate";
  sortOrder: "Ascending" | "Descending";
  nameContains?: string;
  nextToken?: string;
  maxResults: number;
}

/** Filters by case-insensitive NameContains, then sorts and pages by name or creation date. */
export function listNamed<T extends { name: string; createDate: Date }>(
  items: readonly T[],
  query: NamedListQuery,
): Page<T> {
  const needle = query.nameContains?.toLowerCase();
  const matching = items.filter((item) => needle === undefined || item.name.toLowerCase().includes(needle));
  return listInMemory(matching, {
    keyOf: (item) => (query.sortBy === "Name" ? [item.name] : [item.createDate.getTime(), item.name]),
    descending: query.sortOrder === "Descending",
    nextToken: query.nextToken,
    maxResults: query.maxResults,
  });
}
