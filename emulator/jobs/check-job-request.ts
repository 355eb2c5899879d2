import { validationError } from "../errors.js";
import { parseBuiltinLambdaArn, requiresRefSuffix } from "../lambdas/builtin-lambdas.js";
import { parseArn } from "../scope.js";
import { parseS3Uri } from "../s3-uri.js";
import type { LabelingJobSpec } from "./labeling-job.js";

/** The algorithm specifications AWS offers for automated data labeling (one AWS account). */
const ALGORITHM_SPEC =
  /^arn:aws[a-z-]*:sagemaker:[a-z0-9-]+:027400017018:labeling-job-algorithm-specification\/(image-classification|text-classification|object-detection|semantic-segmentation)$/u;

/** The task type a job runs, as far as its built-in Lambda ARNs tell. */
export function builtinTaskTypeOf(spec: LabelingJobSpec): string | undefined {
  const arns = [spec.humanTask.preHumanTaskLambdaArn, spec.humanTask.consolidationLambdaArn];
  for (const arn of arns) {
    const builtin = arn === undefined ? undefined : parseBuiltinLambdaArn(arn);
    if (builtin) return builtin.functionTaskType;
  }
  return undefined;
}

export const isVideoClassification = (spec: LabelingJobSpec): boolean => {
  const type = builtinTaskTypeOf(spec);
  return type === "VideoMultiClass" || type === "VideoClassification";
};

function checkS3Uri(member: string, uri: string | undefined): void {
  if (uri !== undefined && !parseS3Uri(uri)) {
    throw validationError(`${member} ${uri} is not a valid S3 URI. Use the form s3://bucket-name/key.`);
  }
}

/**
 * The semantic checks CreateLabelingJob makes after the model's constraints pass, in the order a
 * user would fix them. Each names the member and the rule, in the style of AWS's messages.
 */
export function checkJobRequest(spec: LabelingJobSpec): void {
  const attribute = spec.labelAttributeName;
  const taskType = builtinTaskTypeOf(spec);
  if (attribute === "source" || attribute === "source-ref") {
    throw validationError(`LabelAttributeName ${attribute} is reserved. Choose a different name.`);
  }
  if (attribute.endsWith("-metadata")) {
    throw validationError(`LabelAttributeName ${attribute} is invalid: it must not end with -metadata.`);
  }
  if (taskType !== undefined && requiresRefSuffix(taskType) && !attribute.endsWith("-ref")) {
    throw validationError(
      `LabelAttributeName ${attribute} is invalid: ${taskType} jobs need a name ending in -ref.`,
    );
  }
  if ((taskType === undefined || !requiresRefSuffix(taskType)) && attribute.endsWith("-ref")) {
    throw validationError(
      `LabelAttributeName ${attribute} is invalid: only semantic segmentation, video frame and 3D point cloud jobs may use a name ending in -ref.`,
    );
  }

  const ui = spec.humanTask;
  if ((ui.uiTemplateS3Uri === undefined) === (ui.humanTaskUiArn === undefined)) {
    throw validationError("UiConfig must specify exactly one of UiTemplateS3Uri and HumanTaskUiArn.");
  }

  if (spec.input.manifestS3Uri === undefined && spec.input.snsTopicArn === undefined) {
    throw validationError("InputConfig.DataSource must specify S3DataSource or SnsDataSource.");
  }
  checkS3Uri("ManifestS3Uri", spec.input.manifestS3Uri);
  checkS3Uri("S3OutputPath", spec.output.s3OutputPath);
  checkS3Uri("LabelCategoryConfigS3Uri", spec.labelCategoryConfigS3Uri);
  checkS3Uri("UiTemplateS3Uri", ui.uiTemplateS3Uri);

  if (spec.algorithms) checkAlgorithms(spec);
  checkPublicWorkforce(spec);
}

function checkAlgorithms(spec: LabelingJobSpec): void {
  if (isVideoClassification(spec)) {
    throw validationError(
      "Automated data labeling (LabelingJobAlgorithmsConfig) is not supported for video classification labeling jobs.",
    );
  }
  const arn = spec.algorithms?.specificationArn ?? "";
  if (!ALGORITHM_SPEC.test(arn)) {
    throw validationError(
      `LabelingJobAlgorithmSpecificationArn ${arn} is not a valid algorithm specification ARN.`,
    );
  }
}

/** Mechanical Turk limits (Developer Guide): availability at most 12 hours. */
function checkPublicWorkforce(spec: LabelingJobSpec): void {
  const team = parseArn(spec.humanTask.workteamArn);
  const isPublic = team?.resource.startsWith("workteam/public-crowd/") ?? false;
  if (isPublic && spec.humanTask.taskAvailabilityLifetimeSeconds > 43_200) {
    throw validationError(
      "TaskAvailabilityLifetimeInSeconds must be less than or equal to 43200 for the public (Amazon Mechanical Turk) workforce.",
    );
  }
}
