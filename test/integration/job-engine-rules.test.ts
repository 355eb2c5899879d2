import {
  CreateLabelingJobCommand,
  DescribeLabelingJobCommand,
  StopLabelingJobCommand,
  type CreateLabelingJobCommandInput,
} from "@aws-sdk/client-sagemaker";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../emulator/clock.js";
import { describeJob, engineIdle, uploadJobInputs, type JobInputs } from "../helpers/job-fixtures.js";
import { startLocalLambdaEndpoint } from "../helpers/local-lambda-endpoint.js";
import { seedRequest } from "../helpers/requests.js";
import { startTestServer, temporaryDataDir, type TestServer } from "../helpers/test-server.js";
import type { StartOptions } from "../../server/start-server.js";

const JOB = "example-video-classification-labeling-job";
const answer = (label: string) => ({ "crowd-classifier": { label } });

interface Run {
  server: TestServer;
  clock: ManualClock;
}

let current: Run | undefined;
afterEach(async () => {
  await current?.server.close();
  current = undefined;
});

/** A server on a ManualClock with the seed job created from `inputs` and the request changed by `edit`. */
async function runJob(
  inputs: JobInputs = {},
  edit: (request: CreateLabelingJobCommandInput) => void = () => undefined,
  options: StartOptions = {},
): Promise<Run> {
  const clock = new ManualClock(new Date("2026-06-01T09:00:00.000Z"));
  const server = await startTestServer({ clock, startDelayMs: 0, ...options });
  current = { server, clock };
  await uploadJobInputs(server, inputs);
  const request = seedRequest();
  edit(request);
  await server.sagemaker.send(new CreateLabelingJobCommand(request));
  await engineIdle(server);
  return current;
}

const workers = (server: TestServer, count: number) =>
  Array.from({ length: count }, (_, n) => server.emulator.workers.create({ displayName: `Worker ${n + 1}` }));

async function labelOnce(server: TestServer, workerId: string, label = "Sports") {
  const task = server.emulator.tasks.claimNext({ workerId, jobName: JOB });
  if (!task) throw new Error(`no task for ${workerId}`);
  await server.emulator.tasks.submit(task.id, workerId, answer(label));
  return task;
}

