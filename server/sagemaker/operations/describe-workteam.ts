import type { OperationHandler } from "../operation.js";
import { workteamToWire } from "../mappers/workteam-mapper.js";

export const describeWorkteam: OperationHandler<"DescribeWorkteam"> = (
  input,
  { emulator, scope, publicHost },
) => ({
  Workteam: workteamToWire(emulator.workteams.describe(scope, input.WorkteamName), publicHost),
});
