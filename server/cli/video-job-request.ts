import type { CreateLabelingJobCommandInput } from "@aws-sdk/client-sagemaker";
import { BUILTIN_LAMBDA_ACCOUNTS } from "../../emulator/lambdas/builtin-lambdas.js";

/**
 * Where a CLI-made video classification job keeps its files in S3, and the CreateLabelingJob
 * request for it. `gt-local label` and the demo job share both, so the demo is exactly what a
 * user's own `label` run makes.
 *
 *   s3://<bucket>/<prefix>videos/<relative path>   the videos
 *   s3://<bucket>/<prefix>input.manifest           one {"source-ref"} line per video
 *   s3://<bucket>/<prefix>label-categories.json    {"document-version", "labels": [{"label"}]}
 *   s3://<bucket>/<prefix>template.liquid.html     the worker template
 *   s3://<bucket>/<prefix>output/<job>/...         what Ground Truth writes
 */
export interface JobLayout {
  bucket: string;
  /** Empty, or ends in `/`. */
  prefix: string;
}

export const videoKey = (layout: JobLayout, relativePath: string): string =>
  `${layout.prefix}videos/${relativePath}`;
export const manifestKey = (layout: JobLayout): string => `${layout.prefix}input.manifest`;
export const categoriesKey = (layout: JobLayout): string => `${layout.prefix}label-categories.json`;
export const templateKey = (layout: JobLayout): string => `${layout.prefix}template.liquid.html`;
export const s3Uri = (layout: JobLayout, key: string): string => `s3://${layout.bucket}/${key}`;

/** The input manifest: one line per video, in the order given. */
export const manifestText = (layout: JobLayout, relativePaths: readonly string[]): string =>
  relativePaths
    .map((path) => JSON.stringify({ "source-ref": s3Uri(layout, videoKey(layout, path)) }) + "\n")
    .join("");

/** The label category file, as Ground Truth's console writes it. */
export const labelCategoriesText = (labels: readonly string[]): string =>
  JSON.stringify({ "document-version": "2018-11-28", labels: labels.map((label) => ({ label })) }, null, 2) +
  "\n";

export interface VideoJobSpec {
  name: string;
  region: string;
  layout: JobLayout;
  workteamArn: string;
  /** NumberOfHumanWorkersPerDataObject. */
  workers: number;
  title: string;
  tags?: { Key: string; Value: string }[];
}

/** The built-in PRE-/ACS- functions for video classification, in the region's Ground Truth account. */
function builtinArn(region: string, kind: "PRE" | "ACS"): string {
  // Outside Ground Truth's regions, us-east-1's functions (gt-local runs them wherever they are named).
  const known = BUILTIN_LAMBDA_ACCOUNTS[region] === undefined ? "us-east-1" : region;
  return `arn:aws:lambda:${known}:${BUILTIN_LAMBDA_ACCOUNTS[known] ?? ""}:function:${kind}-VideoMultiClass`;
}

/** The account in an ARN (`arn:aws:sagemaker:<region>:<account>:...`). */
const accountOf = (arn: string): string => arn.split(":")[4] ?? "";

export function videoClassificationRequest(spec: VideoJobSpec): CreateLabelingJobCommandInput {
  const { layout } = spec;
  return {
    LabelingJobName: spec.name,
    LabelAttributeName: "label",
    InputConfig: {
      DataSource: { S3DataSource: { ManifestS3Uri: s3Uri(layout, manifestKey(layout)) } },
      DataAttributes: {
        ContentClassifiers: ["FreeOfPersonallyIdentifiableInformation", "FreeOfAdultContent"],
      },
    },
    OutputConfig: { S3OutputPath: s3Uri(layout, `${layout.prefix}output`) },
    RoleArn: `arn:aws:iam::${accountOf(spec.workteamArn)}:role/GroundTruthExecutionRole`,
    LabelCategoryConfigS3Uri: s3Uri(layout, categoriesKey(layout)),
    HumanTaskConfig: {
      WorkteamArn: spec.workteamArn,
      UiConfig: { UiTemplateS3Uri: s3Uri(layout, templateKey(layout)) },
      PreHumanTaskLambdaArn: builtinArn(spec.region, "PRE"),
      TaskKeywords: ["Video Classification"],
      TaskTitle: spec.title.slice(0, 128),
      TaskDescription: "Watch the video and choose the label that fits it best",
      NumberOfHumanWorkersPerDataObject: spec.workers,
      TaskTimeLimitInSeconds: 3600,
      // Private teams may take up to 30 days: labeling on a laptop can wait for a person that long.
      TaskAvailabilityLifetimeInSeconds: 2_592_000,
      MaxConcurrentTaskCount: 1000,
      AnnotationConsolidationConfig: { AnnotationConsolidationLambdaArn: builtinArn(spec.region, "ACS") },
    },
    ...(spec.tags === undefined ? {} : { Tags: spec.tags }),
  };
}
