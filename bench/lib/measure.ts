import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

/** Milliseconds `work` took. */
export async function timed<T>(work: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

/** The p-th percentile (0–100) of samples, by nearest rank. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = samples.slice().sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

/**
 * Resident memory of another process in MiB from /proc (Linux): `VmHWM` is its peak, `VmRSS` its
 * current size. Undefined elsewhere, so that tables say "n/a" rather than guess.
 */
export function processMemoryMiB(pid: number): { peak: number; current: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const field = (name: string): number => {
      const match = new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status);
      return match?.[1] === undefined ? Number.NaN : Number(match[1]) / 1024;
    };
    return { peak: field("VmHWM"), current: field("VmRSS") };
  } catch {
    return undefined;
  }
}

/** This process's peak RSS in MiB (maxRSS is in KiB). */
export const ownPeakRssMiB = (): number => process.resourceUsage().maxRSS / 1024;

export const fixed = (value: number | undefined, digits = 0): string =>
  value === undefined || Number.isNaN(value) ? "n/a" : value.toFixed(digits);

/** Same-day stamp and machine line every section ends with. */
export function measuredOn(machine: string): string {
  return `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}.`;
}
