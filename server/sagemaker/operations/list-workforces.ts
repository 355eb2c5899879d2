import type { OperationHandler } from "../operation.js";
import { workforceToWire } from "../mappers/workteam-mapper.js";
import { DEFAULT_MAX_RESULTS } from "./defaults.js";

export const listWorkforces: OperationHandler<"ListWorkforces"> = (
  input,
  { emulator, scope, publicHost },
) => {
  const page = emulator.workforces.list(scope, {
    sortBy: input.SortBy ?? "CreateDate",
    sortOrder: input.SortOrder ?? "Ascending",
    nameContains: input.NameContains,
    nextToken: input.NextToken,
    maxResults: input.MaxResults ?? DEFAULT_MAX_RESULTS,
  });
  return {
    Workforces: page.items.map((workforce) => workforceToWire(workforce, publicHost)),
    NextToken: page.nextToken,
  };
};
