import type { LabelCounters, LabelingJob } from "./labeling-job.js";

/**
 * Whether the job's StoppingConditions hold: MaxHumanLabeledObjectCount objects labeled by
 * people, or MaxPercentageOfInputDatasetLabeled of its `total` objects labeled by anyone.
 */
export function stoppingConditionsMet(job: LabelingJob, counters: LabelCounters, total: number): boolean {
  const stopping = job.spec.stoppingConditions;
  const byCount =
    stopping?.maxHumanLabeledObjectCount !== undefined &&
    counters.humanLabeled >= stopping.maxHumanLabeledObjectCount;
  const byShare =
    stopping?.maxPercentageOfInputDatasetLabeled !== undefined &&
    total > 0 &&
    (counters.totalLabeled / total) * 100 >= stopping.maxPercentageOfInputDatasetLabeled;
  return byCount || byShare;
}
