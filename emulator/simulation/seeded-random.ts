/**
 * Deterministic randomness for simulated workers. Each draw sequence is keyed by its purpose and
 * the ids it is about (seed, worker, dataset object), never by a shared stream, so an answer does
 * not depend on the order in which workers happened to claim objects.
 *
 * The algorithms are small and well known: 32-bit FNV-1a hashes the key, mulberry32 (Tommy
 * Ettinger's generator, as popularised by bryc's JavaScript PRNG collection) draws from it.
 */

/** A source of numbers in [0, 1). */
export type RandomSource = () => number;

/** FNV-1a over the UTF-16 code units of `text`, as an unsigned 32-bit integer. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** mulberry32: a fast generator with a 32-bit state; plenty for simulated answers. */
export function mulberry32(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * The draw sequence for one key. The parts are JSON-encoded together, so `["a", "bc"]` and
 * `["ab", "c"]` are different keys.
 */
export function randomFor(...parts: readonly string[]): RandomSource {
  return mulberry32(fnv1a32(JSON.stringify(parts)));
}

/** An index in [0, length) drawn from `random`. */
export function pickIndex(random: RandomSource, length: number): number {
  return Math.min(length - 1, Math.floor(random() * length));
}
