/** The labeling job as the domain core sees it (camelCase; wire shapes live in server/sagemaker). */
export const LABELING_JOB_STATUSES = [
  "Initializing",
  "InProgress",
  "Completed",
  "Failed",
  "Stopping",
  "Stopped",
] as const;
export type LabelingJobStatus = (typeof LABELING_JOB_STATUSES)[number];

export interface LabelCounters {
  totalLabeled: number;
  humanLabeled: number;
  machineLabeled: number;
  failedNonRetryableError: number;
  unlabeled: number;
}

export const ZERO_COUNTERS: LabelCounters = {
  totalLabeled: 0,
  humanLabeled: 0,
  machineLabeled: 0,
  failedNonRetryableError: 0,
  unlabeled: 0,
};

export type ContentClassifier = "FreeOfPersonallyIdentifiableInformation" | "FreeOfAdultContent";

export interface JobInputConfig {
  manifestS3Uri?: string;
  snsTopicArn?: string;
  contentClassifiers?: ContentClassifier[];
}

export interface JobOutputConfig {
  s3OutputPath: string;
  /** AWS echoes `""` when no key was given; gt-local accepts any key and writes unencrypted. */
  kmsKeyId: string;
  snsTopicArn?: string;
}

export interface StoppingConditions {
  maxHumanLabeledObjectCount?: number;
  maxPercentageOfInputDatasetLabeled?: number;
}

export interface AlgorithmsConfig {
  specificationArn: string;
  initialActiveLearningModelArn?: string;
  resourceConfig?: {
    volumeKmsKeyId?: string;
    vpcConfig?: { securityGroupIds: string[]; subnets: string[] };
  };
}

export interface HumanTaskSettings {
  workteamArn: string;
  uiTemplateS3Uri?: string;
  humanTaskUiArn?: string;
  preHumanTaskLambdaArn?: string;
  taskKeywords?: string[];
  taskTitle: string;
  taskDescription: string;
  workersPerDataObject: number;
  taskTimeLimitSeconds: number;
  taskAvailabilityLifetimeSeconds: number;
  maxConcurrentTaskCount: number;
  consolidationLambdaArn?: string;
  publicTaskPriceUsd?: { dollars?: number; cents?: number; tenthFractionsOfACent?: number };
}

/** Everything CreateLabelingJob fixed about the job; never changes afterwards. */
export interface LabelingJobSpec {
  labelAttributeName: string;
  input: JobInputConfig;
  output: JobOutputConfig;
  roleArn: string;
  labelCategoryConfigS3Uri?: string;
  stoppingConditions?: StoppingConditions;
  algorithms?: AlgorithmsConfig;
  humanTask: HumanTaskSettings;
}

export interface LabelingJob {
  region: string;
  name: string;
  arn: string;
  status: LabelingJobStatus;
  jobReferenceCode: string;
  failureReason?: string;
  spec: LabelingJobSpec;
  counters: LabelCounters;
  outputDatasetS3Uri?: string;
  creationTime: Date;
  lastModifiedTime: Date;
}
