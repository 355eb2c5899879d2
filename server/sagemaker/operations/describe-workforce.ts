import type { OperationHandler } from "../operation.js";
import { workforceToWire } from "../mappers/workteam-mapper.js";

export const describeWorkforce: OperationHandler<"DescribeWorkforce"> = (
  input,
  { emulator, scope, publicHost },
) => ({
  Workforce: workforceToWire(emulator.workforces.describe(scope, input.WorkforceName), publicHost),
});
