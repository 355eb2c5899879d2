import type { OperationHandler } from "../operation.js";

export const deleteWorkforce: OperationHandler<"DeleteWorkforce"> = (input, { emulator, scope }) => {
  emulator.workforces.delete(scope, input.WorkforceName);
  return {};
};
