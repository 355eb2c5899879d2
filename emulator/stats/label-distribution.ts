import type { ConsolidatedLabels, StatAnswer } from "./stat-inputs.js";

export interface LabelCount {
  label: string;
  /** Objects whose consolidated label is (or, for a set, includes) this label. */
  consolidated: number;
  /** Answers that chose this label. */
  answers: number;
}

export interface LabelDistribution {
  labels: LabelCount[];
  /** Objects with a consolidated label, and answers: the bases of each series' shares. */
  consolidatedObjects: number;
  answers: number;
}

/**
 * How often each label was chosen, by consolidation (per object) and by the workers (per answer).
 * The job's categories come first in their own order, with zero counts kept, so a label nobody
 * chose still shows; labels outside them (custom answers) follow, most frequent first.
 */
export function labelDistribution(
  categories: readonly string[],
  answers: readonly StatAnswer[],
  consolidated: ConsolidatedLabels,
): LabelDistribution {
  const counts = new Map<string, LabelCount>();
  const countOf = (label: string): LabelCount => {
    let count = counts.get(label);
    if (!count) {
      count = { label, consolidated: 0, answers: 0 };
      counts.set(label, count);
    }
    return count;
  };
  for (const category of categories) countOf(category);
  for (const answer of answers) for (const label of answer.value.labels) countOf(label).answers += 1;
  for (const value of consolidated.values())
    for (const label of value.labels) countOf(label).consolidated += 1;
  const known = new Set(categories);
  const extra = [...counts.values()]
    .filter((count) => !known.has(count.label))
    .sort(
      (a, b) => b.answers + b.consolidated - (a.answers + a.consolidated) || a.label.localeCompare(b.label),
    );
  return {
    labels: [...categories.map(countOf), ...extra],
    consolidatedObjects: consolidated.size,
    answers: answers.length,
  };
}
