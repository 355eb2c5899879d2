import type { OperationHandler } from "../operation.js";
import { tagsFromWire, tagsToWire } from "../mappers/tag-mapper.js";

export const addTags: OperationHandler<"AddTags"> = (input, { emulator }) => ({
  Tags: tagsToWire(emulator.tags.add(input.ResourceArn, tagsFromWire(input.Tags))),
});
