import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import {
  CreateLabelingJobCommand,
  DescribeLabelingJobCommand,
  DescribeWorkteamCommand,
  ListLabelingJobsCommand,
} from "@aws-sdk/client-sagemaker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VIDEO_TEMPLATE } from "../helpers/job-fixtures.js";
import { seedRequest } from "../helpers/requests.js";
import { START_DELAY_MS, type ModeFactory, type ModeUnderTest } from "./modes.js";

/*
 * One scenario, run unchanged in every mode: inputs to S3, a labeling job from the documentation's
 * request, three workers through the admin API, the output manifest, and AWS's errors.
 */

const JOB = "example-video-classification-labeling-job";
const BUCKET = "bucket";
const OUTPUT_MANIFEST = `path/file-to-store-output-data/${JOB}/manifests/output/output.manifest`;
/** Each object gets two votes for Music and one for News: majority vote picks Music. */
const VOTES = ["Music", "Music", "News"] as const;

const errorOf = async (promise: Promise<unknown>): Promise<{ name: string; status: number | undefined }> => {
  const error: unknown = await promise.then(
    () => undefined,
    (rejected: unknown) => rejected,
  );
  if (!(error instanceof Error)) throw new Error("The call succeeded where an error was expected");
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return { name: error.name, status };
};

async function uploadInputs({ s3 }: ModeUnderTest): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  const manifest = [1, 2, 3].map((n) =>
    JSON.stringify({ "source-ref": `s3://${BUCKET}/videos/clip-${n}.mp4` }),
  );
  const labels = {
    "document-version": "2018-11-28",
    labels: ["Sports", "News", "Music"].map((label) => ({ label })),
  };
  const files: [string, string][] = [
    ["path/manifest-with-input-data.json", `${manifest.join("\n")}\n`],
    ["path/label-categories.json", JSON.stringify(labels)],
    ["path/worker-task-template.html", VIDEO_TEMPLATE],
  ];
  for (const [key, body] of files) {
    const put = await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
    expect(put.ETag).toMatch(/^"[0-9a-f]{32}"$/u);
  }
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "path/" }));
  expect(listed.Contents?.map((object) => object.Key)).toEqual(files.map(([key]) => key).sort());
}

async function labelEverything({ admin }: ModeUnderTest): Promise<void> {
  for (const [index, label] of VOTES.entries()) {
    const worker = await admin.createWorker({
      id: `worker-${String(index + 1)}`,
      displayName: `Worker ${label}`,
    });
    let answered = 0;
    for (
      let task = await admin.claimTask(worker.id, JOB);
      task;
      task = await admin.claimTask(worker.id, JOB)
    ) {
      await admin.submitAnswer(task.id, worker.id, { "crowd-classifier": { label } });
      answered += 1;
    }
    expect(answered).toBe(3);
  }
}

/** Runs the scenario against one mode, asserting as it goes; the transcript records every answer. */
export async function runSharedScenario(mode: ModeUnderTest): Promise<void> {
  const { sagemaker, s3, admin } = mode;
  await uploadInputs(mode);

  const created = await sagemaker.send(new CreateLabelingJobCommand(seedRequest()));
  expect(created.LabelingJobArn).toBe(`arn:aws:sagemaker:us-east-1:123456789012:labeling-job/${JOB}`);
  const initializing = await sagemaker.send(new DescribeLabelingJobCommand({ LabelingJobName: JOB }));
  expect(initializing.LabelingJobStatus).toBe("Initializing");
  const listed = await sagemaker.send(new ListLabelingJobsCommand({}));
  expect(listed.LabelingJobSummaryList?.map((job) => job.LabelingJobName)).toEqual([JOB]);
  const team = await sagemaker.send(new DescribeWorkteamCommand({ WorkteamName: "example-team" }));
  expect(team.Workteam?.WorkteamArn).toBe(seedRequest().HumanTaskConfig?.WorkteamArn);

  // AWS's errors, as the SDK surfaces them.
  expect(await errorOf(sagemaker.send(new CreateLabelingJobCommand(seedRequest())))).toEqual({
    name: "ResourceInUse",
    status: 400,
  });
  const badName = { ...seedRequest(), LabelingJobName: "not a valid name!" };
  expect(await errorOf(sagemaker.send(new CreateLabelingJobCommand(badName)))).toEqual({
    name: "ValidationException",
    status: 400,
  });
  expect(await errorOf(sagemaker.send(new DescribeLabelingJobCommand({ LabelingJobName: "nope" })))).toEqual({
    name: "ResourceNotFound",
    status: 400,
  });

  await admin.advanceClock(START_DELAY_MS / 1000);
  await admin.waitFor(JOB, "InProgress");
  await labelEverything(mode);
  await admin.waitFor(JOB, "Completed");

  const completed = await sagemaker.send(new DescribeLabelingJobCommand({ LabelingJobName: JOB }));
  expect(completed.LabelCounters).toMatchObject({ TotalLabeled: 3, HumanLabeled: 3, Unlabeled: 0 });
  expect(completed.LabelingJobOutput?.OutputDatasetS3Uri).toBe(`s3://${BUCKET}/${OUTPUT_MANIFEST}`);
  const output = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: OUTPUT_MANIFEST }));
  const lines = (await output.Body?.transformToString())?.trim().split("\n") ?? [];
  expect(lines.map((line) => (JSON.parse(line) as { label: number }).label)).toEqual([2, 2, 2]);
  const outputs = await s3.send(
    new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `path/file-to-store-output-data/${JOB}/` }),
  );
  expect(outputs.KeyCount).toBeGreaterThan(3);

  // S3's errors: NoSuchKey and NoSuchBucket as XML, a HEAD's 404 without a body.
  expect(await errorOf(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "missing.json" })))).toEqual({
    name: "NoSuchKey",
    status: 404,
  });
  expect(await errorOf(s3.send(new GetObjectCommand({ Bucket: "no-such-bucket", Key: "x" })))).toEqual({
    name: "NoSuchBucket",
    status: 404,
  });
  expect(await errorOf(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "missing.json" })))).toEqual({
    name: "NotFound",
    status: 404,
  });
  const noSuchKey = mode.transcript.exchanges.find(
    (exchange) => exchange.command === "GetObjectCommand" && exchange.status === 404,
  );
  expect(noSuchKey?.body).toContain("<Code>NoSuchKey</Code>");
}

/** Registers the shared scenario as a test of one mode. */
export function describeSharedSuite(name: string, factory: ModeFactory): void {
  describe(`the shared scenario, ${name}`, () => {
    let mode: ModeUnderTest;
    beforeAll(async () => {
      mode = await factory();
    });
    afterAll(async () => {
      await mode.close();
    });

    it("runs a labeling job end to end and answers AWS's errors", async () => {
      await runSharedScenario(mode);
      expect(mode.transcript.exchanges.length).toBeGreaterThan(15);
    });
  });
}
