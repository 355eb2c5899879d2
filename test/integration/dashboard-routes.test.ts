import { PutObjectCommand } from "@aws-sdk/client-s3";
import { CreateLabelingJobCommand } from "@aws-sdk/client-sagemaker";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../emulator/clock.js";
import { describeJob, engineIdle, s3ClientFor, uploadJobInputs } from "../helpers/job-fixtures.js";
import { seedRequest, videoJobRequest } from "../helpers/requests.js";
import { startTestServer, type TestServer } from "../helpers/test-server.js";

const JOB = "example-video-classification-labeling-job";
const START = "2026-06-01T09:00:00.000Z";
const CLIP = readFileSync(new URL("../fixtures/videos/clip-c.mp4", import.meta.url));

/*
 * Three workers label four videos through the admin API, on a manual clock so that each task takes
 * a known time. Their answers (per object: ann, bob, cy):
 *   0: Sports Sports Sports   → Sports, 3 of 3
 *   1: News   News   Music    → News,   2 of 3
 *   2: Music  News   Music    → Music,  2 of 3
 *   3: Sports Sports News     → Sports, 2 of 3
 */
const ANSWERS: Record<string, { label: string; seconds: number }[]> = {
  ann: ["Sports", "News", "Music", "Sports"].map((label) => ({ label, seconds: 30 })),
  bob: ["Sports", "News", "News", "Sports"].map((label) => ({ label, seconds: 60 })),
  cy: ["Sports", "Music", "Music", "News"].map((label, index) => ({ label, seconds: 10 * (index + 1) })),
};

interface ApiAnswer {
  status: number;
  body: Record<string, unknown>;
}

