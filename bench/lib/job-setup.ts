/**
 * What the benchmarks need to create a labeling job over HTTP: SDK clients for a server, its input
 * files in S3 and the documentation's video classification request.
 */
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import {
  CreateLabelingJobCommand,
  SageMakerClient,
  type CreateLabelingJobCommandInput,
} from "@aws-sdk/client-sagemaker";
import { readFileSync } from "node:fs";

export const BENCH_CREDENTIALS = { accessKeyId: "bench", secretAccessKey: "bench" };
export const LABELS = ["Sports", "News", "Music"] as const;

export function sagemakerFor(url: string): SageMakerClient {
  return new SageMakerClient({ endpoint: url, region: "us-east-1", credentials: BENCH_CREDENTIALS });
}

export function s3For(url: string, credentials = BENCH_CREDENTIALS): S3Client {
  // Plain bodies: s3rver (the S3 baseline) knows no aws-chunked trailers, so both servers get the same.
  return new S3Client({
    endpoint: url,
    region: "us-east-1",
    credentials,
    forcePathStyle: true,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

/** `count` manifest lines naming videos (the videos themselves are not needed to run the job). */
export function manifestText(count: number): string {
  const lines: string[] = [];
  for (let index = 0; index < count; index++) {
    lines.push(`{"source-ref":"s3://bucket/videos/clip-${String(index).padStart(7, "0")}.mp4"}`);
  }
  return `${lines.join("\n")}\n`;
}

const TEMPLATE = readFileSync(
  new URL("../../test/fixtures/video-classification.liquid.html", import.meta.url),
  "utf8",
);

/** Puts the manifest, label categories and template where the seed request reads them. */
export async function uploadInputs(
  s3: S3Client,
  manifest: string | Buffer,
  labels: readonly string[] = LABELS,
): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: "bucket" })).catch(() => undefined);
  const put = (key: string, body: string | Buffer) =>
    s3.send(new PutObjectCommand({ Bucket: "bucket", Key: key, Body: body }));
  await put("path/manifest-with-input-data.json", manifest);
  await put(
    "path/label-categories.json",
    JSON.stringify({ "document-version": "2018-11-28", labels: labels.map((label) => ({ label })) }),
  );
  await put("path/worker-task-template.html", TEMPLATE);
}

/** The documentation's request, without stopping conditions (the job runs to the end). */
export function jobRequest(
  name: string,
  humanTask: { workers?: number; maxConcurrent?: number } = {},
): CreateLabelingJobCommandInput {
  const request = JSON.parse(
    readFileSync(
      new URL("../../test/fixtures/create-labeling-job.video-classification.json", import.meta.url),
      "utf8",
    ),
  ) as CreateLabelingJobCommandInput;
  const task = request.HumanTaskConfig;
  if (!task) throw new Error("the fixture has no HumanTaskConfig");
  return {
    ...request,
    LabelingJobName: name,
    StoppingConditions: undefined,
    Tags: [],
    HumanTaskConfig: {
      ...task,
      NumberOfHumanWorkersPerDataObject: humanTask.workers ?? task.NumberOfHumanWorkersPerDataObject,
      MaxConcurrentTaskCount: humanTask.maxConcurrent ?? task.MaxConcurrentTaskCount,
    },
  };
}

export async function createJob(
  sagemaker: SageMakerClient,
  request: CreateLabelingJobCommandInput,
): Promise<void> {
  await sagemaker.send(new CreateLabelingJobCommand(request));
}