describe("input problems fail the job with a reason naming the file", () => {
  it.each<[string, JobInputs, (r: CreateLabelingJobCommandInput) => void, RegExp]>([
    [
      "invalid JSON on a line",
      { manifest: ['{"source-ref":"s3://bucket/a.mp4"}', "{not json"] },
      () => undefined,
      /manifest-with-input-data\.json line 2 is not valid JSON/u,
    ],
    [
      "a line without source-ref",
      { manifest: [{ "source-ref": "s3://bucket/a.mp4" }, { source: "text" }] },
      () => undefined,
      /line 2 has no "source-ref" attribute/u,
    ],
    ["an empty manifest", { manifest: [] }, () => undefined, /has no data objects/u],
    ["duplicate labels", { labels: ["Sports", "Sports"] }, () => undefined, /"Sports" appears twice/u],
    [
      "too many labels for video",
      { labels: Array.from({ length: 31 }, (_, n) => `L${n}`) },
      () => undefined,
      /31 labels; this task type takes 1 to 30/u,
    ],
    [
      "a label file that is not JSON",
      { labelFile: "labels: [Sports]" },
      () => undefined,
      /label-categories\.json is not valid JSON/u,
    ],
    [
      "a missing manifest",
      {},
      (r) => {
        r.InputConfig = { DataSource: { S3DataSource: { ManifestS3Uri: "s3://bucket/path/nope.manifest" } } };
      },
      /Cannot read the input manifest s3:\/\/bucket\/path\/nope\.manifest: the object does not exist/u,
    ],
    [
      "a missing template",
      {},
      (r) => {
        r.HumanTaskConfig!.UiConfig = { UiTemplateS3Uri: "s3://bucket/path/none.html" };
      },
      /Cannot read the worker task template s3:\/\/bucket\/path\/none\.html/u,
    ],
    [
      "a custom Lambda nothing runs",
      {},
      (r) => {
        r.HumanTaskConfig!.PreHumanTaskLambdaArn = "arn:aws:lambda:us-east-1:123456789012:function:my-pre";
      },
      /Nothing runs the Lambda arn:aws:lambda:us-east-1:123456789012:function:my-pre locally/u,
    ],
    [
      "a built-in gt-local does not run",
      {},
      (r) => {
        r.HumanTaskConfig!.PreHumanTaskLambdaArn =
          "arn:aws:lambda:us-east-1:432418664414:function:PRE-BoundingBox";
      },
      /does not run the built-in Lambda PRE-BoundingBox/u,
    ],
  ])("%s", async (_name, inputs, edit, reason) => {
    const { server } = await runJob(inputs, edit);
    const job = await describeJob(server, JOB);
    expect(job.LabelingJobStatus).toBe("Failed");
    expect(job.FailureReason).toMatch(/^ClientError: /u);
    expect(job.FailureReason).toMatch(reason);
  });

  it("refuses more objects than the configured limit", async () => {
    const manifest = [1, 2, 3].map((n) => ({ "source-ref": `s3://bucket/${n}.mp4` }));
    const { server } = await runJob({ manifest }, () => undefined, { maxObjectsPerJob: 2 });
    expect((await describeJob(server, JOB)).FailureReason).toMatch(/more than 2 data objects/u);
  });

  it("keeps every attribute of a manifest line and tolerates CRLF line ends", async () => {
    const manifest = [
      '{"source-ref":"s3://bucket/a.mp4","customer-id":"c-42"}\r',
      '{"source-ref":"s3://bucket/b.mp4"}\r',
    ];
    const { server } = await runJob({ manifest });
    const job = await describeJob(server, JOB);
    expect(job.LabelingJobStatus).toBe("InProgress");
    expect(job.LabelCounters?.Unlabeled).toBe(2);
  });
});

