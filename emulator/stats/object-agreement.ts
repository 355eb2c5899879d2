import { answersByObject, type ConsolidatedLabels, type StatAnswer } from "./stat-inputs.js";

export interface ObjectAgreement {
  objectId: number;
  answers: number;
  /** Share of the object's answers equal to the reference value, 0 to 1. */
  agreement: number;
  /** The consolidated label when the object has one, else the most frequent answer. */
  reference: "consolidated" | "majority";
}

export interface AgreementBin {
  /** Inclusive lower edge; the last bin also includes its upper edge (1). */
  from: number;
  to: number;
  objects: number;
}

export interface AgreementSummary {
  /** Objects with two answers or more: one answer always agrees with itself. */
  objects: number;
  singleAnswerObjects: number;
  /** Mean agreement over `objects`; undefined when there are none. */
  mean: number | undefined;
  histogram: AgreementBin[];
}

/**
 * Per object, the share of its answers equal to the consolidated label (or, before consolidation,
 * to the most frequent answer: a tie does not change that share).
 */
export function objectAgreements(
  answers: readonly StatAnswer[],
  consolidated: ConsolidatedLabels,
): ObjectAgreement[] {
  const result: ObjectAgreement[] = [];
  for (const [objectId, list] of answersByObject(answers)) {
    const counts = new Map<string, number>();
    for (const answer of list) counts.set(answer.value.key, (counts.get(answer.value.key) ?? 0) + 1);
    const label = consolidated.get(objectId);
    const agreeing = label ? (counts.get(label.key) ?? 0) : Math.max(...counts.values());
    result.push({
      objectId,
      answers: list.length,
      agreement: agreeing / list.length,
      reference: label ? "consolidated" : "majority",
    });
  }
  return result.sort((a, b) => a.objectId - b.objectId);
}

/** Five bins of 20 points each; 1/3 and 2/3 (three workers) fall in different bins. */
const BIN_COUNT = 5;

export function summarizeAgreement(agreements: readonly ObjectAgreement[]): AgreementSummary {
  const several = agreements.filter((entry) => entry.answers >= 2);
  const histogram: AgreementBin[] = Array.from({ length: BIN_COUNT }, (_, index) => ({
    from: index / BIN_COUNT,
    to: (index + 1) / BIN_COUNT,
    objects: 0,
  }));
  for (const entry of several) {
    // A small epsilon keeps 0.6 (3 of 5) in the 60–80 bin despite floating-point rounding.
    const index = Math.min(BIN_COUNT - 1, Math.floor(entry.agreement * BIN_COUNT + 1e-9));
    const bin = histogram[index];
    if (bin) bin.objects += 1;
  }
  return {
    objects: several.length,
    singleAnswerObjects: agreements.length - several.length,
    mean:
      several.length === 0
        ? undefined
        : several.reduce((sum, entry) => sum + entry.agreement, 0) / several.length,
    histogram,
  };
}
