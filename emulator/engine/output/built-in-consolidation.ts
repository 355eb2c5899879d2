import {
  consolidateMultiLabel,
  consolidateSingleLabel,
  type ClassAnswer,
  type ConsolidationMethod,
} from "../../consolidation/index.js";
import type { ClassificationTaskType } from "../../lambdas/builtin-lambdas.js";
import { multiLabelContent, singleLabelContent, type LabelContent } from "../../output/label-metadata.js";
import type { SubmittedRow } from "./consolidation-repository.js";

/** The label indices a crowd-form answer chose (`{"<name>": {"label"}}` or `{"labels": [...]}`). */
function chosenIndices(answerJson: string, labels: readonly string[], multiLabel: boolean): number[] {
  const answer = JSON.parse(answerJson) as Record<string, unknown>;
  for (const value of Object.values(answer)) {
    if (typeof value !== "object" || value === null) continue;
    const entry = value as { label?: unknown; labels?: unknown };
    const names = multiLabel ? entry.labels : [entry.label];
    if (Array.isArray(names)) {
      return names.flatMap((name) => {
        const index = typeof name === "string" ? labels.indexOf(name) : -1;
        return index >= 0 ? [index] : [];
      });
    }
  }
  return [];
}

/** Submitted answers as the consolidation methods take them: the label indices each one chose. */
export function classAnswersOf(
  rows: readonly SubmittedRow[],
  labels: readonly string[],
  multiLabel: boolean,
): ClassAnswer[] {
  return rows.map((row) => ({
    objectId: row.object_id,
    workerId: row.worker_id,
    labels: chosenIndices(row.answer_json, labels, multiLabel),
  }));
}

/**
 * Built-in ACS for the classification family: the answers given go in (for Dawid-Skene every
 * answer of the job so far, from which it learns each worker's reliability; for majority vote
 * those of the iteration's objects), results are returned for `objectIds`.
 */
export function builtInContents(options: {
  method: ConsolidationMethod;
  taskType: ClassificationTaskType;
  multiLabel: boolean;
  attribute: string;
  labels: readonly string[];
  jobName: string;
  at: Date;
  answers: readonly ClassAnswer[];
  objectIds: ReadonlySet<number>;
}): Map<number, LabelContent> {
  const classAnswers = options.answers;
  const context = { taskType: options.taskType, jobName: options.jobName, at: options.at };
  const name = (index: number): string => options.labels[index] ?? String(index);
  const contents = new Map<number, LabelContent>();
  if (options.multiLabel) {
    for (const result of consolidateMultiLabel(options.method, classAnswers, options.labels.length)) {
      if (!options.objectIds.has(result.objectId)) continue;
      const chosen = result.labels.map((index, position) => ({
        index,
        name: name(index),
        confidence: result.confidences[position] ?? 0,
      }));
      contents.set(result.objectId, multiLabelContent(options.attribute, chosen, context));
    }
  } else {
    for (const result of consolidateSingleLabel(options.method, classAnswers, options.labels.length)) {
      if (!options.objectIds.has(result.objectId)) continue;
      contents.set(
        result.objectId,
        singleLabelContent(
          options.attribute,
          { index: result.label, name: name(result.label), confidence: result.confidence },
          context,
        ),
      );
    }
  }
  return contents;
}
