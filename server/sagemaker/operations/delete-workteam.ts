import type { OperationHandler } from "../operation.js";

export const deleteWorkteam: OperationHandler<"DeleteWorkteam"> = (input, { emulator, scope }) => {
  emulator.workteams.delete(scope, input.WorkteamName);
  return { Success: true };
};
