import type { OperationHandler } from "../operation.js";
import { specFromRequest } from "../mappers/labeling-job-mapper.js";
import { tagsFromWire } from "../mappers/tag-mapper.js";

export const createLabelingJob: OperationHandler<"CreateLabelingJob"> = (input, { emulator, scope }) => {
  const job = emulator.jobs.create(
    scope,
    input.LabelingJobName,
    specFromRequest(input),
    tagsFromWire(input.Tags),
  );
  return { LabelingJobArn: job.arn };
};
