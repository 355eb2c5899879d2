import type { ConsolidatedLabels, StatAnswer } from "./stat-inputs.js";

export interface WorkerStats {
  workerId: string;
  /** Tasks this worker submitted in the job. */
  submitted: number;
  /** Time with at least one task claimed and not yet submitted (overlapping claims count once). */
  activeSeconds: number;
  /** submitted / active hours; undefined when no time passed (a stopped manual clock). */
  tasksPerHour: number | undefined;
  /** Median claimedAt → finishedAt of the submitted tasks. */
  medianSecondsPerTask: number;
  /** Answers on objects with a consolidated label, and how many of them equal it. */
  compared: number;
  agreeing: number;
  /** agreeing / compared; undefined until one of the worker's objects is consolidated. */
  agreement: number | undefined;
  firstSubmittedAt: Date;
  lastSubmittedAt: Date;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? 0) + upper) / 2;
}

/** The total length of a set of intervals, counting overlaps once. */
export function unionLengthMs(intervals: readonly (readonly [number, number])[]): number {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let start = Number.NEGATIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const [from, to] of sorted) {
    if (from > end) {
      if (end > start) total += end - start;
      start = from;
      end = to;
    } else end = Math.max(end, to);
  }
  if (end > start) total += end - start;
  return total;
}

/** Throughput and agreement with the consolidated label, per worker, busiest first. */
export function workerStats(answers: readonly StatAnswer[], consolidated: ConsolidatedLabels): WorkerStats[] {
  const byWorker = new Map<string, StatAnswer[]>();
  for (const answer of answers) {
    const list = byWorker.get(answer.workerId);
    if (list) list.push(answer);
    else byWorker.set(answer.workerId, [answer]);
  }
  return [...byWorker]
    .map(([workerId, list]) => {
      const activeMs = unionLengthMs(list.map((answer) => [answer.claimedMs, answer.finishedMs] as const));
      let compared = 0;
      let agreeing = 0;
      for (const answer of list) {
        const label = consolidated.get(answer.objectId);
        if (!label) continue;
        compared += 1;
        if (label.key === answer.value.key) agreeing += 1;
      }
      const finished = list.map((answer) => answer.finishedMs);
      return {
        workerId,
        submitted: list.length,
        activeSeconds: activeMs / 1000,
        tasksPerHour: activeMs > 0 ? list.length / (activeMs / 3_600_000) : undefined,
        medianSecondsPerTask: median(list.map((answer) => (answer.finishedMs - answer.claimedMs) / 1000)),
        compared,
        agreeing,
        agreement: compared === 0 ? undefined : agreeing / compared,
        firstSubmittedAt: new Date(Math.min(...finished)),
        lastSubmittedAt: new Date(Math.max(...finished)),
      };
    })
    .sort((a, b) => b.submitted - a.submitted || a.workerId.localeCompare(b.workerId));
}
