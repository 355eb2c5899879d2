import type { OperationHandler } from "../operation.js";
import { workforceToWire } from "../mappers/workteam-mapper.js";
import { namedListQuery } from "./defaults.js";

export const listWorkforces: OperationHandler<"ListWorkforces"> = (
  input,
  { emulator, scope, publicHost },
) => {
  const page = emulator.workforces.list(scope, namedListQuery(input));
  return {
    Workforces: page.items.map((workforce) => workforceToWire(workforce, publicHost)),
    NextToken: page.nextToken,
  };
};
