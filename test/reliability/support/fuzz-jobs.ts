import { PutObjectCommand } from "@aws-sdk/client-s3";
import { CreateLabelingJobCommand, type CreateLabelingJobCommandInput } from "@aws-sdk/client-sagemaker";
import { describeJob, engineIdle, s3ClientFor, VIDEO_TEMPLATE } from "../../helpers/job-fixtures.js";
import { videoJobRequest } from "../../helpers/requests.js";
import type { TestServer } from "../../helpers/test-server.js";

/** A job's three input files as uploaded; whichever is not given is a valid one, `null` is already there. */
export interface JobFiles {
  manifest?: Buffer | string | null;
  labels?: Buffer | string | null;
  template?: Buffer | string | null;
}

export const VALID_MANIFEST = [1, 2, 3]
  .map((n) => JSON.stringify({ "source-ref": `s3://bucket/videos/${n}.mp4`, n }))
  .join("\n");
export const VALID_LABELS = JSON.stringify({
  "document-version": "2018-11-28",
  labels: [{ label: "Sports" }, { label: "News" }],
});

export interface JobOutcome {
  status: string | undefined;
  reason: string;
  /** `s3://bucket/runs/<name>/`: the files are `manifest`, `labels` and `template` below it. */
  prefix: string;
}

/**
 * Uploads the files under `runs/<name>/` of the bucket `bucket` (which must exist), creates a video
 * classification job reading them and lets the engine start it (the server runs a manual clock
 * with no start delay). Returns the job's status and FailureReason.
 */
export async function runJobWith(
  server: TestServer,
  name: string,
  files: JobFiles,
  edit: (request: CreateLabelingJobCommandInput) => void = () => undefined,
): Promise<JobOutcome> {
  const key = `runs/${name}`;
  const bodies = { manifest: VALID_MANIFEST, labels: VALID_LABELS, template: VIDEO_TEMPLATE, ...files };
  const s3 = s3ClientFor(server);
  for (const [file, body] of Object.entries(bodies)) {
    if (body !== null)
      await s3.send(new PutObjectCommand({ Bucket: "bucket", Key: `${key}/${file}`, Body: body }));
  }
  s3.destroy();
  const request = videoJobRequest(name);
  request.InputConfig = { DataSource: { S3DataSource: { ManifestS3Uri: `s3://bucket/${key}/manifest` } } };
  request.LabelCategoryConfigS3Uri = `s3://bucket/${key}/labels`;
  request.HumanTaskConfig!.UiConfig = { UiTemplateS3Uri: `s3://bucket/${key}/template` };
  edit(request);
  await server.sagemaker.send(new CreateLabelingJobCommand(request));
  await engineIdle(server);
  const job = await describeJob(server, name);
  return { status: job.LabelingJobStatus, reason: job.FailureReason ?? "", prefix: `s3://bucket/${key}/` };
}
