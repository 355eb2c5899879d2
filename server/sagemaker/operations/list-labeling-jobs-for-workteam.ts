import type { OperationHandler } from "../operation.js";
import { workteamSummary } from "../mappers/labeling-job-mapper.js";
import { DEFAULT_MAX_RESULTS } from "./defaults.js";

export const listLabelingJobsForWorkteam: OperationHandler<"ListLabelingJobsForWorkteam"> = (
  input,
  { emulator, scope },
) => {
  const page = emulator.jobs.listForWorkteam(scope, input.WorkteamArn, {
    creationTimeAfter: input.CreationTimeAfter,
    creationTimeBefore: input.CreationTimeBefore,
    jobReferenceCodeContains: input.JobReferenceCodeContains,
    sortOrder: input.SortOrder ?? "Ascending",
    nextToken: input.NextToken,
    maxResults: input.MaxResults ?? DEFAULT_MAX_RESULTS,
  });
  return {
    LabelingJobSummaryList: page.items.map((job) => workteamSummary(job, scope.accountId)),
    NextToken: page.nextToken,
  };
};
