import { nominalAlpha, type AlphaResult } from "./krippendorff-alpha.js";
import { labelDistribution, type LabelDistribution } from "./label-distribution.js";
import {
  objectAgreements,
  summarizeAgreement,
  type AgreementSummary,
  type ObjectAgreement,
} from "./object-agreement.js";
import { answersByObject, type ConsolidatedLabels, type StatAnswer } from "./stat-inputs.js";
import { workerStats, type WorkerStats } from "./worker-throughput.js";

export interface JobStats {
  distribution: LabelDistribution;
  /** Over every submitted answer: each object is a unit, each answer a coder's value. */
  alpha: AlphaResult;
  agreement: AgreementSummary;
  perObject: ObjectAgreement[];
  workers: WorkerStats[];
}

/** Every statistic the dashboard shows for one job, from its answers and consolidated labels. */
export function jobStats(
  categories: readonly string[],
  answers: readonly StatAnswer[],
  consolidated: ConsolidatedLabels,
): JobStats {
  const perObject = objectAgreements(answers, consolidated);
  const units = [...answersByObject(answers).values()].map((list) => list.map((answer) => answer.value.key));
  return {
    distribution: labelDistribution(categories, answers, consolidated),
    alpha: nominalAlpha(units),
    agreement: summarizeAgreement(perObject),
    perObject,
    workers: workerStats(answers, consolidated),
  };
}
