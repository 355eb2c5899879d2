import { GetObjectCommand } from "@aws-sdk/client-s3";
import {
  CreateLabelingJobCommand,
  DescribeLabelingJobCommand,
  SageMakerClient,
  type DescribeLabelingJobCommandOutput,
} from "@aws-sdk/client-sagemaker";
import { s3ClientFor, uploadJobInputs } from "../../helpers/job-fixtures.js";
import { videoJobRequest } from "../../helpers/requests.js";
import { TEST_CREDENTIALS, type TestServer } from "../../helpers/test-server.js";
import { LABELS } from "./http-workers.js";

export interface JobShape {
  name: string;
  objects: number;
  workersPerObject: number;
  maxConcurrentTaskCount: number;
  /** TaskTimeLimitInSeconds; the documentation's 300 unless given. */
  taskTimeLimitSeconds?: number;
}

export const sagemakerAt = (endpoint: string): SageMakerClient =>
  new SageMakerClient({ endpoint, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 });

/** The `source-ref` of object `index` in the manifest these tests upload. */
export const sourceRefOf = (index: number): string => `s3://bucket/videos/clip-${String(index)}.mp4`;

/**
 * Uploads a manifest of `objects` videos with the labels of LABELS and creates a video
 * classification job over it with the real SDK, with no stopping conditions: it runs until every
 * object has its answers.
 */
export async function createVideoJob(endpoint: string, shape: JobShape): Promise<void> {
  await uploadJobInputs({ url: endpoint } as TestServer, {
    manifest: Array.from({ length: shape.objects }, (_, index) => ({ "source-ref": sourceRefOf(index) })),
    labels: [...LABELS],
  });
  const request = videoJobRequest(shape.name);
  const humanTask = request.HumanTaskConfig;
  if (!humanTask) throw new Error("the fixture request has no HumanTaskConfig");
  const sagemaker = sagemakerAt(endpoint);
  await sagemaker.send(
    new CreateLabelingJobCommand({
      ...request,
      StoppingConditions: undefined,
      HumanTaskConfig: {
        ...humanTask,
        NumberOfHumanWorkersPerDataObject: shape.workersPerObject,
        MaxConcurrentTaskCount: shape.maxConcurrentTaskCount,
        TaskTimeLimitInSeconds: shape.taskTimeLimitSeconds ?? 300,
      },
    }),
  );
  sagemaker.destroy();
}

export async function describeJobAt(
  endpoint: string,
  name: string,
): Promise<DescribeLabelingJobCommandOutput> {
  const sagemaker = sagemakerAt(endpoint);
  try {
    return await sagemaker.send(new DescribeLabelingJobCommand({ LabelingJobName: name }));
  } finally {
    sagemaker.destroy();
  }
}

/** The lines of an S3 object (an output manifest) read through the real S3 SDK. */
export async function readJsonLines(endpoint: string, s3Uri: string): Promise<Record<string, unknown>[]> {
  const match = /^s3:\/\/([^/]+)\/(.+)$/u.exec(s3Uri);
  if (!match?.[1] || !match[2]) throw new Error(`not an S3 URI: ${s3Uri}`);
  const s3 = s3ClientFor({ url: endpoint });
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: match[1], Key: match[2] }));
    const text = (await object.Body?.transformToString()) ?? "";
    return text
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  } finally {
    s3.destroy();
  }
}
