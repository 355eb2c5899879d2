import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import {
  CreateLabelingJobCommand,
  DescribeLabelingJobCommand,
  type DescribeLabelingJobCommandOutput,
} from "@aws-sdk/client-sagemaker";
import { CliError } from "../cli-error.js";
import { shellQuote } from "../format.js";
import type { Connection } from "../connection.js";
import {
  categoriesKey,
  labelCategoriesText,
  manifestKey,
  manifestText,
  templateKey,
  videoClassificationRequest,
  type JobLayout,
} from "../video-job-request.js";
import type { VideoFile } from "./find-videos.js";
import { uploadVideos } from "./upload-videos.js";

/**
 * The S3 side of `gt-local label`: everything lives in the bucket `gt-local-label` under the job's
 * name (video-job-request.ts shows the layout), so jobs never share or overwrite each other's files.
 */
export const LABEL_BUCKET = "gt-local-label";
export const layoutFor = (jobName: string): JobLayout => ({ bucket: LABEL_BUCKET, prefix: `${jobName}/` });

export interface NewJob {
  name: string;
  layout: JobLayout;
  videos: readonly VideoFile[];
  labels: readonly string[];
  template: string;
  workteamArn: string;
  workers: number;
  title: string;
}

/** The job as DescribeLabelingJob has it, or undefined when there is none by that name. */
export async function findJob(
  connection: Connection,
  name: string,
): Promise<DescribeLabelingJobCommandOutput | undefined> {
  try {
    return await connection.sagemaker.send(new DescribeLabelingJobCommand({ LabelingJobName: name }));
  } catch (error) {
    if (error instanceof Error && error.name === "ResourceNotFound") return undefined;
    throw error;
  }
}

/** Uploads the videos (skipping those already there), writes the job's inputs and creates it. */
export async function createLabelJob(connection: Connection, job: NewJob): Promise<void> {
  const { s3, sagemaker, region } = connection;
  await ensureBucket(s3, job.layout.bucket);
  await uploadVideos(s3, job.layout, job.videos);
  const put = (key: string, body: string, contentType: string) =>
    s3.send(
      new PutObjectCommand({ Bucket: job.layout.bucket, Key: key, Body: body, ContentType: contentType }),
    );
  const paths = job.videos.map((video) => video.relativePath);
  await put(manifestKey(job.layout), manifestText(job.layout, paths), "application/x-ndjson");
  await put(categoriesKey(job.layout), labelCategoriesText(job.labels), "application/json");
  await put(templateKey(job.layout), job.template, "text/html");
  await sagemaker.send(
    new CreateLabelingJobCommand(
      videoClassificationRequest({
        name: job.name,
        region,
        layout: job.layout,
        workteamArn: job.workteamArn,
        workers: job.workers,
        title: job.title,
        tags: [{ Key: "gt-local:cli", Value: "label" }],
      }),
    ),
  );
}

async function ensureBucket(s3: S3Client, bucket: string): Promise<void> {
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (error) {
    if (error instanceof Error && ["BucketAlreadyOwnedByYou", "BucketAlreadyExists"].includes(error.name))
      return;
    throw error;
  }
}

/**
 * A rerun must label with the labels the job has: resuming with others would mix two question sets.
 * The job's label category file says which.
 */
export async function checkSameLabels(
  s3: S3Client,
  job: DescribeLabelingJobCommandOutput,
  labels: readonly string[],
): Promise<void> {
  const uri = job.LabelCategoryConfigS3Uri ?? "";
  const [bucket = "", ...key] = uri.replace(/^s3:\/\//u, "").split("/");
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key.join("/") }));
  const file = JSON.parse((await object.Body?.transformToString()) ?? "{}") as {
    labels?: { label?: string }[];
  };
  const existing = (file.labels ?? []).map((entry) => entry.label ?? "");
  if (existing.join("\n") === labels.join("\n")) return;
  throw new CliError(
    `job ${job.LabelingJobName ?? ""} already labels with ${existing.join(",")}: pass --labels ${shellQuote(existing.join(","))} to resume it, or --job <another name> for a new job`,
  );
}
