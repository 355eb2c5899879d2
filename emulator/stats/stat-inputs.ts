import type { ConsolidatedValue, NominalValue } from "./answer-values.js";

/** One submitted answer, as the statistics see it. */
export interface StatAnswer {
  objectId: number;
  workerId: string;
  claimedMs: number;
  finishedMs: number;
  value: NominalValue;
}

/** What consolidation made of each object so far; objects without a label are simply absent. */
export type ConsolidatedLabels = ReadonlyMap<number, ConsolidatedValue>;

/** Answers grouped by object, in the order they came. */
export function answersByObject(answers: readonly StatAnswer[]): Map<number, StatAnswer[]> {
  const grouped = new Map<number, StatAnswer[]>();
  for (const answer of answers) {
    const list = grouped.get(answer.objectId);
    if (list) list.push(answer);
    else grouped.set(answer.objectId, [answer]);
  }
  return grouped;
}
