import type { OperationHandler } from "../operation.js";
import { describeResponse } from "../mappers/labeling-job-mapper.js";
import { tagsToWire } from "../mappers/tag-mapper.js";

export const describeLabelingJob: OperationHandler<"DescribeLabelingJob"> = (input, { emulator, scope }) => {
  const job = emulator.jobs.describe(scope, input.LabelingJobName);
  return describeResponse(job, tagsToWire(emulator.tags.allOf(job.arn)));
};