describe("tasks follow the job's rules", () => {
  it("never gives one worker the same object twice and needs N distinct workers", async () => {
    const { server } = await runJob({}, (r) => {
      r.HumanTaskConfig!.NumberOfHumanWorkersPerDataObject = 2;
    });
    const [first, second] = workers(server, 2);
    const seen = new Set<string>();
    for (let n = 0; n < 3; n++) seen.add((await labelOnce(server, first!.id)).datasetObjectId);
    expect(seen).toEqual(new Set(["0", "1", "2"]));
    expect(server.emulator.tasks.claimNext({ workerId: first!.id, jobName: JOB })).toBeUndefined();
    expect((await describeJob(server, JOB)).LabelCounters?.HumanLabeled).toBe(0);
    await labelOnce(server, second!.id);
    expect((await describeJob(server, JOB)).LabelCounters).toMatchObject({ HumanLabeled: 1, Unlabeled: 2 });
  });

  it("keeps at most MaxConcurrentTaskCount objects out at once", async () => {
    const { server } = await runJob({}, (r) => {
      r.HumanTaskConfig!.MaxConcurrentTaskCount = 1;
      r.HumanTaskConfig!.NumberOfHumanWorkersPerDataObject = 1;
    });
    const [a, b] = workers(server, 2);
    const first = server.emulator.tasks.claimNext({ workerId: a!.id, jobName: JOB });
    expect(first?.datasetObjectId).toBe("0");
    // Object 1 is not out yet: b has nothing to do until object 0 is finished.
    expect(server.emulator.tasks.claimNext({ workerId: b!.id, jobName: JOB })).toBeUndefined();
    await server.emulator.tasks.submit(first!.id, a!.id, answer("News"));
    expect(server.emulator.tasks.claimNext({ workerId: b!.id, jobName: JOB })?.datasetObjectId).toBe("1");
  });

  it("returns a lapsed claim to the pool after TaskTimeLimitInSeconds", async () => {
    const { server, clock } = await runJob({}, (r) => {
      r.HumanTaskConfig!.MaxConcurrentTaskCount = 1;
      r.HumanTaskConfig!.NumberOfHumanWorkersPerDataObject = 1;
    });
    const [a, b] = workers(server, 2);
    const claimed = server.emulator.tasks.claimNext({ workerId: a!.id, jobName: JOB });
    clock.advance(300_000);
    await engineIdle(server);
    expect(server.emulator.tasks.get(claimed!.id).state).toBe("timed-out");
    await expect(server.emulator.tasks.submit(claimed!.id, a!.id, answer("News"))).rejects.toMatchObject({
      code: "ValidationException",
    });
    expect(server.emulator.tasks.claimNext({ workerId: b!.id, jobName: JOB })?.datasetObjectId).toBe("0");
  });

  it("ends objects at TaskAvailabilityLifetimeInSeconds: answered ones labeled, the rest failed", async () => {
    const { server, clock } = await runJob({}, (r) => {
      r.HumanTaskConfig!.NumberOfHumanWorkersPerDataObject = 2;
      r.HumanTaskConfig!.TaskAvailabilityLifetimeInSeconds = 3_600;
    });
    const [a] = workers(server, 1);
    await labelOnce(server, a!.id);
    clock.advance(3_600_000);
    await engineIdle(server);
    const job = await describeJob(server, JOB);
    expect(job.LabelCounters).toEqual({
      TotalLabeled: 1,
      HumanLabeled: 1,
      MachineLabeled: 0,
      FailedNonRetryableError: 2,
      Unlabeled: 0,
    });
    expect(job.LabelingJobStatus).toBe("Completed");
  });

  it("gives a declined object to others but never back to the worker who declined", async () => {
    const { server } = await runJob({}, (r) => {
      r.HumanTaskConfig!.NumberOfHumanWorkersPerDataObject = 1;
    });
    const [a, b] = workers(server, 2);
    const declined = server.emulator.tasks.claimNext({ workerId: a!.id, jobName: JOB });
    await server.emulator.tasks.decline(declined!.id, a!.id);
    expect(server.emulator.tasks.claimNext({ workerId: a!.id, jobName: JOB })?.datasetObjectId).toBe("1");
    expect(server.emulator.tasks.claimNext({ workerId: b!.id, jobName: JOB })?.datasetObjectId).toBe("0");
  });

  it("lets only members of the job's team claim its tasks", async () => {
    const { server } = await runJob();
    const outsider = server.emulator.workers.create({ displayName: "Outsider", groups: ["other-team"] });
    expect(() => server.emulator.tasks.claimNext({ workerId: outsider.id, jobName: JOB })).toThrow(
      expect.objectContaining({ code: "AccessDenied" }),
    );
    expect(server.emulator.tasks.claimNext({ workerId: outsider.id })).toBeUndefined();
  });

  it("refuses an answer whose label is not a category", async () => {
    const { server } = await runJob();
    const [a] = workers(server, 1);
    const task = server.emulator.tasks.claimNext({ workerId: a!.id, jobName: JOB });
    await expect(server.emulator.tasks.submit(task!.id, a!.id, answer("Cooking"))).rejects.toMatchObject({
      code: "ValidationException",
      message: '"Cooking" is not a label of this job. The labels are: Sports, News, Music.',
    });
  });
});

describe("the engine's timer", () => {
  it("starts a job created in the same turn as another job's claim", async () => {
    const { server } = await runJob();
    const [worker] = workers(server, 1);
    const scope = { accountId: server.emulator.accountId, region: "us-east-1" };
    const first = server.emulator.jobs.describe(scope, JOB);
    // The new job's start is due at once; a claim before its wake-up has run arms the timer for
    // the claim's deadline, which must not drop that start.
    server.emulator.jobs.create(scope, "second-job", first.spec, []);
    expect(server.emulator.tasks.claimNext({ workerId: worker?.id ?? "", jobName: JOB })).toBeDefined();
    await engineIdle(server);
    expect((await describeJob(server, "second-job")).LabelingJobStatus).toBe("InProgress");
  });
});

