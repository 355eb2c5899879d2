/**
 * The Clock port. Every time-dependent rule in the core (timestamps, time limits, expiry) reads time
 * from here, so tests and the admin API can move time with a ManualClock instead of sleeping.
 */
export interface Clock {
  now(): Date;
  /** Subscribe to time jumps (ManualClock.advance); returns an unsubscribe function. */
  onAdvance(listener: () => void): () => void;
}

export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }

  onAdvance(): () => void {
    // Real time never jumps; there is nothing to notify.
    return () => undefined;
  }
}

export class ManualClock implements Clock {
  private currentMs: number;
  private readonly listeners = new Set<() => void>();

  constructor(start: Date = new Date("2026-01-01T00:00:00.000Z")) {
    this.currentMs = start.getTime();
  }

  now(): Date {
    return new Date(this.currentMs);
  }

  advance(milliseconds: number): Date {
    if (!Number.isFinite(milliseconds) || milliseconds < 0) {
      throw new RangeError("A ManualClock only moves forward by a finite number of milliseconds");
    }
    this.currentMs += milliseconds;
    for (const listener of this.listeners) listener();
    return this.now();
  }

  onAdvance(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
