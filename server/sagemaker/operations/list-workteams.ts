import type { OperationHandler } from "../operation.js";
import { workteamToWire } from "../mappers/workteam-mapper.js";
import { DEFAULT_MAX_RESULTS } from "./defaults.js";

export const listWorkteams: OperationHandler<"ListWorkteams"> = (input, { emulator, scope, publicHost }) => {
  const page = emulator.workteams.list(scope, {
    sortBy: input.SortBy ?? "CreateDate",
    sortOrder: input.SortOrder ?? "Ascending",
    nameContains: input.NameContains,
    nextToken: input.NextToken,
    maxResults: input.MaxResults ?? DEFAULT_MAX_RESULTS,
  });
  return { Workteams: page.items.map((team) => workteamToWire(team, publicHost)), NextToken: page.nextToken };
};
