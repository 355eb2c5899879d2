import autocannon from "autocannon";

/** Seconds of load every server the benchmarks compare gets before its measurement starts. */
export const WARMUP_SECONDS = 1;

/**
 * autocannon's measurement after a warm-up run against the same server: a fresh process answers
 * 10 to 15 % slower in its first seconds, while V8 compiles its hot paths, so every server is
 * measured at its steady pace (the warm-up's own figures are dropped).
 */
export async function measureWarm(options: autocannon.Options): Promise<autocannon.Result> {
  await autocannon({ ...options, duration: WARMUP_SECONDS });
  return autocannon(options);
}