describe("the dashboard's admin routes", () => {
  let server: TestServer;
  const api = async (method: string, path: string, body?: unknown): Promise<ApiAnswer> => {
    const response = await fetch(`${server.url}/_gt/api${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const detail = async (query = "") => {
    const answer = await api("GET", `/dashboard/jobs/${JOB}${query}`);
    expect(answer.status).toBe(200);
    return answer.body as unknown as DetailBody;
  };

  beforeAll(async () => {
    server = await startTestServer({ clock: new ManualClock(new Date(START)), startDelayMs: 0 });
    const keys = [1, 2, 3, 4].map((n) => `videos/clip-${String(n)}.mp4`);
    await uploadJobInputs(server, { manifest: keys.map((key) => ({ "source-ref": `s3://bucket/${key}` })) });
    const s3 = s3ClientFor(server);
    for (const key of keys) {
      await s3.send(
        new PutObjectCommand({ Bucket: "bucket", Key: key, Body: CLIP, ContentType: "video/mp4" }),
      );
    }
    s3.destroy();
    await server.sagemaker.send(new CreateLabelingJobCommand(seedRequest()));
    await engineIdle(server);
  });
  afterAll(async () => {
    await server.close();
  });

  it("shows a job in progress before the first answer: counters, empty statistics, no manifest", async () => {
    const list = await api("GET", "/dashboard/jobs");
    expect(list.status).toBe(200);
    expect(list.body.jobs).toEqual([
      expect.objectContaining({
        name: JOB,
        region: "us-east-1",
        status: "InProgress",
        title: "Video classification task",
        taskType: "VideoClassification",
        objects: 4,
        workersPerObject: 3,
        counters: {
          totalLabeled: 0,
          humanLabeled: 0,
          machineLabeled: 0,
          failedNonRetryableError: 0,
          unlabeled: 4,
        },
        createdAt: START,
      }),
    ]);
    const body = await detail();
    expect(body.stats.alpha).toMatchObject({ undefinedBecause: "no-pairable-units", pairableUnits: 0 });
    expect(body.stats.distribution.labels).toEqual([
      { label: "Sports", consolidated: 0, answers: 0 },
      { label: "News", consolidated: 0, answers: 0 },
      { label: "Music", consolidated: 0, answers: 0 },
    ]);
    expect(body.stats.workers).toEqual([]);
    expect(body.gallery.items.map((item) => [item.datasetObjectId, item.state, item.kind])).toEqual([
      ["0", "open", "video"],
      ["1", "open", "video"],
      ["2", "open", "video"],
      ["3", "open", "video"],
    ]);
    expect(body.manifest).toBeUndefined();
  });

  it("after the workers finish, gives the distribution, alpha, agreement, throughput, gallery and manifest", async () => {
    for (const [workerId, answers] of Object.entries(ANSWERS)) {
      expect(
        (await api("POST", "/workers", { id: workerId, displayName: workerId.toUpperCase() })).status,
      ).toBe(201);
      for (const { label, seconds } of answers) {
        const claimed = await api("POST", "/tasks/claim", { workerId, jobName: JOB });
        const task = claimed.body.task as { id: string };
        await api("POST", "/clock/advance", { seconds });
        const submitted = await api("POST", `/tasks/${task.id}/submit`, {
          workerId,
          answer: { "crowd-classifier": { label } },
        });
        expect(submitted.status).toBe(200);
      }
    }
    await engineIdle(server);
    expect((await describeJob(server, JOB)).LabelingJobStatus).toBe("Completed");

    const body = await detail();
    expect(body.job).toMatchObject({
      status: "Completed",
      consolidation: "majority-vote",
      labelAttributeName: "label",
    });
    expect(body.stats.distribution).toEqual({
      labels: [
        { label: "Sports", consolidated: 2, answers: 5 },
        { label: "News", consolidated: 1, answers: 4 },
        { label: "Music", consolidated: 1, answers: 3 },
      ],
      consolidatedObjects: 4,
      answers: 12,
    });
    // n = 12 values; 6 of the 12 pairings agree (D_o = 1/2); marginals 5, 4, 3 (D_e = 94/132).
    expect(body.stats.alpha.alpha).toBeCloseTo(1 - 0.5 / (94 / 132), 10);
    expect(body.stats.alpha).toMatchObject({ pairableUnits: 4, pairableValues: 12 });
    expect(body.stats.agreement).toMatchObject({ objects: 4, singleAnswerObjects: 0 });
    expect(body.stats.agreement.mean).toBeCloseTo(0.75, 12);
    expect(body.stats.agreement.histogram.map((bin) => bin.objects)).toEqual([0, 0, 0, 3, 1]);

    const byWorker = Object.fromEntries(body.stats.workers.map((worker) => [worker.workerId, worker]));
    expect(byWorker.ann).toMatchObject({
      displayName: "ANN",
      submitted: 4,
      medianSecondsPerTask: 30,
      activeSeconds: 120,
      tasksPerHour: 120,
      agreement: 1,
    });
    expect(byWorker.bob).toMatchObject({
      submitted: 4,
      medianSecondsPerTask: 60,
      tasksPerHour: 60,
      agreement: 0.75,
    });
    expect(byWorker.cy).toMatchObject({
      submitted: 4,
      medianSecondsPerTask: 25,
      tasksPerHour: 144,
      agreement: 0.5,
    });

    expect(body.gallery.total).toBe(4);
    expect(
      body.gallery.items.map((item) => [item.labels, item.confidence, item.answers, item.state]),
    ).toEqual([
      [["Sports"], 1, 3, "labeled"],
      [["News"], 0.67, 3, "labeled"],
      [["Music"], 0.67, 3, "labeled"],
      [["Sports"], 0.67, 3, "labeled"],
    ]);
    // The URLs are presigned for the browser: they load the video itself.
    const video = await fetch(body.gallery.items[0]?.url ?? "");
    expect(video.status).toBe(200);
    expect(Buffer.from(await video.arrayBuffer()).equals(CLIP)).toBe(true);

    expect(body.manifest?.uri).toBe(
      `s3://bucket/path/file-to-store-output-data/${JOB}/manifests/output/output.manifest`,
    );
    expect(body.manifest?.lineCount).toBe(4);
    const lines = (body.manifest?.lines ?? []).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => (line["label-metadata"] as { "class-name": string })["class-name"])).toEqual([
      "Sports",
      "News",
      "Music",
      "Sports",
    ]);
    const download = await fetch(body.manifest?.url ?? "");
    expect((await download.text()).trimEnd().split("\n")).toEqual(body.manifest?.lines);
  });

  it("pages the gallery and the manifest together with offset and limit", async () => {
    const body = await detail("?offset=1&limit=2");
    expect(body.gallery).toMatchObject({ offset: 1, limit: 2, total: 4 });
    expect(body.gallery.items.map((item) => item.datasetObjectId)).toEqual(["1", "2"]);
    expect(body.manifest).toMatchObject({ offset: 1, lineCount: 4 });
    expect(
      body.manifest?.lines.map((line) => (JSON.parse(line) as { "source-ref": string })["source-ref"]),
    ).toEqual(["s3://bucket/videos/clip-2.mp4", "s3://bucket/videos/clip-3.mp4"]);
  });

  it("lists the jobs of every region, newest first", async () => {
    await api("POST", "/clock/advance", { seconds: 60 });
    const other = server.sagemakerIn("eu-west-1");
    await other.send(
      new CreateLabelingJobCommand(
        videoJobRequest("job-in-ireland", {
          HumanTaskConfig: {
            ...seedRequest().HumanTaskConfig!,
            WorkteamArn: "arn:aws:sagemaker:eu-west-1:394669845002:workteam/public-crowd/default",
          },
        }),
      ),
    );
    other.destroy();
    const list = await api("GET", "/dashboard/jobs");
    const jobs = list.body.jobs as { name: string; region: string }[];
    expect(jobs.map((job) => [job.name, job.region])).toEqual([
      ["job-in-ireland", "eu-west-1"],
      [JOB, "us-east-1"],
    ]);
    const ireland = await api("GET", "/dashboard/jobs/job-in-ireland?region=eu-west-1");
    expect(ireland.status).toBe(200);
  });

  it("answers bad queries with a 400 and unknown jobs with a 404, in the admin API's error shape", async () => {
    for (const query of [
      "?limit=0",
      "?limit=501",
      "?limit=ten",
      "?offset=-1",
      "?offset=1.5",
      "?region=a&region=b",
    ]) {
      const answer = await api("GET", `/dashboard/jobs/${JOB}${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.body.error, query).toMatchObject({
        code: "ValidationException",
        message: expect.stringMatching(/\S/u) as unknown,
      });
    }
    const missing = await api("GET", "/dashboard/jobs/no-such-job");
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: "ResourceNotFound" });
    // Job names are per region: the job exists in us-east-1 only.
    expect((await api("GET", `/dashboard/jobs/${JOB}?region=eu-west-1`)).status).toBe(404);
    expect((await api("GET", "/dashboard/jobs/%E0%A4%A")).status).toBe(400);
  });
});

interface DetailBody {
  job: Record<string, unknown>;
  stats: {
    distribution: { labels: unknown[]; consolidatedObjects: number; answers: number };
    alpha: { alpha?: number; undefinedBecause?: string; pairableUnits: number; pairableValues: number };
    agreement: { objects: number; mean?: number; histogram: { objects: number }[] };
    workers: { workerId: string }[];
  };
  gallery: {
    offset: number;
    limit: number;
    total: number;
    items: {
      datasetObjectId: string;
      state: string;
      kind: string;
      url?: string;
      labels?: string[];
      confidence?: number;
      answers: number;
    }[];
  };
  manifest?: { uri: string; url?: string; lineCount: number; offset: number; lines: string[] };
}

describe("the dashboard pages", () => {
  let server: TestServer;
  afterAll(async () => {
    await server.close();
  });

  it("serves the shell and its script, and keeps both the pages and their data behind the portal password", async () => {
    server = await startTestServer({ portalPassword: "s3cret" });
    const page = await fetch(`${server.url}/_gt/dashboard/jobs/some-job?region=us-east-1`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Portal password");
    expect((await fetch(`${server.url}/_gt/api/dashboard/jobs`)).status).toBe(401);

    const login = await fetch(`${server.url}/_gt/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "password=s3cret",
      redirect: "manual",
    });
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const signedIn = await fetch(`${server.url}/_gt/dashboard`, { headers: { cookie } });
    const html = await signedIn.text();
    expect(html).toContain('<script src="/_gt/dashboard.js"></script>');
    expect(html).toContain("<title>gt-local dashboard</title>");
    const data = await fetch(`${server.url}/_gt/api/dashboard/jobs`, { headers: { cookie } });
    expect(await data.json()).toEqual({ jobs: [] });
    const script = await fetch(`${server.url}/_gt/dashboard.js`);
    expect(script.headers.get("content-type")).toMatch(/^application\/javascript/u);
    expect(await script.text()).toContain('new EventSource("/_gt/api/events")');
  });
});

