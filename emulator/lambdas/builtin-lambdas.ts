import { parseArn } from "../scope.js";

/**
 * The AWS accounts that own Ground Truth's built-in PRE-/ACS- Lambda functions, per region
 * (API reference for CreateLabelingJob; the ISO entries from AWS's own helper code).
 */
export const BUILTIN_LAMBDA_ACCOUNTS: Readonly<Record<string, string>> = {
  "us-east-1": "432418664414",
  "us-east-2": "266458841044",
  "us-west-2": "081040173940",
  "ca-central-1": "918755190332",
  "eu-west-1": "568282634449",
  "eu-west-2": "487402164563",
  "eu-central-1": "203001061592",
  "ap-northeast-1": "477331159723",
  "ap-northeast-2": "845288260483",
  "ap-south-1": "565803892007",
  "ap-southeast-1": "377565633583",
  "ap-southeast-2": "454466003867",
  "us-iso-east-1": "403361949736",
  "us-isob-east-1": "492044955883",
};

/** The task types of the classification family gt-local runs built in. */
export type ClassificationTaskType =
  | "VideoClassification"
  | "ImageClassification"
  | "ImageClassificationMultiLabel"
  | "TextClassification"
  | "TextClassificationMultiLabel";

/**
 * Built-in function suffixes we recognise, mapped to the task type. Video classification has two
 * spellings: the API reference says `VideoMultiClass`, the Developer Guide `VideoClassification`.
 */
const CLASSIFICATION_SUFFIXES: Readonly<Record<string, ClassificationTaskType>> = {
  VideoMultiClass: "VideoClassification",
  VideoClassification: "VideoClassification",
  ImageMultiClass: "ImageClassification",
  ImageMultiClassMultiLabel: "ImageClassificationMultiLabel",
  TextMultiClass: "TextClassification",
  TextMultiClassMultiLabel: "TextClassificationMultiLabel",
};

/** Built-in types whose LabelAttributeName must end in `-ref` (CreateLabelingJob API reference). */
const REF_SUFFIX_TASK_TYPES = new Set([
  "SemanticSegmentation",
  "AdjustmentSemanticSegmentation",
  "VideoObjectDetection",
  "VideoObjectTracking",
  "AdjustmentVideoObjectDetection",
  "AdjustmentVideoObjectTracking",
  "3DPointCloudSemanticSegmentation",
  "3DPointCloudObjectTracking",
  "Adjustment3DPointCloudSemanticSegmentation",
  "Adjustment3DPointCloudObjectTracking",
]);

export interface BuiltinLambda {
  kind: "PRE" | "ACS";
  /** The AWS function suffix, e.g. `VideoMultiClass`. */
  functionTaskType: string;
  /** Set when gt-local can run this built-in (the classification family). */
  classification?: ClassificationTaskType;
}

/** Recognises `arn:aws:lambda:<region>:<GT account>:function:PRE-<Type>` (and ACS-). */
export function parseBuiltinLambdaArn(arn: string): BuiltinLambda | undefined {
  const parsed = parseArn(arn);
  if (parsed?.service !== "lambda") return undefined;
  if (BUILTIN_LAMBDA_ACCOUNTS[parsed.region] !== parsed.accountId) return undefined;
  const match = /^function:(PRE|ACS)-([A-Za-z0-9]+)$/u.exec(parsed.resource);
  if (!match) return undefined;
  const kind = match[1] === "PRE" ? "PRE" : "ACS";
  const functionTaskType = match[2] ?? "";
  const classification = CLASSIFICATION_SUFFIXES[functionTaskType];
  return classification ? { kind, functionTaskType, classification } : { kind, functionTaskType };
}

/** Whether a built-in task type requires a `-ref` LabelAttributeName. */
export const requiresRefSuffix = (functionTaskType: string): boolean =>
  REF_SUFFIX_TASK_TYPES.has(functionTaskType);
