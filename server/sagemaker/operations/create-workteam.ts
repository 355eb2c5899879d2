import type { OperationHandler } from "../operation.js";
import { tagsFromWire } from "../mappers/tag-mapper.js";
import { workteamSettingsFromWire } from "../mappers/workteam-mapper.js";

export const createWorkteam: OperationHandler<"CreateWorkteam"> = (input, { emulator, scope }) => {
  const team = emulator.workteams.create(
    scope,
    input.WorkteamName,
    input.WorkforceName,
    workteamSettingsFromWire(input),
    tagsFromWire(input.Tags),
  );
  return { WorkteamArn: team.arn };
};