describe("stopping", () => {
  it("stops at MaxHumanLabeledObjectCount, keeping what was labeled", async () => {
    const { server } = await runJob({}, (r) => {
      r.StoppingConditions = { MaxHumanLabeledObjectCount: 1 };
      r.HumanTaskConfig!.NumberOfHumanWorkersPerDataObject = 1;
    });
    const [a] = workers(server, 1);
    await labelOnce(server, a!.id);
    await engineIdle(server);
    const job = await describeJob(server, JOB);
    expect(job.LabelingJobStatus).toBe("Stopped");
    expect(job.LabelCounters).toMatchObject({ HumanLabeled: 1, Unlabeled: 2 });
    expect(server.emulator.tasks.claimNext({ workerId: a!.id, jobName: JOB })).toBeUndefined();
  });

  it("stops at MaxPercentageOfInputDatasetLabeled", async () => {
    const manifest = [1, 2, 3, 4].map((n) => ({ "source-ref": `s3://bucket/${n}.mp4` }));
    const { server } = await runJob({ manifest }, (r) => {
      r.StoppingConditions = { MaxPercentageOfInputDatasetLabeled: 50 };
      r.HumanTaskConfig!.NumberOfHumanWorkersPerDataObject = 1;
    });
    const [a] = workers(server, 1);
    await labelOnce(server, a!.id);
    expect((await describeJob(server, JOB)).LabelingJobStatus).toBe("InProgress");
    await labelOnce(server, a!.id);
    await engineIdle(server);
    expect((await describeJob(server, JOB)).LabelingJobStatus).toBe("Stopped");
  });

  it("completes rather than stops when the condition is met by the last object", async () => {
    const { server } = await runJob({}, (r) => {
      r.HumanTaskConfig!.NumberOfHumanWorkersPerDataObject = 1;
    });
    const [a] = workers(server, 1);
    for (let n = 0; n < 3; n++) await labelOnce(server, a!.id);
    await engineIdle(server);
    expect((await describeJob(server, JOB)).LabelingJobStatus).toBe("Completed");
  });

  it("StopLabelingJob withdraws claims and keeps the counts", async () => {
    const { server } = await runJob({}, (r) => {
      r.HumanTaskConfig!.NumberOfHumanWorkersPerDataObject = 1;
    });
    const [a, b] = workers(server, 2);
    await labelOnce(server, a!.id);
    const open = server.emulator.tasks.claimNext({ workerId: b!.id, jobName: JOB });
    await server.sagemaker.send(new StopLabelingJobCommand({ LabelingJobName: JOB }));
    // As on AWS: Stopping while the labeled part is written out, then Stopped.
    expect(["Stopping", "Stopped"]).toContain((await describeJob(server, JOB)).LabelingJobStatus);
    await engineIdle(server);
    const job = await describeJob(server, JOB);
    expect(job.LabelingJobStatus).toBe("Stopped");
    expect(job.LabelCounters).toMatchObject({ HumanLabeled: 1, Unlabeled: 2 });
    expect(server.emulator.tasks.get(open!.id).state).toBe("cancelled");
  });
});

