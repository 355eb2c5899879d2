import type { LabelingJobSpec } from "../jobs/labeling-job.js";
import { parseBuiltinLambdaArn, type ClassificationTaskType } from "../lambdas/builtin-lambdas.js";
import type { LabelRules } from "./ingest/label-categories.js";

/** What the engine needs to know about a job's task type to run it. */
export interface TaskProfile {
  /** Set for the classification family gt-local runs built in. */
  classification?: ClassificationTaskType;
  multiLabel: boolean;
  /** Label category quotas (Developer Guide); undefined when the file is optional (custom). */
  labelRules?: LabelRules;
  requireSourceRef: boolean;
  /** A built-in PRE- function gt-local cannot run (bounding boxes, 3D, ...): the job fails. */
  unsupportedBuiltin?: string;
}

const RULES: Record<ClassificationTaskType, LabelRules> = {
  VideoClassification: { min: 1, max: 30 },
  ImageClassification: { min: 2, max: 30 },
  TextClassification: { min: 2, max: 30 },
  ImageClassificationMultiLabel: { min: 2, max: 50 },
  TextClassificationMultiLabel: { min: 2, max: 50 },
};

export function taskProfileOf(spec: LabelingJobSpec): TaskProfile {
  let profile = profiles.get(spec);
  if (profile === undefined) {
    profile = profileOf(spec);
    profiles.set(spec, profile);
  }
  return profile;
}

/**
 * Profiles by spec object: the repository hands out one parsed spec per job (and specs are
 * read-only), so every submit of a job finds its profile here instead of parsing Lambda ARNs.
 */
const profiles = new WeakMap<LabelingJobSpec, TaskProfile>();

function profileOf(spec: LabelingJobSpec): TaskProfile {
  const arns = [spec.humanTask.preHumanTaskLambdaArn, spec.humanTask.consolidationLambdaArn];
  const builtins = arns.flatMap((arn) => {
    const parsed = arn === undefined ? undefined : parseBuiltinLambdaArn(arn);
    return parsed ? [parsed] : [];
  });
  const classification = builtins.find((builtin) => builtin.classification)?.classification;
  const pre = spec.humanTask.preHumanTaskLambdaArn;
  const preBuiltin = pre === undefined ? undefined : parseBuiltinLambdaArn(pre);
  const profile: TaskProfile = {
    multiLabel: classification?.endsWith("MultiLabel") ?? false,
    requireSourceRef:
      classification === "VideoClassification" || classification?.startsWith("Image") === true,
  };
  if (classification) {
    profile.classification = classification;
    profile.labelRules = RULES[classification];
  }
  if (preBuiltin && !preBuiltin.classification)
    profile.unsupportedBuiltin = `PRE-${preBuiltin.functionTaskType}`;
  return profile;
}
