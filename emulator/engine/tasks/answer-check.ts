import { validationError } from "../../errors.js";
import type { TaskProfile } from "../task-profile.js";

/**
 * Checks a submitted answer the way the built-in task types need it: the JSON a crowd-form builds,
 * `{"<element name>": {"label": "<category>"}}` (multi-label: `{"labels": [...]}`), with every
 * label one of the job's categories. Custom task types take any JSON object.
 */
export function checkAnswer(
  answer: unknown,
  profile: TaskProfile,
  labels: readonly string[] | undefined,
): void {
  if (typeof answer !== "object" || answer === null || Array.isArray(answer)) {
    throw validationError(
      'An answer is the JSON object a crowd-form submits, e.g. {"crowd-classifier": {"label": "Sports"}}.',
    );
  }
  if (!profile.classification) return;
  const field = profile.multiLabel ? "labels" : "label";
  const entry = Object.values(answer).find(
    (value): value is Record<string, unknown> =>
      typeof value === "object" && value !== null && field in value,
  );
  if (!entry) {
    const shape = profile.multiLabel ? '{"labels": ["..."]}' : '{"label": "..."}';
    throw validationError(`The answer has no ${field}: expected {"<element name>": ${shape}}.`);
  }
  const chosen = profile.multiLabel ? entry.labels : [entry.label];
  if (!Array.isArray(chosen) || chosen.some((label) => typeof label !== "string")) {
    throw validationError(
      `The answer's ${field} must be ${profile.multiLabel ? "a list of strings" : "a string"}.`,
    );
  }
  const unknown = (chosen as string[]).find((label) => !(labels ?? []).includes(label));
  if (unknown !== undefined) {
    throw validationError(
      `"${unknown}" is not a label of this job. The labels are: ${(labels ?? []).join(", ")}.`,
    );
  }
  if (profile.multiLabel && chosen.length === 0) throw validationError("Choose at least one label.");
}
