import type { OperationHandler } from "../operation.js";

export const stopLabelingJob: OperationHandler<"StopLabelingJob"> = (input, { emulator, scope }) => {
  emulator.jobs.stop(scope, input.LabelingJobName);
  return {};
};
