import type { Clock } from "../clock.js";

export interface EngineTimerDependencies {
  clock: Clock;
  /** The next persisted moment something falls due (a start, a deadline, an expiry), if any. */
  nextDueMs: () => number | undefined;
  /** Runs what is due; it re-arms the timer itself (`arm`) when it is done. */
  onDue: () => void;
}

/**
 * The job engine's one timer: armed at the next persisted deadline, never more than one pending.
 * Arming is cheap to skip: a timer that fires early finds nothing due and re-arms, so only a new
 * deadline earlier than the armed one needs work.
 */
export class EngineTimer {
  private cancel: (() => void) | undefined;
  /** When the armed timer fires (undefined: none armed, or a wake-up for now). */
  private armedAtMs: number | undefined;
  /**
   * A wake-up for now is scheduled: what it runs arms the timer when it is done, so arming before
   * then would only cancel it (and with it a start that is due now).
   */
  private wakePending = false;
  private closed = false;

  constructor(private readonly deps: EngineTimerDependencies) {}

  /** Runs what is due as soon as possible (never inside the caller's own stack). */
  wake(): void {
    if (this.closed) return;
    this.cancel?.();
    this.armedAtMs = undefined;
    this.wakePending = true;
    this.cancel = this.deps.clock.schedule(this.deps.clock.now(), () => {
      this.wakePending = false;
      this.deps.onDue();
    });
  }

  /** Something new falls due at `atMs` (a claim's deadline, an opened object's expiry). */
  armBy(atMs: number): void {
    if (this.armedAtMs !== undefined && this.armedAtMs <= atMs) return;
    this.arm();
  }

  /** Arms the timer at the next persisted deadline, whatever was armed before. */
  arm(): void {
    if (this.wakePending) return;
    this.cancel?.();
    this.armedAtMs = undefined;
    if (this.closed) return;
    const dueMs = this.deps.nextDueMs();
    if (dueMs === undefined) return;
    this.armedAtMs = dueMs;
    this.cancel = this.deps.clock.schedule(new Date(dueMs), () => {
      this.armedAtMs = undefined;
      this.deps.onDue();
    });
  }

  close(): void {
    this.closed = true;
    this.armedAtMs = undefined;
    this.cancel?.();
  }
}
