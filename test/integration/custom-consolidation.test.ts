import { GetObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { CreateLabelingJobCommand } from "@aws-sdk/client-sagemaker";
import type { Server } from "node:http";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../emulator/clock.js";
import type { LambdaConfig } from "../../emulator/lambdas/lambda-invoker.js";
import { describeJob, engineIdle, s3ClientFor, uploadJobInputs } from "../helpers/job-fixtures.js";
import { startLocalLambdaEndpoint, type LocalFunction } from "../helpers/local-lambda-endpoint.js";
import { seedRequest } from "../helpers/requests.js";
import { startTestServer, TEST_CREDENTIALS, type TestServer } from "../helpers/test-server.js";

/**
 * The custom post-annotation (consolidation) Lambda contract, round trip (GROUND_TRUTH.md d, g):
 * the event gt-local sends, the payload file it points at, what the Lambda answers and what
 * gt-local makes of it (metadata added when missing, kept when given, a failure for an object left
 * out), through both resolution modes: a local handler module and a Lambda Invoke endpoint.
 */

const JOB = "example-video-classification-labeling-job";
const JOB_ARN = `arn:aws:sagemaker:us-east-1:123456789012:labeling-job/${JOB}`;
const ACS_ARN = "arn:aws:lambda:us-east-1:123456789012:function:my-acs";
const PREFIX = `path/file-to-store-output-data/${JOB}/`;
const OUTPUT_CONFIG = `s3://bucket/${PREFIX}annotations`;
const REQUEST_URI = new RegExp(
  `^s3://bucket/${PREFIX}annotations/consolidated-annotation/consolidation-request/iteration-1/` +
    String.raw`\d{4}-\d\d-\d\d_\d\d:\d\d:\d\d\.json$`,
  "u",
);
const CREATION_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/u;

/** Per video (datasetObjectId 0, 1, 2): worker1's label, worker2's label. */
const ANSWERS = [
  ["Sports", "News"],
  ["News", "News"],
  ["Music", "Sports"],
];
/** The metadata the Lambda returns itself for object "1"; gt-local must keep it as it is. */
const OWN_METADATA = {
  "class-name": "News",
  confidence: 0.9,
  type: "my-team/video-vote",
  "job-name": "labeling-job/set-by-the-lambda",
  "human-annotated": "yes",
  "creation-date": "2020-01-02T03:04:05.000000",
};

/** The answer the Lambda gives for one object: "1" with its own metadata, "2" left out. */
function consolidated(datasetObjectId: string, votes: number, first: string) {
  if (datasetObjectId === "2") return [];
  const label = { votes, first };
  const content = datasetObjectId === "1" ? { label, "label-metadata": OWN_METADATA } : { label };
  return [{ datasetObjectId, consolidatedAnnotation: { content } }];
}

const folder = mkdtempSync(join(tmpdir(), "gt-local-acs-"));
const PACKAGE_JSON = fileURLToPath(new URL("../../package.json", import.meta.url));

interface Recorded {
  events: unknown[];
  payloads: unknown[];
}
/** What the module handler saw; it runs in this process, so it records on `globalThis`. */
const recorded = (): Recorded => {
  const holder = globalThis as typeof globalThis & { __gtLocalAcsTest?: Recorded };
  holder.__gtLocalAcsTest ??= { events: [], payloads: [] };
  return holder.__gtLocalAcsTest;
};

let server: TestServer | undefined;
let s3: S3Client | undefined;
let endpointServer: Server | undefined;
afterEach(async () => {
  s3?.destroy();
  s3 = undefined;
  await server?.close();
  server = undefined;
  endpointServer?.closeAllConnections();
  endpointServer?.close();
  endpointServer = undefined;
  delete process.env.GT_TEST_ENDPOINT;
  const record = recorded();
  record.events = [];
  record.payloads = [];
});
afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

let handlerCount = 0;
/** Writes an ESM handler module to the temp dir and returns its path. */
function handlerModule(body: string): string {
  handlerCount += 1;
  const path = join(folder, `acs-${handlerCount}.mjs`);
  writeFileSync(path, body);
  return path;
}

/**
 * A real consolidation Lambda: records its event, reads the payload from S3 (gt-local's endpoint,
 * path-style, dummy keys) with @aws-sdk/client-s3, answers votes and the first worker's label.
 * The module lives outside the project, so it loads the SDK through the project's require.
 */
const contractHandler = (): string =>
  handlerModule(`
import { createRequire } from "node:module";
const require = createRequire(${JSON.stringify(PACKAGE_JSON)});
const { S3Client, GetObjectCommand } = require("@aws-sdk/client-s3");

export async function handler(event) {
  const record = (globalThis.__gtLocalAcsTest ??= { events: [], payloads: [] });
  record.events.push(event);
  const s3 = new S3Client({
    endpoint: process.env.GT_TEST_ENDPOINT,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: ${JSON.stringify(TEST_CREDENTIALS)},
  });
  try {
    const [, bucket, key] = /^s3:\\/\\/([^/]+)\\/(.+)$/u.exec(event.payload.s3Uri);
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const payload = JSON.parse(await object.Body.transformToString());
    record.payloads.push(payload);
    return payload.flatMap((item) => {
      if (item.datasetObjectId === "2") return [];
      const first = JSON.parse(item.annotations[0].annotationData.content)["crowd-classifier"].label;
      const label = { votes: item.annotations.length, first };
      const content = item.datasetObjectId === "1"
        ? { [event.labelAttributeName]: label, [event.labelAttributeName + "-metadata"]: ${JSON.stringify(OWN_METADATA)} }
        : { [event.labelAttributeName]: label };
      return [{ datasetObjectId: item.datasetObjectId, consolidatedAnnotation: { content } }];
    });
  } finally {
    s3.destroy();
  }
}
`);

async function read(key: string): Promise<string> {
  const object = await s3!.send(new GetObjectCommand({ Bucket: "bucket", Key: key }));
  return (await object.Body?.transformToString()) ?? "";
}

async function keysUnder(prefix: string): Promise<string[]> {
  const listed = await s3!.send(new ListObjectsV2Command({ Bucket: "bucket", Prefix: `${PREFIX}${prefix}` }));
  return (listed.Contents ?? []).map((object) => object.Key ?? "");
}

async function outputLines(): Promise<Record<string, unknown>[]> {
  const text = await read(`${PREFIX}manifests/output/output.manifest`);
  return text
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/**
 * The seed job (built-in PRE, `AnnotationConsolidationLambdaArn` = my-acs) over three videos, two
 * workers per object, both labeling everything (worker1 first) as ANSWERS says.
 */
async function runSeedJob(lambdaConfig: LambdaConfig): Promise<TestServer> {
  const clock = new ManualClock(new Date("2026-06-01T09:00:00.000Z"));
  const started = await startTestServer({ clock, startDelayMs: 0, lambdaConfig });
  server = started;
  s3 = s3ClientFor(started);
  process.env.GT_TEST_ENDPOINT = started.url;
  const manifest = [1, 2, 3].map((n) => ({ "source-ref": `s3://bucket/videos/clip-${n}.mp4` }));
  await uploadJobInputs(started, { manifest });
  const request = seedRequest();
  request.HumanTaskConfig!.NumberOfHumanWorkersPerDataObject = 2;
  request.HumanTaskConfig!.AnnotationConsolidationConfig = { AnnotationConsolidationLambdaArn: ACS_ARN };
  await started.sagemaker.send(new CreateLabelingJobCommand(request));
  await engineIdle(started);
  const workers = [1, 2].map((n) =>
    started.emulator.workers.create({ id: `worker${n}`, displayName: `W${n}` }),
  );
  for (const [w, worker] of workers.entries()) {
    for (let video = 0; video < 3; video++) {
      const task = started.emulator.tasks.claimNext({ workerId: worker.id, jobName: JOB });
      if (!task) throw new Error(`no task for ${worker.id}`);
      clock.advance(1_000);
      const label = ANSWERS[Number(task.datasetObjectId)]![w]!;
      await started.emulator.tasks.submit(task.id, worker.id, { "crowd-classifier": { label } });
    }
  }
  await engineIdle(started);
  return started;
}

/** The event gt-local sends, with every field the reference documents or observed. */
function expectContractEvent(event: unknown): void {
  expect(event).toMatchObject({
    version: expect.any(String) as unknown,
    labelingJobArn: JOB_ARN,
    labelCategories: ["Sports", "News", "Music"],
    labelAttributeName: "label",
    roleArn: "arn:aws:iam::123456789012:role/GroundTruthExecutionRole",
    outputConfig: OUTPUT_CONFIG,
    payload: { s3Uri: expect.stringMatching(REQUEST_URI) as unknown },
  });
  expect((event as { version: string }).version).toMatch(/^2018-10-(16|06)$/u);
}

/** The payload file at `payload.s3Uri`: one entry per object, each worker's answer as a JSON string. */
function expectContractPayload(payload: unknown): void {
  expect(payload).toEqual(
    [0, 1, 2].map((id) => ({
      datasetObjectId: String(id),
      dataObject: { s3Uri: `s3://bucket/videos/clip-${id + 1}.mp4` },
      annotations: [1, 2].map((n) => ({
        workerId: `private.us-east-1.worker${n}`,
        annotationData: { content: JSON.stringify({ "crowd-classifier": { label: ANSWERS[id]![n - 1] } }) },
      })),
    })),
  );
}

/**
 * What gt-local made of the answer: output.manifest, the consolidation-response file, the
 * counters. Object 0 got gt-local's metadata, object 1 kept the Lambda's, object 2 failed.
 */
async function expectContractOutput(running: TestServer): Promise<void> {
  const job = await describeJob(running, JOB);
  expect(job.LabelingJobStatus).toBe("Completed");
  expect(job.LabelCounters).toEqual({
    TotalLabeled: 2,
    HumanLabeled: 2,
    MachineLabeled: 0,
    FailedNonRetryableError: 1,
    Unlabeled: 0,
  });

  const lines = await outputLines();
  expect(lines).toHaveLength(3);
  const [added, kept, failed] = lines;
  expect(added).toEqual({
    "source-ref": "s3://bucket/videos/clip-1.mp4",
    label: { votes: 2, first: "Sports" },
    "label-metadata": {
      "job-name": `labeling-job/${JOB}`,
      type: "groundTruth/custom",
      "human-annotated": "yes",
      "creation-date": expect.stringMatching(CREATION_DATE) as unknown,
    },
  });
  expect(kept).toEqual({
    "source-ref": "s3://bucket/videos/clip-2.mp4",
    label: { votes: 2, first: "News" },
    "label-metadata": OWN_METADATA,
  });
  expect(failed).not.toHaveProperty("label");
  const failure = (failed!["label-metadata"] as Record<string, unknown> | undefined)?.["failure-reason"];
  expect(failure).toEqual(expect.stringContaining(ACS_ARN));

  // One iteration (MaxConcurrentTaskCount 100 > 3 objects): one request and one response file.
  const requests = await keysUnder("annotations/consolidated-annotation/consolidation-request/");
  const responses = await keysUnder("annotations/consolidated-annotation/consolidation-response/");
  expect(requests).toHaveLength(1);
  expect(responses).toEqual([requests[0]!.replace("consolidation-request", "consolidation-response")]);
  // What the Lambda returned, with the metadata gt-local added to object 0; object 2 absent.
  expect(JSON.parse(await read(responses[0]!))).toEqual([
    {
      datasetObjectId: "0",
      consolidatedAnnotation: {
        content: { label: added!.label, "label-metadata": added!["label-metadata"] },
      },
    },
    {
      datasetObjectId: "1",
      consolidatedAnnotation: { content: { label: kept!.label, "label-metadata": OWN_METADATA } },
    },
  ]);
}

/** Every object of the iteration failed with a reason naming the Lambda; the job and server are fine. */
async function expectAllFailed(running: TestServer, detail?: string): Promise<void> {
  const job = await describeJob(running, JOB);
  expect(job.LabelingJobStatus).toBe("Completed");
  expect(job.LabelCounters).toMatchObject({
    TotalLabeled: 0,
    HumanLabeled: 0,
    FailedNonRetryableError: 3,
    Unlabeled: 0,
  });
  const lines = await outputLines();
  expect(lines).toHaveLength(3);
  for (const line of lines) {
    expect(line).not.toHaveProperty("label");
    const failure = (line["label-metadata"] as Record<string, unknown> | undefined)?.["failure-reason"];
    expect(failure).toEqual(expect.stringContaining(ACS_ARN));
    // The Lambda's own error reaches the reason, so the user can see what went wrong.
    if (detail !== undefined) expect(failure).toEqual(expect.stringContaining(detail));
  }
  const responses = await keysUnder("annotations/consolidated-annotation/consolidation-response/");
  expect(responses).toHaveLength(1);
  expect(JSON.parse(await read(responses[0]!))).toEqual([]);
  const health = await fetch(`${running.url}/_gt/health`);
  expect(health.status).toBe(200);
  await health.body?.cancel();
}

/** A `sam local start-lambda`-like endpoint serving `my-acs`, closed after the test. */
async function endpointWith(run: LocalFunction) {
  const endpoint = await startLocalLambdaEndpoint({ "my-acs": run });
  endpointServer = endpoint.server;
  return endpoint;
}

describe("custom consolidation Lambda as a local handler module", () => {
  it("gets the documented event and payload; its answer becomes the output, metadata added when missing", async () => {
    const running = await runSeedJob({ modules: { [ACS_ARN]: contractHandler() }, baseDir: folder });
    const { events, payloads } = recorded();
    expect(events).toHaveLength(1);
    expectContractEvent(events[0]);
    expect(payloads).toHaveLength(1);
    expectContractPayload(payloads[0]);
    // The payload the event points at is the consolidation-request file of the iteration.
    const requests = await keysUnder("annotations/consolidated-annotation/consolidation-request/");
    expect((events[0] as { payload: { s3Uri: string } }).payload.s3Uri).toBe(`s3://bucket/${requests[0]!}`);
    await expectContractOutput(running);
  });
});

describe("custom consolidation Lambda through a Lambda Invoke endpoint", () => {
  it("invokes the function by name with the same event; its answer becomes the output", async () => {
    // The helper's functions are synchronous and the server runs in this process, so this one
    // cannot read the payload from S3 (the module test does); it answers from what workers gave.
    const endpoint = await endpointWith(() =>
      ANSWERS.flatMap((labels, id) => consolidated(String(id), labels.length, labels[0]!)),
    );
    const running = await runSeedJob({ modules: {}, endpoint: endpoint.url, baseDir: "." });
    expect(endpoint.received.map((call) => call.functionName)).toEqual(["my-acs"]);
    const event = JSON.parse(endpoint.received[0]!.body) as { payload: { s3Uri: string } };
    expectContractEvent(event);
    const key = event.payload.s3Uri.replace("s3://bucket/", "");
    expectContractPayload(JSON.parse(await read(key)));
    await expectContractOutput(running);
  });

  it("fails every object of the iteration when the function throws; the job completes", async () => {
    const endpoint = await endpointWith(() => {
      throw new Error("consolidation blew up");
    });
    const running = await runSeedJob({ modules: {}, endpoint: endpoint.url, baseDir: "." });
    expect(endpoint.received.map((call) => call.functionName)).toEqual(["my-acs"]);
    await expectAllFailed(running, "consolidation blew up");
  });
});

describe("a custom consolidation Lambda that answers something other than an array", () => {
  it("module: a handler that throws fails every object with the reason", async () => {
    const handler = handlerModule(`export async function handler() { throw new Error("module blew up"); }`);
    await expectAllFailed(
      await runSeedJob({ modules: { [ACS_ARN]: handler }, baseDir: folder }),
      "module blew up",
    );
  });

  it.each<[string, unknown]>([
    ["an object", {}],
    ["null", null],
    ["a string", "done"],
    ["an object holding the array", { results: consolidated("0", 2, "Sports") }],
  ])("module returning %s: objects fail with the reason, the server stays up", async (_, answer) => {
    const handler = handlerModule(`export async function handler() { return ${JSON.stringify(answer)}; }`);
    await expectAllFailed(await runSeedJob({ modules: { [ACS_ARN]: handler }, baseDir: folder }));
  });

  it.each<[string, unknown]>([
    ["an object", {}],
    ["a payload that is not JSON", "this is not json"],
  ])("endpoint returning %s: objects fail with the reason, the server stays up", async (_, answer) => {
    const endpoint = await endpointWith(() => answer);
    await expectAllFailed(await runSeedJob({ modules: {}, endpoint: endpoint.url, baseDir: "." }));
  });
});
