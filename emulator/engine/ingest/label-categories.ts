import { IngestFailure } from "./ingest-failure.js";

/** Label-count limits per task type (Developer Guide, "Label category quotas"). */
export interface LabelRules {
  min: number;
  max: number;
}

const MAX_LABEL_LENGTH = 256;
/**
 * The largest label category file read. AWS documents none; 50 labels of 256 characters, with
 * instructions, take a few KB, so 1 MiB refuses only a wrong file.
 */
export const MAX_LABEL_FILE_BYTES = 1024 * 1024;

/**
 * Parses a label category configuration file: `{"document-version"?, "labels": [{"label": ...}]}`.
 * The class index in the output is a label's position here, so order is kept.
 */
export function parseLabelCategories(text: string, uri: string, rules: LabelRules): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new IngestFailure(`The label category file ${uri} is not valid JSON: ${reason}.`);
  }
  const labels =
    typeof parsed === "object" && parsed !== null ? (parsed as { labels?: unknown }).labels : undefined;
  if (!Array.isArray(labels)) {
    throw new IngestFailure(
      `The label category file ${uri} needs a "labels" list of {"label": "..."} objects.`,
    );
  }
  const names = labels.map((entry: unknown, index) => {
    const label =
      typeof entry === "object" && entry !== null ? (entry as { label?: unknown }).label : undefined;
    if (typeof label !== "string" || label.trim() === "") {
      throw new IngestFailure(`Label ${index + 1} in ${uri} has no "label" text.`);
    }
    // Counted in code points, as AWS's limits on strings are.
    if (Array.from(label).length > MAX_LABEL_LENGTH) {
      throw new IngestFailure(`Label ${index + 1} in ${uri} is longer than ${MAX_LABEL_LENGTH} characters.`);
    }
    return label;
  });
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate !== undefined)
    throw new IngestFailure(`The label "${duplicate}" appears twice in ${uri}; labels must be unique.`);
  if (names.length < rules.min || names.length > rules.max) {
    throw new IngestFailure(
      `${uri} lists ${names.length} labels; this task type takes ${rules.min} to ${rules.max} labels.`,
    );
  }
  return names;
}
