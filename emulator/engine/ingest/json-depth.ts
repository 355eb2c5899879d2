/**
 * How deep a JSON value may nest. JSON.parse takes every depth, but JSON.stringify, Liquid and the
 * other recursive code a value later meets overflow the stack somewhere past a few thousand
 * levels. Real manifests and answers nest a handful of levels, so 100 refuses only damage.
 */
export const MAX_JSON_DEPTH = 100;

/** Whether a parsed JSON value nests deeper than `maxDepth` (a scalar is depth 0). Iterative. */
export function nestsDeeperThan(value: unknown, maxDepth = MAX_JSON_DEPTH): boolean {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next.value !== "object" || next.value === null) continue;
    const depth = next.depth + 1;
    if (depth > maxDepth) return true;
    for (const child of Object.values(next.value)) pending.push({ value: child, depth });
  }
  return false;
}
