import type { OperationHandler } from "../operation.js";
import { tagsToWire } from "../mappers/tag-mapper.js";
import { DEFAULT_TAGS_MAX_RESULTS } from "./defaults.js";

export const listTags: OperationHandler<"ListTags"> = (input, { emulator }) => {
  const page = emulator.tags.list(
    input.ResourceArn,
    input.NextToken,
    input.MaxResults ?? DEFAULT_TAGS_MAX_RESULTS,
  );
  return { Tags: tagsToWire(page.items), NextToken: page.nextToken };
};
