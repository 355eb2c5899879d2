import type { OperationHandler } from "../operation.js";
import { workteamToWire } from "../mappers/workteam-mapper.js";
import { namedListQuery } from "./defaults.js";

export const listWorkteams: OperationHandler<"ListWorkteams"> = (input, { emulator, scope, publicHost }) => {
  const page = emulator.workteams.list(scope, namedListQuery(input));
  return { Workteams: page.items.map((team) => workteamToWire(team, publicHost)), NextToken: page.nextToken };
};
