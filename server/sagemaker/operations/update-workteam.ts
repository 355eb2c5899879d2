import type { OperationHandler } from "../operation.js";
import {
  memberDefinitionsFromWire,
  workerAccessFromWire,
  workteamToWire,
} from "../mappers/workteam-mapper.js";

export const updateWorkteam: OperationHandler<"UpdateWorkteam"> = (
  input,
  { emulator, scope, publicHost },
) => {
  const team = emulator.workteams.update(scope, input.WorkteamName, {
    description: input.Description,
    memberDefinitions: input.MemberDefinitions && memberDefinitionsFromWire(input.MemberDefinitions),
    notificationTopicArn: input.NotificationConfiguration?.NotificationTopicArn,
    workerAccess: workerAccessFromWire(input.WorkerAccessConfiguration),
  });
  return { Workteam: workteamToWire(team, publicHost) };
};
