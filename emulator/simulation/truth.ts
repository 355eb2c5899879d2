import type { TruthSource } from "./policy.js";
import { pickIndex, randomFor } from "./seeded-random.js";

/** One data object as the simulation sees it: its id and the manifest line it came from. */
export interface SimulatedObject {
  /** AWS's datasetObjectId: the 0-based manifest position, as a string. */
  datasetObjectId: string;
  line: Record<string, unknown>;
}

export type TruthResult = { labels: string[] } | { error: string };

/**
 * The right answer for one object, the same for every worker: a set of one label for single-label
 * jobs (the first, when the source gives several), every label given for multi-label jobs.
 * Labels are not checked against the job's here: an unknown one reaches the same answer check a
 * person's answer does, and its refusal is what the simulation reports.
 */
export function truthFor(
  source: TruthSource,
  object: SimulatedObject,
  context: { labels: readonly string[]; seed: string; multiLabel: boolean },
): TruthResult {
  const found = rawTruth(source, object, context);
  if ("error" in found) return found;
  return { labels: context.multiLabel ? [...new Set(found.labels)] : found.labels.slice(0, 1) };
}

function rawTruth(
  source: TruthSource,
  object: SimulatedObject,
  context: { labels: readonly string[]; seed: string },
): TruthResult {
  if (source === "uniform-random") {
    if (context.labels.length === 0) {
      return { error: "The job has no label categories to draw a uniformly random truth from." };
    }
    const random = randomFor(context.seed, "truth", object.datasetObjectId);
    return { labels: [context.labels[pickIndex(random, context.labels.length)] ?? ""] };
  }
  if ("map" in source) {
    const keys = [object.line["source-ref"], object.line.source, object.datasetObjectId];
    const key = keys.find(
      (candidate): candidate is string => typeof candidate === "string" && candidate in source.map,
    );
    const value = key === undefined ? undefined : source.map[key];
    if (value === undefined) {
      return {
        error: `The truth map has no entry for object ${object.datasetObjectId} (looked up by source-ref, source and dataset object id).`,
      };
    }
    return { labels: typeof value === "string" ? [value] : value };
  }
  return fromAttribute(source.attribute, object, context.labels);
}

/**
 * A manifest attribute holds a label, a list of labels, or (as in a Ground Truth output manifest,
 * which can be fed back as input) a class index or a list of them.
 */
function fromAttribute(attribute: string, object: SimulatedObject, labels: readonly string[]): TruthResult {
  const value = object.line[attribute];
  const items: unknown[] = Array.isArray(value) ? value : [value];
  const named = items.map((item) =>
    typeof item === "string" && item !== ""
      ? item
      : typeof item === "number" && Number.isInteger(item)
        ? labels[item]
        : undefined,
  );
  if (value === undefined) {
    return {
      error: `Object ${object.datasetObjectId} has no "${attribute}" attribute to take the truth from.`,
    };
  }
  if (items.length === 0 || named.some((label) => label === undefined)) {
    return {
      error: `The "${attribute}" attribute of object ${object.datasetObjectId} is not a label, a list of labels or a label index: ${JSON.stringify(value)}.`,
    };
  }
  return { labels: named as string[] };
}
