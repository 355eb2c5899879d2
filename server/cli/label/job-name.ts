import { createHash } from "node:crypto";

/**
 * The labeling job a folder gets: its name made to fit AWS's LabelingJobName pattern
 * (`[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}`), plus a short hash of the folder's absolute path (or the
 * absolute glob). The same folder always gives the same job, so running `label` again resumes it,
 * and two folders that share a name do not.
 */
const HASH_LENGTH = 8;
const MAX_NAME_LENGTH = 63;

export function jobNameFor(stem: string, identity: string): string {
  const hash = createHash("sha256").update(identity).digest("hex").slice(0, HASH_LENGTH);
  const readable = stem
    .replace(/[^a-zA-Z0-9]+/gu, "-")
    .replace(/^-+|-+$/gu, "")
    .slice(0, MAX_NAME_LENGTH - HASH_LENGTH - 1)
    .replace(/-+$/u, "");
  return `${readable === "" ? "videos" : readable.toLowerCase()}-${hash}`;
}
