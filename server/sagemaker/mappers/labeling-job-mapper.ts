import type { LabelCounters, LabelingJob, LabelingJobSpec } from "../../../emulator/jobs/labeling-job.js";
import { parseArn } from "../../../emulator/scope.js";
import type {
  CreateLabelingJobRequest,
  DescribeLabelingJobResponse,
  HumanTaskConfig,
  LabelCounters as WireLabelCounters,
  LabelingJobAlgorithmsConfig,
  LabelingJobForWorkteamSummary,
  LabelingJobInputConfig,
  LabelingJobSummary,
  Tag as WireTag,
} from "../generated/model.js";

/** Server-filled defaults (API reference): AWS returns them from Describe when omitted. */
const DEFAULT_MAX_CONCURRENT_TASK_COUNT = 1000;
const PUBLIC_CROWD_AVAILABILITY_SECONDS = 21_600;
const PRIVATE_AVAILABILITY_SECONDS = 2_592_000;

function defaultAvailability(workteamArn: string): number {
  const isPublic = parseArn(workteamArn)?.resource.startsWith("workteam/public-crowd/") ?? false;
  return isPublic ? PUBLIC_CROWD_AVAILABILITY_SECONDS : PRIVATE_AVAILABILITY_SECONDS;
}

export function specFromRequest(request: CreateLabelingJobRequest): LabelingJobSpec {
  const human = request.HumanTaskConfig;
  const algorithms = request.LabelingJobAlgorithmsConfig;
  const resource = algorithms?.LabelingJobResourceConfig;
  const price = human.PublicWorkforceTaskPrice?.AmountInUsd;
  return {
    labelAttributeName: request.LabelAttributeName,
    input: {
      manifestS3Uri: request.InputConfig.DataSource.S3DataSource?.ManifestS3Uri,
      snsTopicArn: request.InputConfig.DataSource.SnsDataSource?.SnsTopicArn,
      contentClassifiers: request.InputConfig.DataAttributes?.ContentClassifiers,
    },
    output: {
      s3OutputPath: request.OutputConfig.S3OutputPath,
      kmsKeyId: request.OutputConfig.KmsKeyId ?? "",
      snsTopicArn: request.OutputConfig.SnsTopicArn,
    },
    roleArn: request.RoleArn,
    labelCategoryConfigS3Uri: request.LabelCategoryConfigS3Uri,
    stoppingConditions: request.StoppingConditions && {
      maxHumanLabeledObjectCount: request.StoppingConditions.MaxHumanLabeledObjectCount,
      maxPercentageOfInputDatasetLabeled: request.StoppingConditions.MaxPercentageOfInputDatasetLabeled,
    },
    algorithms: algorithms && {
      specificationArn: algorithms.LabelingJobAlgorithmSpecificationArn,
      initialActiveLearningModelArn: algorithms.InitialActiveLearningModelArn,
      resourceConfig: resource && {
        volumeKmsKeyId: resource.VolumeKmsKeyId,
        vpcConfig: resource.VpcConfig && {
          securityGroupIds: resource.VpcConfig.SecurityGroupIds,
          subnets: resource.VpcConfig.Subnets,
        },
      },
    },
    humanTask: {
      workteamArn: human.WorkteamArn,
      uiTemplateS3Uri: human.UiConfig.UiTemplateS3Uri,
      humanTaskUiArn: human.UiConfig.HumanTaskUiArn,
      preHumanTaskLambdaArn: human.PreHumanTaskLambdaArn,
      taskKeywords: human.TaskKeywords,
      taskTitle: human.TaskTitle,
      taskDescription: human.TaskDescription,
      workersPerDataObject: human.NumberOfHumanWorkersPerDataObject,
      taskTimeLimitSeconds: human.TaskTimeLimitInSeconds,
      taskAvailabilityLifetimeSeconds:
        human.TaskAvailabilityLifetimeInSeconds ?? defaultAvailability(human.WorkteamArn),
      maxConcurrentTaskCount: human.MaxConcurrentTaskCount ?? DEFAULT_MAX_CONCURRENT_TASK_COUNT,
      consolidationLambdaArn: human.AnnotationConsolidationConfig?.AnnotationConsolidationLambdaArn,
      publicTaskPriceUsd: price && {
        dollars: price.Dollars,
        cents: price.Cents,
        tenthFractionsOfACent: price.TenthFractionsOfACent,
      },
    },
  };
}

export const wireCounters = (counters: LabelCounters): WireLabelCounters => ({
  TotalLabeled: counters.totalLabeled,
  HumanLabeled: counters.humanLabeled,
  MachineLabeled: counters.machineLabeled,
  FailedNonRetryableError: counters.failedNonRetryableError,
  Unlabeled: counters.unlabeled,
});

function wireInputConfig(spec: LabelingJobSpec): LabelingJobInputConfig {
  const { manifestS3Uri, snsTopicArn, contentClassifiers } = spec.input;
  return {
    DataSource: {
      S3DataSource: manifestS3Uri === undefined ? undefined : { ManifestS3Uri: manifestS3Uri },
      SnsDataSource: snsTopicArn === undefined ? undefined : { SnsTopicArn: snsTopicArn },
    },
    DataAttributes: contentClassifiers === undefined ? undefined : { ContentClassifiers: contentClassifiers },
  };
}

