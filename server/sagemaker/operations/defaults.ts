import type { NamedListQuery } from "../../../emulator/list-in-memory.js";

/** SageMaker's List* operations return 10 results when MaxResults is not given. */
export const DEFAULT_MAX_RESULTS = 10;

/** ListTags' MaxResults has a minimum of 50 in the model; 50 is also its default page. */
export const DEFAULT_TAGS_MAX_RESULTS = 50;

/** ListWorkteams and ListWorkforces share their inputs and AWS's defaults (CreateDate, Ascending). */
export const namedListQuery = (input: {
  SortBy?: "Name" | "CreateDate";
  SortOrder?: "Ascending" | "Descending";
  NameContains?: string;
  NextToken?: string;
  MaxResults?: number;
}): NamedListQuery => ({
  sortBy: input.SortBy ?? "CreateDate",
  sortOrder: input.SortOrder ?? "Ascending",
  nameContains: input.NameContains,
  nextToken: input.NextToken,
  maxResults: input.MaxResults ?? DEFAULT_MAX_RESULTS,
});
