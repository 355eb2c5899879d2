import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { DescribeLabelingJobCommandOutput } from "@aws-sdk/client-sagemaker";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { CliError } from "../cli-error.js";

/**
 * Copies the job's output manifest (`LabelingJobOutput.OutputDatasetS3Uri`, exactly as Ground Truth
 * wrote it) to a local file, and counts the consolidated labels for the summary line.
 */
export async function writeOutputManifest(
  s3: S3Client,
  job: DescribeLabelingJobCommandOutput,
  path: string,
): Promise<{ lines: number; labelCounts: Map<string, number> }> {
  const uri = job.LabelingJobOutput?.OutputDatasetS3Uri;
  if (uri === undefined) throw new CliError(`job ${job.LabelingJobName ?? ""} has no output manifest`);
  const [bucket = "", ...key] = uri.replace(/^s3:\/\//u, "").split("/");
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key.join("/") }));
  const text = (await object.Body?.transformToString()) ?? "";
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
  const attribute = job.LabelAttributeName ?? "label";
  const labelCounts = new Map<string, number>();
  const lines = text.split("\n").filter((line) => line.trim() !== "");
  for (const line of lines) {
    const metadata = (JSON.parse(line) as Record<string, { "class-name"?: string } | undefined>)[
      `${attribute}-metadata`
    ];
    const label = metadata?.["class-name"];
    if (label !== undefined) labelCounts.set(label, (labelCounts.get(label) ?? 0) + 1);
  }
  return { lines: lines.length, labelCounts };
}
