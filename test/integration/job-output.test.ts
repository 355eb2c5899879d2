import { GetObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { CreateLabelingJobCommand, StopLabelingJobCommand } from "@aws-sdk/client-sagemaker";
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../emulator/clock.js";
import { describeJob, engineIdle, s3ClientFor, uploadJobInputs } from "../helpers/job-fixtures.js";
import { seedRequest } from "../helpers/requests.js";
import { startTestServer, type TestServer } from "../helpers/test-server.js";

const JOB = "example-video-classification-labeling-job";
const PREFIX = "path/file-to-store-output-data/example-video-classification-labeling-job/";

let server: TestServer | undefined;
let s3: S3Client | undefined;
afterEach(async () => {
  s3?.destroy();
  await server?.close();
  server = undefined;
});

async function read(key: string): Promise<string> {
  const object = await s3!.send(new GetObjectCommand({ Bucket: "bucket", Key: key }));
  return (await object.Body?.transformToString()) ?? "";
}

async function keysUnder(prefix: string): Promise<string[]> {
  const listed = await s3!.send(new ListObjectsV2Command({ Bucket: "bucket", Prefix: prefix }));
  return (listed.Contents ?? []).map((object) => object.Key ?? "");
}

/** The seed job run by three workers answering per video as given. */
async function runSeedJob(answers: string[][], tags: { Key: string; Value: string }[] = []) {
  const clock = new ManualClock(new Date("2026-06-01T09:00:00.000Z"));
  server = await startTestServer({ clock, startDelayMs: 0 });
  s3 = s3ClientFor(server);
  const manifest = [1, 2, 3].map((n) => ({
    "source-ref": `s3://bucket/videos/clip-${n}.mp4`,
    "customer-id": `c-${n}`,
  }));
  await uploadJobInputs(server, { manifest });
  const request = { ...seedRequest(), Tags: [...(seedRequest().Tags ?? []), ...tags] };
  await server.sagemaker.send(new CreateLabelingJobCommand(request));
  await engineIdle(server);
  const workers = [1, 2, 3].map((n) =>
    server!.emulator.workers.create({ id: `worker${n}`, displayName: `W${n}` }),
  );
  for (const [w, worker] of workers.entries()) {
    for (let video = 0; video < 3; video++) {
      const task = server.emulator.tasks.claimNext({ workerId: worker.id, jobName: JOB });
      clock.advance(12_345);
      const label = answers[Number(task!.datasetObjectId)]![w]!;
      await server.emulator.tasks.submit(task!.id, worker.id, { "crowd-classifier": { label } });
    }
  }
  await engineIdle(server);
  return clock;
}

describe("Ground Truth output", () => {
  it("writes output.manifest in input order with AWS's keys, in AWS's order", async () => {
    await runSeedJob([
      ["Sports", "Sports", "Sports"],
      ["Sports", "News", "News"],
      ["Music", "News", "Sports"],
    ]);
    const job = await describeJob(server!, JOB);
    expect(job.LabelingJobStatus).toBe("Completed");
    expect(job.LabelingJobOutput?.OutputDatasetS3Uri).toBe(
      `s3://bucket/${PREFIX}manifests/output/output.manifest`,
    );

    const lines = (await read(`${PREFIX}manifests/output/output.manifest`)).trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(Object.keys(parsed[0]!)).toEqual(["source-ref", "customer-id", "label", "label-metadata"]);
    expect(parsed.map((line) => line.label)).toEqual([0, 1, 0]);
    const metadata = parsed.map((line) => line["label-metadata"] as Record<string, unknown>);
    expect(Object.keys(metadata[0]!)).toEqual([
      "class-name",
      "confidence",
      "type",
      "job-name",
      "human-annotated",
      "creation-date",
    ]);
    expect(metadata.map((m) => [m["class-name"], m.confidence])).toEqual([
      ["Sports", 1],
      ["News", 0.67],
      ["Sports", 0.33],
    ]);
    expect(metadata[0]).toMatchObject({
      type: "groundtruth/video-classification",
      "job-name": "labeling-job/example-video-classification-labeling-job",
      "human-annotated": "yes",
    });
    expect(metadata[0]!["creation-date"]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/u);
  });

  it("writes worker responses, consolidation requests and responses as AWS's notebooks read them", async () => {
    await runSeedJob([
      ["Sports", "Sports", "News"],
      ["News", "News", "News"],
      ["Music", "Music", "Music"],
    ]);
    const keys = await keysUnder(PREFIX);
    const responses = keys.filter((key) => key.includes("annotations/worker-response/iteration-"));
    expect(responses).toHaveLength(3);
    for (const key of responses)
      expect(key).toMatch(/iteration-\d+\/\d+\/\d{4}-\d\d-\d\d_\d\d:\d\d:\d\d\.json$/u);

    // As AWS's example notebooks do: parse each worker-response file's answers.
    const first = JSON.parse(await read(responses.find((key) => key.includes("/0/"))!)) as {
      answers: Record<string, unknown>[];
    };
    expect(first.answers).toHaveLength(3);
    const answer = first.answers[0]!;
    expect(Object.keys(answer)).toEqual([
      "acceptanceTime",
      "answerContent",
      "submissionTime",
      "timeSpentInSeconds",
      "workerId",
      "workerMetadata",
    ]);
    expect(answer.answerContent).toEqual({ "crowd-classifier": { label: "Sports" } });
    expect(answer.workerId).toBe("private.us-east-1.worker1");
    expect(answer.timeSpentInSeconds).toBe(12.345);
    expect(new Date(answer.submissionTime as string).toISOString()).toBe(answer.submissionTime);
    expect(answer.workerMetadata).toMatchObject({
      identityData: {
        identityProviderType: "Cognito",
        issuer: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_gtlocal",
      },
    });

    const requests = keys.filter((key) => key.includes("consolidation-request/iteration-"));
    const responsesFiles = keys.filter((key) => key.includes("consolidation-response/iteration-"));
    expect(requests.length).toBeGreaterThanOrEqual(1);
    expect(responsesFiles.length).toBe(requests.length);
    const payload = JSON.parse(await read(requests[0]!)) as {
      datasetObjectId: string;
      dataObject: unknown;
      annotations: { workerId: string; annotationData: { content: string } }[];
    }[];
    const object0 = payload.find((entry) => entry.datasetObjectId === "0")!;
    expect(object0.dataObject).toEqual({ s3Uri: "s3://bucket/videos/clip-1.mp4" });
    expect(JSON.parse(object0.annotations[0]!.annotationData.content)).toEqual({
      "crowd-classifier": { label: "Sports" },
    });
    const consolidated = JSON.parse(await read(responsesFiles[0]!)) as {
      datasetObjectId: string;
      consolidatedAnnotation: { content: Record<string, unknown> };
    }[];
    expect(
      consolidated.find((entry) => entry.datasetObjectId === "0")?.consolidatedAnnotation.content.label,
    ).toBe(0);

    expect(keys).toContain(`${PREFIX}manifests/intermediate/1/output.manifest`);
    expect(keys).toContain(`${PREFIX}annotations/intermediate/1/annotations.json`);
  });

  it("reads as AWS's example notebooks read it: the -metadata key, submission times, responses by iteration", async () => {
    await runSeedJob([
      ["Sports", "News", "News"],
      ["Music", "Music", "Sports"],
      ["News", "News", "News"],
    ]);
    const job = await describeJob(server!, JOB);
    // Notebooks derive the job prefix by cutting the output URI at "manifests".
    const outputUri = job.LabelingJobOutput!.OutputDatasetS3Uri!;
    const jobPrefix = outputUri.replace("s3://bucket/", "").split("manifests")[0]!;
    expect(jobPrefix).toBe(PREFIX);
    for (const line of (await read(`${jobPrefix}manifests/output/output.manifest`)).trimEnd().split("\n")) {
      const record = JSON.parse(line) as Record<string, unknown>;
      const metadataKey = Object.keys(record).find((key) => key.includes("-metadata"))!;
      const labelKey = metadataKey.replace("-metadata", "");
      const metadata = record[metadataKey] as { "class-name": string; "creation-date": string };
      expect(["Sports", "News", "Music"][record[labelKey] as number]).toBe(metadata["class-name"]);
      expect(Number.isNaN(Date.parse(metadata["creation-date"]))).toBe(false);
    }
    const responseKeys = await keysUnder(`${jobPrefix}annotations/worker-response/`);
    const iterations = new Set(responseKeys.map((key) => /iteration-(\d+)/u.exec(key)?.[1]));
    for (const iteration of iterations) {
      const [response] = await keysUnder(
        `${jobPrefix}annotations/consolidated-annotation/consolidation-response/iteration-${iteration ?? ""}/`,
      );
      const results = JSON.parse(await read(response!)) as { datasetObjectId: string }[];
      expect(results.length).toBeGreaterThan(0);
    }
    for (const key of responseKeys) {
      const { answers } = JSON.parse(await read(key)) as { answers: { submissionTime: string }[] };
      for (const answer of answers) expect(Number.isNaN(Date.parse(answer.submissionTime))).toBe(false);
    }
  });

  it("uses modified Dawid-Skene when the job is tagged for it", async () => {
    await runSeedJob(
      [
        ["Sports", "Sports", "News"],
        ["News", "News", "News"],
        ["Music", "Music", "Music"],
      ],
      [{ Key: "gt-local:consolidation", Value: "dawid-skene" }],
    );
    const lines = (await read(`${PREFIX}manifests/output/output.manifest`)).trimEnd().split("\n");
    const confidences = lines.map(
      (line) =>
        (JSON.parse(line) as { "label-metadata": { confidence: number } })["label-metadata"].confidence,
    );
    // Dawid-Skene's posteriors differ from majority vote's shares.
    expect(confidences[0]).not.toBe(0.67);
    expect(confidences.every((confidence) => confidence > 0 && confidence <= 1)).toBe(true);
  });

  it("writes what was labeled when a job is stopped, with unlabeled lines unchanged", async () => {
    const clock = new ManualClock(new Date("2026-06-01T09:00:00.000Z"));
    server = await startTestServer({ clock, startDelayMs: 0 });
    s3 = s3ClientFor(server);
    await uploadJobInputs(server);
    const request = seedRequest();
    request.HumanTaskConfig!.NumberOfHumanWorkersPerDataObject = 1;
    await server.sagemaker.send(new CreateLabelingJobCommand(request));
    await engineIdle(server);
    const worker = server.emulator.workers.create({ displayName: "Solo" });
    const task = server.emulator.tasks.claimNext({ workerId: worker.id, jobName: JOB });
    await server.emulator.tasks.submit(task!.id, worker.id, { "crowd-classifier": { label: "Music" } });
    await server.sagemaker.send(new StopLabelingJobCommand({ LabelingJobName: JOB }));
    await engineIdle(server);
    const job = await describeJob(server, JOB);
    expect(job.LabelingJobStatus).toBe("Stopped");
    const lines = (await read(`${PREFIX}manifests/output/output.manifest`)).trimEnd().split("\n");
    expect(JSON.parse(lines[0]!)).toMatchObject({
      label: 2,
      "label-metadata": { "class-name": "Music", confidence: 0 },
    });
    expect(lines[1]).toBe('{"source-ref":"s3://bucket/videos/clip-2.mp4"}');
  });
});