describe("custom pre-annotation Lambdas", () => {
  const folder = mkdtempSync(join(tmpdir(), "gt-local-pre-"));

  /** A job of `count` videos whose pre-annotation is a local module with this handler body. */
  async function runWithPreAnnotation(
    handlerBody: string,
    count: number,
    edit: (request: CreateLabelingJobCommandInput) => void = () => undefined,
  ): Promise<TestServer> {
    const handler = join(folder, `pre-${count}.mjs`);
    writeFileSync(
      handler,
      `export async function handler(event) {
        const ref = event.dataObject["source-ref"];
        ${handlerBody}
      }`,
    );
    const arn = "arn:aws:lambda:us-east-1:123456789012:function:my-pre";
    const manifest = Array.from({ length: count }, (_, n) => ({
      "source-ref": `s3://bucket/videos/clip-${n + 1}.mp4`,
    }));
    const { server } = await runJob(
      { manifest },
      (r) => {
        r.HumanTaskConfig!.PreHumanTaskLambdaArn = arn;
        r.HumanTaskConfig!.NumberOfHumanWorkersPerDataObject = 1;
        edit(r);
      },
      { lambdaConfig: { modules: { [arn]: handler }, baseDir: folder } },
    );
    return server;
  }
  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it("runs a local handler module: its taskInput reaches workers, false skips them", async () => {
    const server = await runWithPreAnnotation(
      `if (ref.endsWith("2.mp4")) return { taskInput: {}, isHumanAnnotationRequired: false };
        if (ref.endsWith("3.mp4")) throw new Error("cannot read " + ref);
        return { taskInput: { video: ref, job: event.labelingJobArn, version: event.version } };`,
      3,
    );
    const job = await describeJob(server, JOB);
    expect(job.LabelCounters).toMatchObject({ MachineLabeled: 1, FailedNonRetryableError: 1, Unlabeled: 1 });
    const [a] = workers(server, 1);
    const task = server.emulator.tasks.claimNext({ workerId: a!.id, jobName: JOB });
    expect(task?.taskInput).toEqual({
      video: "s3://bucket/videos/clip-1.mp4",
      job: "arn:aws:sagemaker:us-east-1:123456789012:labeling-job/example-video-classification-labeling-job",
      version: "2018-10-16",
    });
  });

  it("keeps MaxConcurrentTaskCount objects open past objects the Lambda labels or fails", async () => {
    const server = await runWithPreAnnotation(
      `if (ref.endsWith("1.mp4")) return { taskInput: {}, isHumanAnnotationRequired: false };
        if (ref.endsWith("2.mp4")) throw new Error("cannot read " + ref);
        return { taskInput: { video: ref } };`,
      4,
      (r) => {
        r.HumanTaskConfig!.MaxConcurrentTaskCount = 1;
      },
    );
    // The first two objects end without workers; the one slot then goes to the third.
    const job = await describeJob(server, JOB);
    expect(job.LabelCounters).toMatchObject({ MachineLabeled: 1, FailedNonRetryableError: 1, Unlabeled: 2 });
    const [a, b] = workers(server, 2);
    const task = server.emulator.tasks.claimNext({ workerId: a!.id, jobName: JOB });
    expect(task?.taskInput).toEqual({ video: "s3://bucket/videos/clip-3.mp4" });
    expect(server.emulator.tasks.claimNext({ workerId: b!.id, jobName: JOB })).toBeUndefined();
  });
});

describe("a restart mid-job resumes where it was", () => {
  it("keeps claims, answers and counters, and the job completes after the restart", async () => {
    const dataDir = temporaryDataDir();
    const clock = new ManualClock(new Date("2026-06-01T09:00:00.000Z"));
    const first = await startTestServer({ clock, startDelayMs: 0, inMemory: false, dataDir: dataDir.dir });
    await uploadJobInputs(first);
    const request = seedRequest();
    request.HumanTaskConfig!.NumberOfHumanWorkersPerDataObject = 1;
    await first.sagemaker.send(new CreateLabelingJobCommand(request));
    await engineIdle(first);
    const worker = first.emulator.workers.create({ displayName: "Durable" });
    await labelOnce(first, worker.id);
    const held = first.emulator.tasks.claimNext({ workerId: worker.id, jobName: JOB });
    await first.close();

    const second = await startTestServer({ clock, startDelayMs: 0, inMemory: false, dataDir: dataDir.dir });
    current = { server: second, clock };
    await engineIdle(second);
    expect((await describeJob(second, JOB)).LabelCounters).toMatchObject({ HumanLabeled: 1, Unlabeled: 2 });
    const resumed = second.emulator.tasks.claimNext({ workerId: worker.id, jobName: JOB });
    expect(resumed?.id).toBe(held?.id);
    await second.emulator.tasks.submit(resumed!.id, worker.id, answer("News"));
    await labelOnce(second, worker.id);
    await engineIdle(second);
    expect((await describeJob(second, JOB)).LabelingJobStatus).toBe("Completed");
    dataDir.remove();
  });
});

