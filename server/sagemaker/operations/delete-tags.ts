import type { OperationHandler } from "../operation.js";

export const deleteTags: OperationHandler<"DeleteTags"> = (input, { emulator }) => {
  emulator.tags.delete(input.ResourceArn, input.TagKeys);
  return {};
};
