import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import {
  CreateLabelingJobCommand,
  DescribeLabelingJobCommand,
  type DescribeLabelingJobCommandOutput,
} from "@aws-sdk/client-sagemaker";
import { readFileSync } from "node:fs";
import { seedRequest } from "./requests.js";
import { TEST_CREDENTIALS, type TestServer } from "./test-server.js";

export const VIDEO_TEMPLATE = readFileSync(
  new URL("../fixtures/video-classification.liquid.html", import.meta.url),
  "utf8",
);

export const s3ClientFor = (server: { url: string }): S3Client =>
  new S3Client({
    endpoint: server.url,
    region: "us-east-1",
    credentials: TEST_CREDENTIALS,
    forcePathStyle: true,
    maxAttempts: 1,
  });

export interface JobInputs {
  bucket?: string;
  /** Manifest lines (objects are JSON-encoded; strings are written as they are). */
  manifest?: (Record<string, unknown> | string)[];
  labels?: string[];
  /** Raw label category file text, instead of `labels`. */
  labelFile?: string;
  template?: string;
}

/**
 * Uploads what the seed request (`s3://bucket/path/...`) names: manifest, label categories and
 * template, as a user's test would before calling CreateLabelingJob.
 */
export async function uploadJobInputs(server: TestServer, inputs: JobInputs = {}): Promise<void> {
  const s3 = s3ClientFor(server);
  const bucket = inputs.bucket ?? "bucket";
  await s3.send(new CreateBucketCommand({ Bucket: bucket })).catch(() => undefined);
  const put = (key: string, body: string) =>
    s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  const manifest =
    inputs.manifest ?? [1, 2, 3].map((n) => ({ "source-ref": `s3://${bucket}/videos/clip-${n}.mp4` }));
  await put(
    "path/manifest-with-input-data.json",
    manifest.map((line) => (typeof line === "string" ? line : JSON.stringify(line))).join("\n") + "\n",
  );
  await put(
    "path/label-categories.json",
    inputs.labelFile ??
      JSON.stringify({
        "document-version": "2018-11-28",
        labels: (inputs.labels ?? ["Sports", "News", "Music"]).map((label) => ({ label })),
      }),
  );
  await put("path/worker-task-template.html", inputs.template ?? VIDEO_TEMPLATE);
  s3.destroy();
}

/**
 * The seed job over the seed inputs (three videos), with its workers per object and concurrency
 * set, once the engine has started it.
 */
export async function createSeedJob(
  server: TestServer,
  { workersPerObject, maxConcurrent }: { workersPerObject: number; maxConcurrent: number },
): Promise<void> {
  await uploadJobInputs(server);
  const request = seedRequest();
  request.HumanTaskConfig!.NumberOfHumanWorkersPerDataObject = workersPerObject;
  request.HumanTaskConfig!.MaxConcurrentTaskCount = maxConcurrent;
  await server.sagemaker.send(new CreateLabelingJobCommand(request));
  await engineIdle(server);
}

/** Lets the job engine finish what it is doing (starts, ingests, refills). */
export async function engineIdle(server: TestServer): Promise<void> {
  // A timer, not setImmediate: the engine's own zero-delay timers (a job's start with
  // startDelayMs 0) were set earlier, so they fire first, however loaded the machine is.
  await new Promise((resolve) => setTimeout(resolve, 1));
  await server.emulator.engine.idle();
}

export async function describeJob(
  server: TestServer,
  name: string,
): Promise<DescribeLabelingJobCommandOutput> {
  return server.sagemaker.send(new DescribeLabelingJobCommand({ LabelingJobName: name }));
}
