import { GetObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { CreateLabelingJobCommand } from "@aws-sdk/client-sagemaker";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../emulator/clock.js";
import { describeJob, engineIdle, s3ClientFor, uploadJobInputs } from "../helpers/job-fixtures.js";
import { seedRequest } from "../helpers/requests.js";
import { startTestServer, type TestServer } from "../helpers/test-server.js";

/**
 * Consolidation iterations while workers keep answering: an iteration takes a whole batch of
 * finished objects (MaxConcurrentTaskCount, at least a tenth of the job); objects finished while
 * it runs wait for the next whole batch or the final pass, never making a near-empty iteration of
 * their own right behind it.
 */

const JOB = "example-video-classification-labeling-job";
const ACS_ARN = "arn:aws:lambda:us-east-1:123456789012:function:slow-acs";
const PREFIX = `path/file-to-store-output-data/${JOB}/`;
const OBJECTS = 20;

/** The module handler's gate: the test decides when a consolidation call returns. */
interface Gate {
  calls: number;
  open: () => void;
  opened: Promise<void>;
}
const holder = globalThis as typeof globalThis & { __gtLocalIterationGate?: Gate };
function closeGate(): Gate {
  let open = (): void => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  const gate: Gate = { calls: 0, open, opened };
  holder.__gtLocalIterationGate = gate;
  return gate;
}

const folder = mkdtempSync(join(tmpdir(), "gt-local-iterations-"));
const HANDLER = join(folder, "slow-acs.mjs");
// Waits for the gate, then labels every object of the job "Sports" (gt-local keeps the iteration's).
writeFileSync(
  HANDLER,
  `export async function handler(event) {
  const gate = globalThis.__gtLocalIterationGate;
  gate.calls += 1;
  await gate.opened;
  return Array.from({ length: ${OBJECTS} }, (_, id) => ({
    datasetObjectId: String(id),
    consolidatedAnnotation: { content: { [event.labelAttributeName]: { label: "Sports" } } },
  }));
}
`,
);

let server: TestServer | undefined;
let s3: S3Client | undefined;
afterEach(async () => {
  holder.__gtLocalIterationGate?.open();
  s3?.destroy();
  s3 = undefined;
  await server?.close();
  server = undefined;
});
afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

async function keysUnder(prefix: string): Promise<string[]> {
  const listed = await s3!.send(new ListObjectsV2Command({ Bucket: "bucket", Prefix: `${PREFIX}${prefix}` }));
  return (listed.Contents ?? []).map((object) => object.Key ?? "");
}

/** The dataset object ids each consolidation request (one per iteration) carried, by iteration. */
async function requestedIds(): Promise<Map<number, string[]>> {
  const byIteration = new Map<number, string[]>();
  for (const key of await keysUnder("annotations/consolidated-annotation/consolidation-request/")) {
    const iteration = Number(/iteration-(\d+)\//u.exec(key)?.[1]);
    const object = await s3!.send(new GetObjectCommand({ Bucket: "bucket", Key: key }));
    const payload = JSON.parse((await object.Body?.transformToString()) ?? "[]") as {
      datasetObjectId: string;
    }[];
    byIteration.set(
      iteration,
      payload.map((item) => item.datasetObjectId),
    );
  }
  return byIteration;
}

async function until(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 500 && !condition(); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  expect(condition()).toBe(true);
}

describe("consolidation iterations while workers answer", () => {
  it("objects finished during an iteration wait for a whole batch, not an iteration of their own", async () => {
    const gate = closeGate();
    const clock = new ManualClock(new Date("2026-06-01T09:00:00.000Z"));
    server = await startTestServer({
      clock,
      startDelayMs: 0,
      lambdaConfig: { modules: { [ACS_ARN]: HANDLER }, baseDir: folder },
    });
    s3 = s3ClientFor(server);
    const manifest = Array.from({ length: OBJECTS }, (_, n) => ({
      "source-ref": `s3://bucket/videos/clip-${n}.mp4`,
    }));
    await uploadJobInputs(server, { manifest });
    const request = seedRequest();
    // A batch is two objects: MaxConcurrentTaskCount 2, a tenth of 20 objects is 2 too.
    request.HumanTaskConfig!.NumberOfHumanWorkersPerDataObject = 1;
    request.HumanTaskConfig!.MaxConcurrentTaskCount = 2;
    request.HumanTaskConfig!.AnnotationConsolidationConfig = { AnnotationConsolidationLambdaArn: ACS_ARN };
    await server.sagemaker.send(new CreateLabelingJobCommand(request));
    await engineIdle(server);
    const worker = server.emulator.workers.create({ id: "worker1", displayName: "W1" });
    const tasks = server.emulator.tasks;
    const answerNext = async (): Promise<string> => {
      const task = tasks.claimNext({ workerId: worker.id, jobName: JOB });
      if (!task) throw new Error("no task");
      clock.advance(1_000);
      await tasks.submit(task.id, worker.id, { "crowd-classifier": { label: "Sports" } });
      return task.datasetObjectId;
    };

    // Objects 0 and 1 make iteration 1, whose Lambda call waits at the gate.
    await answerNext();
    await answerNext();
    await until(() => gate.calls === 1);
    // Object 2 is finished while iteration 1 runs: half a batch.
    expect(await answerNext()).toBe("2");
    gate.open();
    await engineIdle(server);
    expect(gate.calls).toBe(1);
    expect(await requestedIds()).toEqual(new Map([[1, ["0", "1"]]]));

    // Object 3 completes the batch: iteration 2 takes objects 2 and 3 together.
    expect(await answerNext()).toBe("3");
    await engineIdle(server);
    expect(await requestedIds()).toEqual(
      new Map([
        [1, ["0", "1"]],
        [2, ["2", "3"]],
      ]),
    );

    // The rest, to the end: every object is in exactly one iteration; the job completes labeled.
    for (let n = 4; n < OBJECTS; n++) await answerNext();
    await engineIdle(server);
    const iterations = await requestedIds();
    const ids = [...iterations.values()].flat().map(Number);
    expect(ids.sort((a, b) => a - b)).toEqual(Array.from({ length: OBJECTS }, (_, id) => id));
    for (const batch of iterations.values()) expect(batch.length).toBeGreaterThanOrEqual(1);
    const job = await describeJob(server, JOB);
    expect(job.LabelingJobStatus).toBe("Completed");
    expect(job.LabelCounters?.HumanLabeled).toBe(OBJECTS);
  });
});
