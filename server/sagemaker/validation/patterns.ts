/**
 * Model `pattern` traits, matched against the whole value (Smithy semantics; the model's patterns
 * are unanchored Java regexes). Every pattern in the model compiles with the `u` flag, which
 * `scripts/gen-model.ts` checks at generation time. Compiled once and cached.
 */
const compiled = new Map<string, RegExp>();

export function compilePattern(pattern: string): RegExp {
  let regex = compiled.get(pattern);
  if (regex === undefined) {
    regex = new RegExp(`^(?:${pattern})$`, "u");
    compiled.set(pattern, regex);
  }
  return regex;
}

export function matchesPattern(pattern: string, value: string): boolean {
  return compilePattern(pattern).test(value);
}

const SURROGATE_PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;

/** String length in Unicode code points (Smithy `length` trait), without copying the string. */
export function codePointLength(value: string): number {
  return value.length - (value.match(SURROGATE_PAIR)?.length ?? 0);
}