describe("pre-annotation through a Lambda Invoke endpoint (sam local start-lambda)", () => {
  it("invokes the function by name with the documented request and uses its taskInput", async () => {
    const endpoint = await startLocalLambdaEndpoint({
      "video-pre": (event) => {
        const { dataObject } = event as { dataObject: Record<string, string> };
        return { taskInput: { clip: dataObject["source-ref"] }, isHumanAnnotationRequired: true };
      },
    });
    const arn = "arn:aws:lambda:us-east-1:123456789012:function:video-pre";
    const { server } = await runJob(
      {},
      (r) => {
        r.HumanTaskConfig!.PreHumanTaskLambdaArn = arn;
      },
      { lambdaConfig: { modules: {}, endpoint: endpoint.url, baseDir: "." } },
    );
    expect((await describeJob(server, JOB)).LabelingJobStatus).toBe("InProgress");
    expect(endpoint.received.map((call) => call.functionName)).toEqual([
      "video-pre",
      "video-pre",
      "video-pre",
    ]);
    expect(JSON.parse(endpoint.received[0]?.body ?? "{}")).toEqual({
      version: "2018-10-16",
      labelingJobArn:
        "arn:aws:sagemaker:us-east-1:123456789012:labeling-job/example-video-classification-labeling-job",
      dataObject: { "source-ref": "s3://bucket/videos/clip-1.mp4" },
    });
    const [a] = workers(server, 1);
    expect(server.emulator.tasks.claimNext({ workerId: a!.id, jobName: JOB })?.taskInput).toEqual({
      clip: "s3://bucket/videos/clip-1.mp4",
    });
    endpoint.server.closeAllConnections();
    endpoint.server.close();
  });
});

describe("built-in pre-annotation for the classification family", () => {
  it("runs PRE-ImageMultiClassMultiLabel of another region and checks multi-label answers", async () => {
    const clock = new ManualClock(new Date("2026-06-01T09:00:00.000Z"));
    const server = await startTestServer({ clock, startDelayMs: 0 });
    current = { server, clock };
    const manifest = [{ "source-ref": "s3://bucket/images/cat.jpg" }];
    await uploadJobInputs(server, { manifest, labels: ["cat", "dog", "bird"] });
    const request = seedRequest();
    request.HumanTaskConfig!.WorkteamArn =
      "arn:aws:sagemaker:eu-west-1:123456789012:workteam/private-crowd/example-team";
    request.HumanTaskConfig!.PreHumanTaskLambdaArn =
      "arn:aws:lambda:eu-west-1:568282634449:function:PRE-ImageMultiClassMultiLabel";
    request.HumanTaskConfig!.AnnotationConsolidationConfig = {
      AnnotationConsolidationLambdaArn:
        "arn:aws:lambda:eu-west-1:568282634449:function:ACS-ImageMultiClassMultiLabel",
    };
    request.HumanTaskConfig!.NumberOfHumanWorkersPerDataObject = 1;
    const eu = server.sagemakerIn("eu-west-1");
    await eu.send(new CreateLabelingJobCommand(request));
    await engineIdle(server);
    const [a] = workers(server, 1);
    const task = server.emulator.tasks.claimNext({ workerId: a!.id, jobName: JOB, region: "eu-west-1" });
    expect(task?.taskInput).toEqual({
      taskObject: "s3://bucket/images/cat.jpg",
      labels: ["cat", "dog", "bird"],
    });
    await expect(
      server.emulator.tasks.submit(task!.id, a!.id, {
        "crowd-image-classifier-multi-select": { labels: ["cat", "fish"] },
      }),
    ).rejects.toMatchObject({
      message: '"fish" is not a label of this job. The labels are: cat, dog, bird.',
    });
    await server.emulator.tasks.submit(task!.id, a!.id, {
      "crowd-image-classifier-multi-select": { labels: ["cat", "bird"] },
    });
    await engineIdle(server);
    const job = await eu.send(new DescribeLabelingJobCommand({ LabelingJobName: JOB }));
    expect(job.LabelingJobStatus).toBe("Completed");
    eu.destroy();
  });
});
