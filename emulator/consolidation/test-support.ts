/** Helpers shared by the consolidation tests (not used by the emulator itself). */
import type { ClassAnswer } from "./types.js";

/** `[objectId, workerId, label]` rows → single-label answers. */
export function single(rows: readonly (readonly [number, string, number])[]): ClassAnswer[] {
  return rows.map(([objectId, workerId, label]) => ({ objectId, workerId, labels: [label] }));
}

/** `[objectId, workerId, labels]` rows → multi-label answers. */
export function multi(rows: readonly (readonly [number, string, readonly number[]])[]): ClassAnswer[] {
  return rows.map(([objectId, workerId, labels]) => ({ objectId, workerId, labels }));
}

/** Deterministic PRNG (mulberry32): uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher-Yates shuffle into a new array. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = out[i] as T;
    out[i] = out[j] as T;
    out[j] = tmp;
  }
  return out;
}
