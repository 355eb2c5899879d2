import { GetObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { DescribeLabelingJobCommand, type SageMakerClient } from "@aws-sdk/client-sagemaker";
import { s3ClientFor } from "./job-fixtures.js";

/** Where the seed request writes its output (`S3OutputPath` s3://bucket/path/file-to-store-output-data). */
const OUTPUT_PREFIX = "path/file-to-store-output-data";

/** Manifest lines with a `true-label` attribute that simulated workers can take their truth from. */
export const truthManifest = (truths: readonly string[]) =>
  truths.map((truth, index) => ({
    "source-ref": `s3://bucket/videos/clip-${String(index)}.mp4`,
    "true-label": truth,
  }));

async function readObject(endpoint: string, key: string, bucket = "bucket"): Promise<string> {
  const s3 = s3ClientFor({ url: endpoint });
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return (await object.Body?.transformToString()) ?? "";
  } finally {
    s3.destroy();
  }
}

/** The job's output.manifest, read back from S3 as a pipeline would. */
export async function outputLines(
  endpoint: string,
  sagemaker: SageMakerClient,
  jobName: string,
): Promise<Record<string, unknown>[]> {
  const job = await sagemaker.send(new DescribeLabelingJobCommand({ LabelingJobName: jobName }));
  const uri = job.LabelingJobOutput?.OutputDatasetS3Uri ?? "";
  const [bucket = "", ...key] = uri.replace("s3://", "").split("/");
  const text = await readObject(endpoint, key.join("/"), bucket);
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

export interface ResponseAnswer {
  datasetObjectId: string;
  /** As AWS writes it: `private.<region>.<worker id>`. */
  workerId: string;
  answerContent: unknown;
}

/** Every answer in the job's worker-response files, sorted by object and then worker. */
export async function workerResponses(endpoint: string, jobName: string): Promise<ResponseAnswer[]> {
  const s3 = s3ClientFor({ url: endpoint });
  const listed = await s3.send(
    new ListObjectsV2Command({
      Bucket: "bucket",
      Prefix: `${OUTPUT_PREFIX}/${jobName}/annotations/worker-response/`,
    }),
  );
  s3.destroy();
  const answers: ResponseAnswer[] = [];
  for (const { Key: key = "" } of listed.Contents ?? []) {
    const datasetObjectId = key.split("/").at(-2) ?? "";
    const file = JSON.parse(await readObject(endpoint, key)) as {
      answers: { workerId: string; answerContent: unknown }[];
    };
    for (const { workerId, answerContent } of file.answers)
      answers.push({ datasetObjectId, workerId, answerContent });
  }
  return answers.sort(
    (a, b) => Number(a.datasetObjectId) - Number(b.datasetObjectId) || a.workerId.localeCompare(b.workerId),
  );
}

/** The single label of a crowd-classifier answer. */
export const labelOf = (answer: unknown): unknown =>
  (answer as Record<string, { label?: unknown } | undefined>)["crowd-classifier"]?.label;
