import type { AnswerBehaviour, ScriptedAnswer } from "./policy.js";
import { pickIndex, type RandomSource } from "./seeded-random.js";

/**
 * What one simulated worker answers for one object, given its truth.
 *
 * Single label: with `accuracy` p, the truth with probability p, else a uniformly chosen other
 * label of the job; with a confusion matrix, a label drawn from the truth's row (weights
 * normalised; a truth without a row is answered as it is).
 * Multi-label, the analogue: each true label goes through that same rule on its own, and the answer
 * is the set of what comes out (so it is never empty, and a mistake swaps a label for another).
 * A truth that is not one of the job's labels is answered as it is, so the job's answer check
 * refuses it every time instead of the mistake hiding behind a lucky wrong answer.
 */
export function simulatedLabels(
  behaviour: AnswerBehaviour,
  truth: readonly string[],
  labels: readonly string[],
  random: RandomSource,
): string[] {
  const answered = new Set(truth.map((label) => answerOne(behaviour, label, labels, random)));
  const rank = (label: string): number => {
    const index = labels.indexOf(label);
    return index < 0 ? labels.length : index;
  };
  return [...answered].sort((a, b) => rank(a) - rank(b));
}

function answerOne(
  behaviour: AnswerBehaviour,
  truth: string,
  labels: readonly string[],
  random: RandomSource,
): string {
  if (!labels.includes(truth)) return truth;
  if (behaviour.kind === "confusion") {
    const row = behaviour.matrix[truth];
    if (row === undefined) return truth;
    const weighted = Object.entries(row).filter(([, weight]) => weight > 0);
    const total = weighted.reduce((sum, [, weight]) => sum + weight, 0);
    let point = random() * total;
    for (const [label, weight] of weighted) {
      point -= weight;
      if (point < 0) return label;
    }
    // Rounding can leave a sliver past the last weight: it belongs to the last label.
    return weighted[weighted.length - 1]?.[0] ?? truth;
  }
  const others = labels.filter((label) => label !== truth);
  if (others.length === 0 || random() < behaviour.accuracy) return truth;
  return others[pickIndex(random, others.length)] ?? truth;
}

/** The crowd-form JSON for chosen labels: `{"<key>": {"label"}}`, multi-label `{"<key>": {"labels"}}`. */
export function answerJson(
  key: string,
  chosen: readonly string[],
  multiLabel: boolean,
): Record<string, unknown> {
  return multiLabel ? { [key]: { labels: [...chosen] } } : { [key]: { label: chosen[0] } };
}

/**
 * A scripted answer as the crowd-form would send it: a label (for a multi-label job, a list of one),
 * a list of labels, or the answer object exactly as given.
 */
export function scriptedAnswerJson(
  answer: ScriptedAnswer["answer"],
  key: string,
  multiLabel: boolean,
): Record<string, unknown> {
  if (typeof answer === "string") return answerJson(key, [answer], multiLabel);
  if (Array.isArray(answer)) return { [key]: { labels: [...answer] } };
  return answer;
}
