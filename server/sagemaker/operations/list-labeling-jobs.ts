import type { OperationHandler } from "../operation.js";
import { summary } from "../mappers/labeling-job-mapper.js";
import { DEFAULT_MAX_RESULTS } from "./defaults.js";

export const listLabelingJobs: OperationHandler<"ListLabelingJobs"> = (input, { emulator, scope }) => {
  const page = emulator.jobs.list(scope, {
    creationTimeAfter: input.CreationTimeAfter,
    creationTimeBefore: input.CreationTimeBefore,
    lastModifiedTimeAfter: input.LastModifiedTimeAfter,
    lastModifiedTimeBefore: input.LastModifiedTimeBefore,
    nameContains: input.NameContains,
    statusEquals: input.StatusEquals,
    sortBy: input.SortBy ?? "CreationTime",
    sortOrder: input.SortOrder ?? "Ascending",
    nextToken: input.NextToken,
    maxResults: input.MaxResults ?? DEFAULT_MAX_RESULTS,
  });
  return { LabelingJobSummaryList: page.items.map(summary), NextToken: page.nextToken };
};
