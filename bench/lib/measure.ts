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

/**
 * Starts counting another process's CPU time: the function returned gives the µs it used since,
 * per item (`items` requests or answers); undefined where /proc is missing.
 */
export function cpuMeter(pid: number): (items: number) => number | undefined {
  const before = processCpuMs(pid);
  return (items) => {
    const after = processCpuMs(pid);
    return before === undefined || after === undefined ? undefined : ((after - before) * 1000) / items;
  };
}

/** CPU time (user + system) another process has used, in ms, from /proc (Linux); undefined elsewhere. */
export function processCpuMs(pid: number): number | undefined {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    const ticks = Number(fields[11]) + Number(fields[12]);
    // Linux counts in clock ticks of 10 ms (USER_HZ 100).
    return Number.isNaN(ticks) ? undefined : ticks * 10;
  } catch {
    return undefined;
  }
}

/**
 * Waits until another process has used (almost) no CPU for a quarter second, at most `maxMs`: a
 * baseline measured while the target still works in the background (a job's consolidation) would
 * be too low, and the ratio too kind. Returns at once where /proc is missing.
 */
export async function untilIdle(pid: number, maxMs = 10_000): Promise<void> {
  const deadline = performance.now() + maxMs;
  let before = processCpuMs(pid);
  while (before !== undefined && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const after = processCpuMs(pid);
    if (after === undefined || after - before <= 10) return;
    before = after;
  }
}
