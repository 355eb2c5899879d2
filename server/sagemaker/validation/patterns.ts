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

/**
 * String length in Unicode code points (Smithy `length` trait), without copying the string. A
 * loop, not `match()`: a megabyte of astral characters would build an array of a million matches
 * (a second of CPU per request).
 */
export function codePointLength(value: string): number {
  let pairs = 0;
  for (let index = 0; index < value.length - 1; index++) {
    const high = value.charCodeAt(index);
    if (high < 0xd800 || high > 0xdbff) continue;
    const low = value.charCodeAt(index + 1);
    if (low >= 0xdc00 && low <= 0xdfff) {
      pairs++;
      index++;
    }
  }
  return value.length - pairs;
}
