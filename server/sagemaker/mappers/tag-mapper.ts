import type { Tag } from "../../../emulator/tags/tag.js";
import type { Tag as WireTag } from "../generated/model.js";

export const tagsFromWire = (tags: readonly WireTag[] | undefined): Tag[] =>
  (tags ?? []).map((tag) => ({ key: tag.Key, value: tag.Value }));

export const tagsToWire = (tags: readonly Tag[]): WireTag[] =>
  tags.map((tag) => ({ Key: tag.key, Value: tag.value }));
