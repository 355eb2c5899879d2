/**
 * The Clock port. Every time-dependent rule in the core (timestamps, time limits, expiry) reads time
 * from here and sets its timers here, so tests and the admin API can move time with a ManualClock
 * instead of sleeping. Timers only wake the engine up: every deadline itself is persisted, so a
 * restart loses nothing (dynalite's fire-and-forget timers are the wart this avoids).
 */
export interface Clock {
  now(): Date;
  /** Calls `callback` once `at` has come (at once if it has). Returns a function that cancels it. */
  schedule(at: Date, callback: () => void): () => void;
}

/** The longest delay setTimeout takes (about 24.8 days); longer waits are re-armed. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }

  schedule(at: Date, callback: () => void): () => void {
    let timer: NodeJS.Timeout | undefined;
    const arm = (): void => {
      const delay = at.getTime() - Date.now();
      if (delay <= 0) {
        timer = undefined;
        callback();
        return;
      }
      timer = setTimeout(arm, Math.min(delay, MAX_TIMEOUT_MS));
      // A pending deadline must not keep a finished process (or test run) alive.
      timer.unref();
    };
    timer = setTimeout(arm, 0);
    timer.unref();
    return () => {
      if (timer) clearTimeout(timer);
    };
  }
}

interface ManualTimer {
  at: number;
  callback: () => void;
}

export class ManualClock implements Clock {
  private currentMs: number;
  private readonly timers = new Set<ManualTimer>();

  constructor(start: Date = new Date("2026-01-01T00:00:00.000Z")) {
    this.currentMs = start.getTime();
  }

  now(): Date {
    return new Date(this.currentMs);
  }

  /** Moves time forward and fires, in time order, every timer that has come due. */
  advance(milliseconds: number): Date {
    if (!Number.isFinite(milliseconds) || milliseconds < 0) {
      throw new RangeError("A ManualClock only moves forward by a finite number of milliseconds");
    }
    this.currentMs += milliseconds;
    const due = [...this.timers].filter((timer) => timer.at <= this.currentMs).sort((a, b) => a.at - b.at);
    for (const timer of due) {
      this.timers.delete(timer);
      timer.callback();
    }
    return this.now();
  }

  schedule(at: Date, callback: () => void): () => void {
    const timer: ManualTimer = { at: at.getTime(), callback };
    if (timer.at <= this.currentMs) {
      // Due already: run soon, but never inside the caller's own stack.
      let cancelled = false;
      queueMicrotask(() => {
        if (!cancelled) callback();
      });
      return () => {
        cancelled = true;
      };
    }
    this.timers.add(timer);
    return () => this.timers.delete(timer);
  }
}
