/*
 * Chaining, as Ground Truth does it: a second labeling job takes the first job's output.manifest
 * as its input manifest, so each line arrives with the first job's label and gets a second one.
 * This file uses the shared gt-local of the `globalSetup` recipe (global-setup.ts next to it).
 */
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import {
  CreateLabelingJobCommand,
  DescribeLabelingJobCommand,
  SageMakerClient,
  type CreateLabelingJobCommandInput,
} from "@aws-sdk/client-sagemaker";
import { readFile } from "node:fs/promises";
import { GtLocalAdmin } from "gt-local";
import { afterAll, beforeEach, expect, inject, it } from "vitest";

const { endpoint, region } = inject("gtLocal");
// gt-local accepts every key; the SDK only needs some.
const client = { endpoint, region, credentials: { accessKeyId: "test", secretAccessKey: "test" } };
const sagemaker = new SageMakerClient(client);
const s3 = new S3Client({ ...client, forcePathStyle: true });
const admin = new GtLocalAdmin(endpoint, region);
const fixtures = new URL("../fixtures/", import.meta.url);

// The server is shared by every file of the run: start each test from an empty state.
beforeEach(() => admin.reset());
afterAll(() => {
  sagemaker.destroy();
  s3.destroy();
});

async function outputLines(jobName: string): Promise<Record<string, unknown>[]> {
  const job = await sagemaker.send(new DescribeLabelingJobCommand({ LabelingJobName: jobName }));
  const key = job.LabelingJobOutput!.OutputDatasetS3Uri!.replace("s3://media/", "");
  const output = await s3.send(new GetObjectCommand({ Bucket: "media", Key: key }));
  return (await output.Body!.transformToString())
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

it("runs a second job on the first job's output manifest", async () => {
  const put = (Key: string, Body: Uint8Array | string) =>
    s3.send(new PutObjectCommand({ Bucket: "media", Key, Body }));
  await s3.send(new CreateBucketCommand({ Bucket: "media" }));
  const videos = { "clip-a.mp4": "Sports", "clip-c.mp4": "Music" };
  for (const video of Object.keys(videos)) {
    await put(`videos/${video}`, await readFile(new URL(`videos/${video}`, fixtures)));
  }
  const manifest = Object.entries(videos).map(([video, label]) =>
    JSON.stringify({ "source-ref": `s3://media/videos/${video}`, "true-label": label }),
  );
  await put("jobs/input.manifest", manifest.join("\n") + "\n");
  const labels = ["Sports", "News", "Music"].map((label) => ({ label }));
  await put("jobs/labels.json", JSON.stringify({ "document-version": "2018-11-28", labels }));
  await put("jobs/template.html", await readFile(new URL("video-classification.liquid.html", fixtures)));

  const seed = JSON.parse(
    await readFile(new URL("create-labeling-job.video-classification.json", fixtures), "utf8"),
  ) as CreateLabelingJobCommandInput;
  const jobRequest = (
    name: string,
    labelAttributeName: string,
    manifestUri: string,
  ): CreateLabelingJobCommandInput => ({
    ...seed,
    LabelingJobName: name,
    LabelAttributeName: labelAttributeName,
    InputConfig: { DataSource: { S3DataSource: { ManifestS3Uri: manifestUri } } },
    OutputConfig: { S3OutputPath: "s3://media/output" },
    LabelCategoryConfigS3Uri: "s3://media/jobs/labels.json",
    HumanTaskConfig: {
      ...seed.HumanTaskConfig!,
      UiConfig: { UiTemplateS3Uri: "s3://media/jobs/template.html" },
    },
  });

  // Round one: three workers who always answer the truth.
  await sagemaker.send(
    new CreateLabelingJobCommand(jobRequest("round-1", "first-pass", "s3://media/jobs/input.manifest")),
  );
  await admin.simulate("round-1", { workers: 3, truth: { attribute: "true-label" }, seed: 1 });
  await admin.waitFor("round-1", "Completed");
  const first = await sagemaker.send(new DescribeLabelingJobCommand({ LabelingJobName: "round-1" }));

  // Round two reads round one's output manifest and labels under a new attribute name.
  await sagemaker.send(
    new CreateLabelingJobCommand(
      jobRequest("round-2", "second-pass", first.LabelingJobOutput!.OutputDatasetS3Uri!),
    ),
  );
  await admin.simulate("round-2", { workers: 3, truth: { attribute: "true-label" }, seed: 2 });
  await admin.waitFor("round-2", "Completed");

  const lines = await outputLines("round-2");
  expect(lines).toHaveLength(2);
  for (const line of lines) {
    const truth = videos[String(line["source-ref"]).replace("s3://media/videos/", "") as keyof typeof videos];
    // Both jobs' labels sit on the same line, each with its own metadata.
    expect(line["first-pass-metadata"]).toMatchObject({
      "class-name": truth,
      "job-name": "labeling-job/round-1",
    });
    expect(line["second-pass-metadata"]).toMatchObject({
      "class-name": truth,
      "job-name": "labeling-job/round-2",
    });
    expect(line["true-label"]).toBe(truth);
  }
});
