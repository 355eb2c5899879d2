/*
 * A pipeline test you can copy into your own repository: it creates a Ground Truth video
 * classification job with the AWS SDK exactly as against AWS, lets three simulated workers label
 * the videos, and reads the job's output.manifest from S3. No AWS account, no network, no human.
 *
 *   npm install --save-dev gt-local vitest @aws-sdk/client-sagemaker @aws-sdk/client-s3
 *   npx vitest run video-pipeline.test.ts
 *
 * It needs the files next to it in ../fixtures (the CreateLabelingJob request, the worker task
 * template and three short clips).
 */
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import {
  CreateLabelingJobCommand,
  DescribeLabelingJobCommand,
  SageMakerClient,
  type CreateLabelingJobCommandInput,
} from "@aws-sdk/client-sagemaker";
import { readFile } from "node:fs/promises";
import { startGtLocal, type GtLocal } from "gt-local";
import { afterAll, beforeAll, expect, it } from "vitest";

const fixtures = new URL("../fixtures/", import.meta.url);
const readFixture = (name: string) => readFile(new URL(name, fixtures));

// What each clip shows. The simulated workers read it from the manifest's "true-label" attribute;
// Ground Truth itself ignores attributes it does not know, so the manifest stays valid for AWS.
const VIDEOS = { "clip-a.mp4": "Sports", "clip-b.webm": "News", "clip-c.mp4": "Music" };

let gt: GtLocal;
let sagemaker: SageMakerClient;
let s3: S3Client;

beforeAll(async () => {
  // An ephemeral port and in-memory state: every test file can have its own instance.
  gt = await startGtLocal();
  const client = { endpoint: gt.endpoint, region: gt.region, credentials: gt.credentials };
  sagemaker = new SageMakerClient(client);
  s3 = new S3Client({ ...client, forcePathStyle: true });
});

afterAll(async () => {
  sagemaker.destroy();
  s3.destroy();
  await gt.stop();
});

it("labels three videos with three simulated workers and writes output.manifest", async () => {
  // The request from the Ground Truth documentation names s3://bucket/path/...: put its inputs there.
  const request = JSON.parse(
    (await readFixture("create-labeling-job.video-classification.json")).toString("utf8"),
  ) as CreateLabelingJobCommandInput;
  const put = (Key: string, Body: Uint8Array | string) =>
    s3.send(new PutObjectCommand({ Bucket: "bucket", Key, Body }));

  await s3.send(new CreateBucketCommand({ Bucket: "bucket" }));
  for (const video of Object.keys(VIDEOS)) await put(`videos/${video}`, await readFixture(`videos/${video}`));
  const manifest = Object.entries(VIDEOS).map(([video, label]) =>
    JSON.stringify({ "source-ref": `s3://bucket/videos/${video}`, "true-label": label }),
  );
  await put("path/manifest-with-input-data.json", manifest.join("\n") + "\n");
  await put(
    "path/label-categories.json",
    JSON.stringify({
      "document-version": "2018-11-28",
      labels: [{ label: "Sports" }, { label: "News" }, { label: "Music" }],
    }),
  );
  await put("path/worker-task-template.html", await readFixture("video-classification.liquid.html"));

  await sagemaker.send(new CreateLabelingJobCommand(request));
  const jobName = request.LabelingJobName!;
  // Three workers who always answer the truth; the same seed gives the same answers every run.
  await gt.admin.simulate(jobName, { workers: 3, truth: { attribute: "true-label" }, seed: 42 });
  await gt.admin.waitFor(jobName, "Completed");

  const job = await sagemaker.send(new DescribeLabelingJobCommand({ LabelingJobName: jobName }));
  expect(job.LabelCounters?.HumanLabeled).toBe(3);
  const outputUri = job.LabelingJobOutput!.OutputDatasetS3Uri!;
  expect(outputUri).toBe(
    `s3://bucket/path/file-to-store-output-data/${jobName}/manifests/output/output.manifest`,
  );

  const output = await s3.send(
    new GetObjectCommand({ Bucket: "bucket", Key: outputUri.replace("s3://bucket/", "") }),
  );
  const lines = (await output.Body!.transformToString()).trim().split("\n");
  const labelled = lines.map(
    (line) => JSON.parse(line) as Record<string, unknown> & { "label-metadata": { "class-name": string } },
  );
  expect(labelled.map((line) => [line["source-ref"], line["label-metadata"]["class-name"]])).toEqual(
    Object.entries(VIDEOS).map(([video, label]) => [`s3://bucket/videos/${video}`, label]),
  );
  expect(labelled[0]?.["label-metadata"]).toMatchObject({
    "human-annotated": "yes",
    "job-name": `labeling-job/${jobName}`,
  });
});
