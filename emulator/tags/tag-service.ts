import { validationError } from "../errors.js";
import { listInMemory } from "../list-in-memory.js";
import type { Page } from "../pagination.js";
import type { TagRepository } from "./tag-repository.js";
import type { Tag } from "./tag.js";

/** AWS's per-resource tag limit. */
const MAX_TAGS_PER_RESOURCE = 50;

/**
 * Tags on any resource gt-local knows (labeling jobs, work teams, workforces). `resourceExists`
 * is supplied by the composition root, which knows every kind of resource.
 */
export class TagService {
  constructor(
    private readonly tags: TagRepository,
    private readonly resourceExists: (arn: string) => boolean,
  ) {}

  private assertResource(arn: string): void {
    if (!this.resourceExists(arn)) throw validationError(`Resource ${arn} does not exist.`);
  }

  add(arn: string, tags: readonly Tag[]): Tag[] {
    this.assertResource(arn);
    const reserved = tags.find((tag) => tag.key.toLowerCase().startsWith("aws:"));
    if (reserved)
      throw validationError(`Tag keys beginning with aws: are reserved for AWS use: ${reserved.key}`);
    const keys = new Set([...this.tags.list(arn).map((tag) => tag.key), ...tags.map((tag) => tag.key)]);
    if (keys.size > MAX_TAGS_PER_RESOURCE) {
      throw validationError(`A resource can have at most ${MAX_TAGS_PER_RESOURCE} tags.`);
    }
    this.tags.put(arn, tags);
    return [...tags];
  }

  /** Every tag of a resource the caller already holds (no existence check, no paging). */
  allOf(arn: string): Tag[] {
    return this.tags.list(arn);
  }

  list(arn: string, nextToken: string | undefined, maxResults: number): Page<Tag> {
    this.assertResource(arn);
    const tags = this.tags.list(arn).map((tag, index) => ({ tag, index }));
    const page = listInMemory(tags, {
      keyOf: (entry) => [entry.index],
      descending: false,
      nextToken,
      maxResults,
    });
    return { ...page, items: page.items.map((entry) => entry.tag) };
  }

  delete(arn: string, keys: readonly string[]): void {
    this.assertResource(arn);
    this.tags.delete(arn, keys);
  }
}
