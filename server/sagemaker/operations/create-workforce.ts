import type { OperationHandler } from "../operation.js";
import { tagsFromWire } from "../mappers/tag-mapper.js";
import { workforceSettingsFromWire } from "../mappers/workteam-mapper.js";

export const createWorkforce: OperationHandler<"CreateWorkforce"> = (input, { emulator, scope }) => {
  const workforce = emulator.workforces.create(
    scope,
    input.WorkforceName,
    workforceSettingsFromWire(input),
    tagsFromWire(input.Tags),
  );
  return { WorkforceArn: workforce.arn };
};