describe("the dashboard of a custom-template job", () => {
  let server: TestServer;
  afterAll(async () => {
    await server.close();
  });

  it("compares custom answers by their JSON and shows text objects as text", async () => {
    server = await startTestServer({ startDelayMs: 0 });
    await uploadJobInputs(server, {
      manifest: [{ source: "I love this film" }],
      template: "<crowd-form><crowd-input name='reason'></crowd-input></crowd-form>",
    });
    const request = seedRequest();
    request.LabelingJobName = "custom-text-job";
    request.LabelCategoryConfigS3Uri = undefined;
    request.HumanTaskConfig!.PreHumanTaskLambdaArn = undefined;
    request.HumanTaskConfig!.AnnotationConsolidationConfig = undefined;
    request.HumanTaskConfig!.NumberOfHumanWorkersPerDataObject = 2;
    await server.sagemaker.send(new CreateLabelingJobCommand(request));
    await engineIdle(server);
    for (const [id, answer] of [
      ["one", { reason: "nice", mood: { happy: true, sad: false } }],
      ["two", { mood: { sad: false, happy: true }, reason: "nice" }],
    ] as const) {
      const worker = server.emulator.workers.create({ id, displayName: id });
      const task = server.emulator.tasks.claimNext({ workerId: worker.id, jobName: "custom-text-job" });
      await server.emulator.tasks.submit(task!.id, worker.id, answer);
    }
    await engineIdle(server);
    const response = await fetch(`${server.url}/_gt/api/dashboard/jobs/custom-text-job`);
    const body = (await response.json()) as DetailBody;
    expect(body.job).toMatchObject({ status: "Completed", taskType: "Custom", labels: [] });
    // The two answers are the same JSON in another key order: they agree, and nothing else varies.
    expect(body.stats.distribution.labels).toEqual([
      { label: '{"mood":{"happy":true,"sad":false},"reason":"nice"}', consolidated: 0, answers: 2 },
    ]);
    expect(body.stats.alpha).toMatchObject({ undefinedBecause: "no-variation", pairableUnits: 1 });
    expect(body.stats.agreement).toMatchObject({ objects: 1, mean: 1 });
    expect(body.gallery.items).toEqual([
      expect.objectContaining({ datasetObjectId: "0", kind: "text", state: "labeled", answers: 2 }),
    ]);
    expect(body.manifest?.lineCount).toBe(1);
  });
});
