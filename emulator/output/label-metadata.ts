import type { ClassificationTaskType } from "../lambdas/builtin-lambdas.js";
import { creationDate } from "./output-layout.js";

/** The `type` Ground Truth writes for each built-in classification task type. */
const TYPES: Record<ClassificationTaskType, string> = {
  VideoClassification: "groundtruth/video-classification",
  ImageClassification: "groundtruth/image-classification",
  TextClassification: "groundtruth/text-classification",
  ImageClassificationMultiLabel: "groundtruth/image-classification-multilabel",
  TextClassificationMultiLabel: "groundtruth/text-classification-multilabel",
};

export const metadataType = (taskType: ClassificationTaskType): string => TYPES[taskType];

/** `labeling-job/<name lower-cased>`, as real output shows. */
export const metadataJobName = (jobName: string): string => `labeling-job/${jobName.toLowerCase()}`;

export interface LabelContent {
  [attribute: string]: unknown;
}

/**
 * `{<attr>: index, <attr>-metadata: {class-name, confidence, type, job-name, human-annotated,
 * creation-date}}`, keys in exactly that order (AWS's output, and its ACS reference).
 */
export function singleLabelContent(
  attribute: string,
  label: { index: number; name: string; confidence: number },
  context: { taskType: ClassificationTaskType; jobName: string; at: Date },
): LabelContent {
  return {
    [attribute]: label.index,
    [`${attribute}-metadata`]: {
      "class-name": label.name,
      confidence: label.confidence,
      type: metadataType(context.taskType),
      "job-name": metadataJobName(context.jobName),
      "human-annotated": "yes",
      "creation-date": creationDate(context.at),
    },
  };
}

/** Multi-label: `{<attr>: [indices], <attr>-metadata: {class-map, confidence-map, type, ...}}`. */
export function multiLabelContent(
  attribute: string,
  labels: { index: number; name: string; confidence: number }[],
  context: { taskType: ClassificationTaskType; jobName: string; at: Date },
): LabelContent {
  return {
    [attribute]: labels.map((label) => label.index),
    [`${attribute}-metadata`]: {
      "class-map": Object.fromEntries(labels.map((label) => [String(label.index), label.name])),
      "confidence-map": Object.fromEntries(labels.map((label) => [String(label.index), label.confidence])),
      type: metadataType(context.taskType),
      "job-name": metadataJobName(context.jobName),
      "human-annotated": "yes",
      "creation-date": creationDate(context.at),
    },
  };
}

/** What an object that could not be labeled carries instead of a label (gt-local's choice). */
export function failureContent(
  attribute: string,
  reason: string,
  context: { type: string; jobName: string; at: Date },
): LabelContent {
  return {
    [`${attribute}-metadata`]: {
      "failure-reason": reason,
      type: context.type,
      "job-name": metadataJobName(context.jobName),
      "human-annotated": "yes",
      "creation-date": creationDate(context.at),
    },
  };
}

/**
 * Ground Truth's rule for custom consolidation Lambdas that return no metadata: it adds
 * `{job-name, type: groundTruth/custom, human-annotated, creation-date}`.
 */
export function customMetadata(jobName: string, at: Date): Record<string, string> {
  return {
    "job-name": metadataJobName(jobName),
    type: "groundTruth/custom",
    "human-annotated": "yes",
    "creation-date": creationDate(at),
  };
}

const OPENING_BRACE = 0x7b;
const CLOSING_BRACE = 0x7d;

/**
 * The output line: the input line's own text with the label keys appended, so the user's keys
 * keep their order and spelling exactly (JSON.parse would move numeric-looking keys first). The
 * label content comes as stored (its JSON text), so a manifest never parses it again.
 */
export function outputLine(inputLine: string, contentJson: string | undefined): string {
  if (contentJson === undefined || contentJson === "{}") return inputLine;
  // The usual line ends `...value}`, nothing after the brace: the content goes before it, without
  // the regular expressions below (a 100,000-line manifest is written once per iteration).
  const end = inputLine.length - 1;
  const beforeBrace = inputLine.charCodeAt(end - 1);
  if (
    inputLine.charCodeAt(end) === CLOSING_BRACE &&
    contentJson.charCodeAt(contentJson.length - 1) === CLOSING_BRACE &&
    beforeBrace > 0x20 &&
    beforeBrace < 0x7f &&
    beforeBrace !== OPENING_BRACE
  ) {
    return `${inputLine.slice(0, end)},${contentJson.slice(1)}`;
  }
  const added = contentJson.slice(1, -1);
  const body = inputLine.trimEnd().replace(/\}$/u, "");
  const separator = /\{\s*$/u.test(body) ? "" : ",";
  return `${body}${separator}${added}}`;
}