function wireHumanTaskConfig(spec: LabelingJobSpec): HumanTaskConfig {
  const human = spec.humanTask;
  const price = human.publicTaskPriceUsd;
  return {
    WorkteamArn: human.workteamArn,
    UiConfig: { UiTemplateS3Uri: human.uiTemplateS3Uri, HumanTaskUiArn: human.humanTaskUiArn },
    PreHumanTaskLambdaArn: human.preHumanTaskLambdaArn,
    TaskKeywords: human.taskKeywords,
    TaskTitle: human.taskTitle,
    TaskDescription: human.taskDescription,
    NumberOfHumanWorkersPerDataObject: human.workersPerDataObject,
    TaskTimeLimitInSeconds: human.taskTimeLimitSeconds,
    TaskAvailabilityLifetimeInSeconds: human.taskAvailabilityLifetimeSeconds,
    MaxConcurrentTaskCount: human.maxConcurrentTaskCount,
    AnnotationConsolidationConfig:
      human.consolidationLambdaArn === undefined
        ? undefined
        : { AnnotationConsolidationLambdaArn: human.consolidationLambdaArn },
    PublicWorkforceTaskPrice: price && {
      AmountInUsd: {
        Dollars: price.dollars,
        Cents: price.cents,
        TenthFractionsOfACent: price.tenthFractionsOfACent,
      },
    },
  };
}

function wireAlgorithms(spec: LabelingJobSpec): LabelingJobAlgorithmsConfig | undefined {
  const algorithms = spec.algorithms;
  if (!algorithms) return undefined;
  const resource = algorithms.resourceConfig;
  return {
    LabelingJobAlgorithmSpecificationArn: algorithms.specificationArn,
    InitialActiveLearningModelArn: algorithms.initialActiveLearningModelArn,
    LabelingJobResourceConfig: resource && {
      VolumeKmsKeyId: resource.volumeKmsKeyId,
      VpcConfig: resource.vpcConfig && {
        SecurityGroupIds: resource.vpcConfig.securityGroupIds,
        Subnets: resource.vpcConfig.subnets,
      },
    },
  };
}

const wireOutput = (job: LabelingJob) =>
  job.outputDatasetS3Uri === undefined ? undefined : { OutputDatasetS3Uri: job.outputDatasetS3Uri };

export function describeResponse(job: LabelingJob, tags: WireTag[]): DescribeLabelingJobResponse {
  const { spec } = job;
  const stopping = spec.stoppingConditions;
  return {
    LabelingJobStatus: job.status,
    LabelCounters: wireCounters(job.counters),
    FailureReason: job.failureReason,
    CreationTime: job.creationTime,
    LastModifiedTime: job.lastModifiedTime,
    JobReferenceCode: job.jobReferenceCode,
    LabelingJobName: job.name,
    LabelingJobArn: job.arn,
    LabelAttributeName: spec.labelAttributeName,
    InputConfig: wireInputConfig(spec),
    OutputConfig: {
      S3OutputPath: spec.output.s3OutputPath,
      KmsKeyId: spec.output.kmsKeyId,
      SnsTopicArn: spec.output.snsTopicArn,
    },
    RoleArn: spec.roleArn,
    LabelCategoryConfigS3Uri: spec.labelCategoryConfigS3Uri,
    StoppingConditions: stopping && {
      MaxHumanLabeledObjectCount: stopping.maxHumanLabeledObjectCount,
      MaxPercentageOfInputDatasetLabeled: stopping.maxPercentageOfInputDatasetLabeled,
    },
    LabelingJobAlgorithmsConfig: wireAlgorithms(spec),
    HumanTaskConfig: wireHumanTaskConfig(spec),
    Tags: tags,
    LabelingJobOutput: wireOutput(job),
  };
}

export const summary = (job: LabelingJob): LabelingJobSummary => ({
  LabelingJobName: job.name,
  LabelingJobArn: job.arn,
  CreationTime: job.creationTime,
  LastModifiedTime: job.lastModifiedTime,
  LabelingJobStatus: job.status,
  LabelCounters: wireCounters(job.counters),
  WorkteamArn: job.spec.humanTask.workteamArn,
  PreHumanTaskLambdaArn: job.spec.humanTask.preHumanTaskLambdaArn,
  AnnotationConsolidationLambdaArn: job.spec.humanTask.consolidationLambdaArn,
  FailureReason: job.failureReason,
  LabelingJobOutput: wireOutput(job),
  InputConfig: wireInputConfig(job.spec),
});

/** What a worker's view of a job shows: counts of human work done and still to do. */
export const workteamSummary = (job: LabelingJob, accountId: string): LabelingJobForWorkteamSummary => ({
  LabelingJobName: job.name,
  JobReferenceCode: job.jobReferenceCode,
  WorkRequesterAccountId: accountId,
  CreationTime: job.creationTime,
  LabelCounters: {
    HumanLabeled: job.counters.humanLabeled,
    PendingHuman: job.counters.unlabeled,
    Total: job.counters.totalLabeled + job.counters.failedNonRetryableError + job.counters.unlabeled,
  },
  NumberOfHumanWorkersPerDataObject: job.spec.humanTask.workersPerDataObject,
});
