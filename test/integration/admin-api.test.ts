import {
  CreateMultipartUploadCommand,
  ListBucketsCommand,
  PutObjectCommand,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import {
  CreateLabelingJobCommand,
  CreateWorkteamCommand,
  ListLabelingJobsCommand,
  ListWorkteamsCommand,
  type CreateLabelingJobCommandInput,
} from "@aws-sdk/client-sagemaker";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../emulator/clock.js";
import { describeJob, engineIdle, s3ClientFor, uploadJobInputs } from "../helpers/job-fixtures.js";
import { seedRequest } from "../helpers/requests.js";
import { startTestServer, type TestServer } from "../helpers/test-server.js";

const JOB = "example-video-classification-labeling-job";
const START = "2026-06-01T09:00:00.000Z";
const DEFAULT_WORKER = "localworker00001";
const LABELS = ["Sports", "News", "Music"];

interface TaskJson {
  id: string;
  jobName: string;
  jobArn: string;
  region: string;
  datasetObjectId: string;
  workerId: string;
  state: string;
  taskInput: unknown;
  claimedAt: string;
  deadline: string;
  finishedAt?: string;
  answer?: unknown;
  renderUrl: string;
}

interface WorkerJson {
  id: string;
  awsWorkerId: string;
  displayName: string;
  email: string;
  groups: string[];
  createdAt: string;
}

/** Every shape the admin API answers with, loosely: each test reads the members it expects. */
interface ApiBody {
  task?: TaskJson | null;
  worker?: WorkerJson;
  workers?: WorkerJson[];
  now?: string;
  manual?: boolean;
  reset?: boolean;
  error?: { code: string; message: string };
}

interface ApiResult {
  status: number;
  headers: Headers;
  body: ApiBody;
}

/** A plain-fetch client of /_gt/api, as a user's test script would write one. */
function adminClient(server: TestServer) {
  const call = async (method: string, path: string, body?: unknown): Promise<ApiResult> => {
    const response = await fetch(`${server.url}/_gt/api${path}`, {
      method,
      ...(body === undefined
        ? {}
        : {
            headers: { "content-type": "application/json" },
            body: typeof body === "string" ? body : JSON.stringify(body),
          }),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as ApiBody };
  };
  const taskOf = (result: ApiResult, what: string): TaskJson => {
    expect(result.status, `${what}: ${JSON.stringify(result.body)}`).toBe(200);
    expect(result.body.task, `${what}: a task`).toBeTruthy();
    return result.body.task!;
  };
  return {
    call,
    createWorker: async (body: Record<string, unknown>): Promise<WorkerJson> => {
      const result = await call("POST", "/workers", body);
      expect(result.status, JSON.stringify(result.body)).toBe(201);
      return result.body.worker!;
    },
    claim: (workerId: string, jobName = JOB) => call("POST", "/tasks/claim", { workerId, jobName }),
    /** A claim that names no job: the oldest job with work for this worker. */
    claimAny: (workerId: string) => call("POST", "/tasks/claim", { workerId }),
    claimTask: async (workerId: string, jobName = JOB) =>
      taskOf(await call("POST", "/tasks/claim", { workerId, jobName }), `claim for ${workerId}`),
    submit: (taskId: string, workerId: string, answer: unknown) =>
      call("POST", `/tasks/${taskId}/submit`, { workerId, answer }),
    decline: (taskId: string, workerId: string) => call("POST", `/tasks/${taskId}/decline`, { workerId }),
    release: (taskId: string, workerId: string) => call("POST", `/tasks/${taskId}/release`, { workerId }),
    getTask: (taskId: string) => call("GET", `/tasks/${taskId}`),
    advance: (body: unknown) => call("POST", "/clock/advance", body),
  };
}

const answer = (label: unknown) => ({ "crowd-classifier": { label } });

/** The documentation's request with one worker per video, so a returned video is plainly visible. */
function oneWorkerPerVideo(): CreateLabelingJobCommandInput {
  const request = seedRequest();
  request.HumanTaskConfig!.NumberOfHumanWorkersPerDataObject = 1;
  return request;
}

async function createJob(server: TestServer, request = seedRequest()): Promise<void> {
  await uploadJobInputs(server);
  await server.sagemaker.send(new CreateLabelingJobCommand(request));
  await engineIdle(server);
}

/** Row counts of every table the migrations created, read from sqlite_master (not from a list). */
function rowCounts(server: TestServer): Record<string, number> {
  const db = server.emulator.db;
  const tables = db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all();
  return Object.fromEntries(
    tables.map(({ name }) => [
      name,
      db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM "${name}"`).get()?.n ?? 0,
    ]),
  );
}

describe("the admin API on a manual clock", () => {
  let server: TestServer;
  let api: ReturnType<typeof adminClient>;

  beforeEach(async () => {
    server = await startTestServer({ clock: new ManualClock(new Date(START)), startDelayMs: 0 });
    api = adminClient(server);
  });
  afterEach(async () => {
    await server.close();
  });

  describe("workers", () => {
    it("lists the default worker with its AWS-style id", async () => {
      const result = await api.call("GET", "/workers");
      expect(result.status).toBe(200);
      expect(result.headers.get("content-type")).toMatch(/^application\/json/u);
      expect(result.headers.get("x-request-id")).toMatch(/\S/u);
      expect(result.body).toEqual({
        workers: [
          {
            id: DEFAULT_WORKER,
            awsWorkerId: `private.us-east-1.${DEFAULT_WORKER}`,
            displayName: "Local Worker",
            email: "worker@gt-local.test",
            groups: ["gt-local-workers"],
            createdAt: START,
          },
        ],
      });
    });

    it("creates workers, with the default team's group unless told otherwise, and reads them back", async () => {
      const minimal = await api.createWorker({ displayName: "  Ada  " });
      expect(minimal).toEqual({
        id: expect.stringMatching(/^[a-z0-9]{16}$/u) as unknown,
        awsWorkerId: `private.us-east-1.${minimal.id}`,
        displayName: "Ada",
        email: `${minimal.id}@workers.gt-local.test`,
        groups: ["gt-local-workers"],
        createdAt: START,
      });
      const full = await api.createWorker({
        id: "grace",
        displayName: "Grace",
        email: "grace@example.com",
        groups: ["reviewers", "gt-local-workers"],
      });
      expect(full).toMatchObject({
        id: "grace",
        email: "grace@example.com",
        groups: ["reviewers", "gt-local-workers"],
      });

      const one = await api.call("GET", "/workers/grace");
      expect(one).toMatchObject({ status: 200, body: { worker: full } });
      const all = await api.call("GET", "/workers");
      // Oldest first, then by id: all three were created at the same (manual) instant.
      expect(all.body.workers?.map((worker) => worker.id)).toEqual(
        [DEFAULT_WORKER, minimal.id, "grace"].sort(),
      );
    });

    it("refuses bad worker requests with a 4xx naming the problem", async () => {
      const cases: [unknown, number, string, RegExp][] = [
        [{}, 400, "ValidationException", /"displayName" is required/u],
        [
          { displayName: 7 },
          400,
          "ValidationException",
          /"displayName" must be a non-empty string, not a number/u,
        ],
        [{ displayName: "A", groups: "reviewers" }, 400, "ValidationException", /"groups" must be a list/u],
        [{ displayName: "A", groups: ["ok", 3] }, 400, "ValidationException", /item 2 is a number/u],
        [{ displayName: "A", id: "no spaces" }, 400, "ValidationException", /worker id/u],
        [{ displayName: "A", name: "typo" }, 400, "ValidationException", /Unknown field "name"/u],
        ["[1, 2]", 400, "SerializationException", /must be a JSON object, not a list/u],
        ["{not json", 400, "SerializationException", /not valid JSON/u],
        [{ displayName: "Again", id: DEFAULT_WORKER }, 409, "ResourceInUse", /already exists/u],
      ];
      for (const [body, status, code, message] of cases) {
        const result = await api.call("POST", "/workers", body);
        expect(result.status, JSON.stringify(body)).toBe(status);
        expect(result.body.error?.code, JSON.stringify(body)).toBe(code);
        expect(result.body.error?.message, JSON.stringify(body)).toMatch(message);
        expect(result.headers.get("x-request-id")).toMatch(/\S/u);
      }
      expect((await api.call("GET", "/workers/nobody")).status).toBe(404);
    });
  });

  it("answers unknown routes and methods with a JSON 404", async () => {
    for (const [method, path] of [
      ["GET", "/nothing-here"],
      ["DELETE", "/workers"],
      ["GET", "/reset"],
      ["POST", ""],
    ] as const) {
      const result = await api.call(method, path);
      expect(result.status, `${method} ${path}`).toBe(404);
      expect(result.body.error).toEqual({
        code: "ResourceNotFound",
        message: expect.stringContaining(`${method} /_gt/api${path}`) as unknown,
      });
    }
  });

  it("runs the seed job to Completed with three workers, counters at every step", async () => {
    await createJob(server);
    const counters = async () => (await describeJob(server, JOB)).LabelCounters;
    expect((await describeJob(server, JOB)).LabelingJobStatus).toBe("InProgress");
    expect(await counters()).toEqual({
      TotalLabeled: 0,
      HumanLabeled: 0,
      MachineLabeled: 0,
      FailedNonRetryableError: 0,
      Unlabeled: 3,
    });

    const workers = await Promise.all(
      ["One", "Two", "Three"].map((name) => api.createWorker({ displayName: `Worker ${name}` })),
    );
    const votes = ["Sports", "Sports", "News"];
    for (const [index, worker] of workers.entries()) {
      for (let video = 0; video < 3; video++) {
        const claimed = await api.claimTask(worker.id);
        expect(claimed).toEqual({
          id: expect.any(String) as unknown,
          jobName: JOB,
          jobArn: `arn:aws:sagemaker:us-east-1:123456789012:labeling-job/${JOB}`,
          region: "us-east-1",
          datasetObjectId: String(video),
          workerId: worker.id,
          state: "claimed",
          taskInput: { taskObject: `s3://bucket/videos/clip-${video + 1}.mp4`, labels: LABELS },
          claimedAt: START,
          deadline: "2026-06-01T09:05:00.000Z",
          renderUrl: `${server.url}/_gt/portal/tasks/${claimed.id}`,
        });
        // Reading it back gives the same task; claiming again gives the current one, not a new one.
        expect((await api.getTask(claimed.id)).body.task).toEqual(claimed);
        expect((await api.claim(worker.id)).body.task?.id).toBe(claimed.id);

        const submitted = await api.submit(claimed.id, worker.id, answer(votes[index]));
        expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
        expect(submitted.body.task).toEqual({
          ...claimed,
          state: "submitted",
          finishedAt: START,
          answer: answer(votes[index]),
        });
        expect((await api.getTask(claimed.id)).body.task).toEqual(submitted.body.task);

        // A video is labeled once its third worker has answered.
        const labeled = index === 2 ? video + 1 : 0;
        expect(await counters(), `worker ${index + 1}, video ${video + 1}`).toMatchObject({
          HumanLabeled: labeled,
          TotalLabeled: labeled,
          Unlabeled: 3 - labeled,
        });
      }
      // Each worker has seen every video once: nothing is left for them.
      expect(await api.claim(worker.id)).toMatchObject({ status: 200, body: { task: null } });
    }
    const done = await describeJob(server, JOB);
    expect(done.LabelingJobStatus).toBe("Completed");
    expect(done.LabelCounters).toEqual({
      TotalLabeled: 3,
      HumanLabeled: 3,
      MachineLabeled: 0,
      FailedNonRetryableError: 0,
      Unlabeled: 0,
    });
    expect(await api.claim(DEFAULT_WORKER)).toMatchObject({ status: 200, body: { task: null } });
  });

  it("claims from any job the worker's teams work on when no job is named", async () => {
    expect(await api.claimAny(DEFAULT_WORKER)).toMatchObject({ status: 200, body: { task: null } });
    await createJob(server);
    const result = await api.claimAny(DEFAULT_WORKER);
    expect(result.body.task).toMatchObject({ jobName: JOB, datasetObjectId: "0", workerId: DEFAULT_WORKER });
  });

  it("refuses claims for unknown workers, unknown jobs and workers outside the job's team", async () => {
    await createJob(server);
    const noWorker = await api.claim("nobody");
    expect(noWorker.status).toBe(404);
    expect(noWorker.body.error?.code).toBe("ResourceNotFound");

    const noJob = await api.claim(DEFAULT_WORKER, "no-such-job");
    expect(noJob.status).toBe(404);
    expect(noJob.body.error?.message).toMatch(/no-such-job/u);

    const outsider = await api.createWorker({ displayName: "Outsider", groups: ["outsiders"] });
    const denied = await api.claim(outsider.id);
    expect(denied.status).toBe(403);
    expect(denied.body.error).toEqual({
      code: "AccessDenied",
      message: expect.stringMatching(new RegExp(`${outsider.id}.*not a member.*${JOB}`, "u")) as unknown,
    });
    // Without a job name, the outsider simply has no work.
    expect(await api.claimAny(outsider.id)).toMatchObject({ status: 200, body: { task: null } });

    for (const body of [{}, { workerId: 5 }, { workerId: DEFAULT_WORKER, job: JOB }]) {
      const result = await api.call("POST", "/tasks/claim", body);
      expect(result.status, JSON.stringify(body)).toBe(400);
      expect(result.body.error?.code).toBe("ValidationException");
    }
  });

  describe("answers", () => {
    it("refuses a label that is not a category, naming it and the valid ones; the claim survives", async () => {
      await createJob(server);
      const task = await api.claimTask(DEFAULT_WORKER);
      const result = await api.submit(task.id, DEFAULT_WORKER, answer("Weather"));
      expect(result.status).toBe(400);
      expect(result.body.error).toEqual({
        code: "ValidationException",
        message: '"Weather" is not a label of this job. The labels are: Sports, News, Music.',
      });
      expect((await api.getTask(task.id)).body.task?.state).toBe("claimed");
      expect((await api.submit(task.id, DEFAULT_WORKER, answer("Music"))).status).toBe(200);
    });

    it("refuses malformed answers with a 400", async () => {
      await createJob(server);
      const task = await api.claimTask(DEFAULT_WORKER);
      const malformed: [unknown, RegExp][] = [
        ["Sports", /An answer is the JSON object a crowd-form submits/u],
        [["Sports"], /An answer is the JSON object a crowd-form submits/u],
        [{ "crowd-classifier": { labels: ["Sports"] } }, /has no label/u],
        [answer(3), /label must be a string/u],
      ];
      for (const [body, message] of malformed) {
        const result = await api.submit(task.id, DEFAULT_WORKER, body);
        expect(result.status, JSON.stringify(body)).toBe(400);
        expect(result.body.error?.code).toBe("ValidationException");
        expect(result.body.error?.message, JSON.stringify(body)).toMatch(message);
      }
      const noAnswer = await api.call("POST", `/tasks/${task.id}/submit`, { workerId: DEFAULT_WORKER });
      expect(noAnswer.status).toBe(400);
      expect(noAnswer.body.error?.message).toMatch(/"answer" is required/u);
      expect((await api.getTask(task.id)).body.task?.state).toBe("claimed");
    });
  });

  it("keeps a task to its worker (403) and answers 404 for unknown tasks", async () => {
    await createJob(server);
    const task = await api.claimTask(DEFAULT_WORKER);
    const other = await api.createWorker({ displayName: "Other" });
    for (const result of [
      await api.submit(task.id, other.id, answer("Sports")),
      await api.decline(task.id, other.id),
      await api.release(task.id, other.id),
      await api.call("GET", `/tasks/${task.id}?workerId=${other.id}`),
    ]) {
      expect(result.status).toBe(403);
      expect(result.body.error).toEqual({
        code: "AccessDenied",
        message: `Task ${task.id} belongs to another worker.`,
      });
    }
    expect((await api.call("GET", `/tasks/${task.id}?workerId=${DEFAULT_WORKER}`)).status).toBe(200);

    const unknown = "00000000-0000-4000-8000-000000000000";
    for (const result of [
      await api.getTask(unknown),
      await api.submit(unknown, DEFAULT_WORKER, answer("Sports")),
      await api.decline(unknown, DEFAULT_WORKER),
      await api.release(unknown, DEFAULT_WORKER),
    ]) {
      expect(result.status).toBe(404);
      expect(result.body.error).toEqual({
        code: "ResourceNotFound",
        message: `Task ${unknown} does not exist.`,
      });
    }
  });

  it("puts declined and released videos back for others, never for the same worker", async () => {
    await createJob(server, oneWorkerPerVideo());
    const [a, b, c] = await Promise.all(
      ["A", "B", "C"].map((name) => api.createWorker({ displayName: `Worker ${name}` })),
    );

    const first = await api.claimTask(a!.id);
    expect(first.datasetObjectId).toBe("0");
    const declined = await api.decline(first.id, a!.id);
    expect(declined.status).toBe(200);
    expect(declined.body.task).toMatchObject({ id: first.id, state: "declined", finishedAt: START });
    expect((await api.claimTask(b!.id)).datasetObjectId).toBe("0");

    const second = await api.claimTask(a!.id);
    expect(second.datasetObjectId).toBe("1");
    const released = await api.release(second.id, a!.id);
    expect(released.body.task).toMatchObject({ id: second.id, state: "released" });
    expect((await api.claimTask(c!.id)).datasetObjectId).toBe("1");

    const third = await api.claimTask(a!.id);
    expect(third.datasetObjectId).toBe("2");
    // A task that is no longer claimed cannot be answered or handed back again.
    for (const result of [
      await api.submit(first.id, a!.id, answer("Sports")),
      await api.decline(second.id, a!.id),
      await api.release(first.id, a!.id),
    ]) {
      expect(result.status).toBe(409);
      expect(result.body.error?.code).toBe("ResourceInUse");
    }
  });

  describe("the clock", () => {
    it("reads and advances the manual clock by seconds or milliseconds", async () => {
      expect((await api.call("GET", "/clock")).body).toEqual({ now: START, manual: true });
      expect(await api.advance({ seconds: 90 })).toMatchObject({
        status: 200,
        body: { now: "2026-06-01T09:01:30.000Z" },
      });
      expect((await api.advance({ milliseconds: 250 })).body).toEqual({ now: "2026-06-01T09:01:30.250Z" });
      expect((await api.advance({ seconds: 0.5 })).body).toEqual({ now: "2026-06-01T09:01:30.750Z" });
      expect((await api.call("GET", "/clock")).body).toEqual({
        now: "2026-06-01T09:01:30.750Z",
        manual: true,
      });
    });

    it("refuses durations that are missing, doubled, negative or not numbers", async () => {
      const cases: [unknown, RegExp][] = [
        [{}, /exactly one of "seconds" and "milliseconds"/u],
        [{ seconds: 1, milliseconds: 1 }, /exactly one/u],
        [{ seconds: -1 }, /only moves forward/u],
        [{ seconds: "5" }, /"seconds" must be a number, not a string/u],
        [{ minutes: 5 }, /Unknown field "minutes"/u],
        [{ seconds: 1e300 }, /past the last date/u],
      ];
      for (const [body, message] of cases) {
        const result = await api.advance(body);
        expect(result.status, JSON.stringify(body)).toBe(400);
        expect(result.body.error?.message, JSON.stringify(body)).toMatch(message);
      }
      expect((await api.call("GET", "/clock")).body.now).toBe(START);
    });

    it("lets a claim lapse after TaskTimeLimitInSeconds (300 s): the video goes back to the pool", async () => {
      await createJob(server, oneWorkerPerVideo());
      const other = await api.createWorker({ displayName: "Other" });
      const task = await api.claimTask(DEFAULT_WORKER);

      await api.advance({ seconds: 299 });
      expect((await api.getTask(task.id)).body.task?.state).toBe("claimed");
      await api.advance({ seconds: 1 });
      const lapsed = (await api.getTask(task.id)).body.task;
      expect(lapsed).toMatchObject({ state: "timed-out", finishedAt: "2026-06-01T09:05:00.000Z" });
      expect(lapsed).not.toHaveProperty("answer");

      const late = await api.submit(task.id, DEFAULT_WORKER, answer("Sports"));
      expect(late.status).toBeGreaterThanOrEqual(400);
      expect(late.status).toBeLessThan(500);
      expect((await api.getTask(task.id)).body.task?.state).toBe("timed-out");
      // Back for others, not for the worker who let it lapse.
      expect((await api.claimTask(other.id)).datasetObjectId).toBe("0");
      expect((await api.claimTask(DEFAULT_WORKER)).datasetObjectId).toBe("1");
    });

    it("answers a submit after the time limit with a 400 ValidationException", async () => {
      await createJob(server);
      const task = await api.claimTask(DEFAULT_WORKER);
      await api.advance({ seconds: 301 });
      const late = await api.submit(task.id, DEFAULT_WORKER, answer("Sports"));
      expect(late.body.error?.code).toBe("ValidationException");
      expect(late.status).toBe(400);
    });
  });

  it("resets every table to a fresh start; the defaults come back", async () => {
    await createJob(server);
    await server.sagemaker.send(
      new CreateWorkteamCommand({
        WorkteamName: "reviewers",
        Description: "Reviewers",
        MemberDefinitions: [
          {
            CognitoMemberDefinition: {
              UserPool: "us-east-1_gtlocal",
              UserGroup: "reviewers",
              ClientId: "gtlocal0000000000000000000",
            },
          },
        ],
      }),
    );
    await api.createWorker({ displayName: "Extra", id: "extra" });
    await api.claimTask(DEFAULT_WORKER);
    const s3 = s3ClientFor(server);
    await s3.send(new PutObjectCommand({ Bucket: "bucket", Key: "extra.txt", Body: "x" }));
    const upload = await s3.send(new CreateMultipartUploadCommand({ Bucket: "bucket", Key: "big.bin" }));
    await s3.send(
      new UploadPartCommand({
        Bucket: "bucket",
        Key: "big.bin",
        UploadId: upload.UploadId,
        PartNumber: 1,
        Body: "part",
      }),
    );

    const before = rowCounts(server);
    expect(
      Object.keys(before).filter((table) => before[table] === 0),
      "every table must hold rows before the reset, so this test proves reset empties it: populate any new table above",
    ).toEqual([]);

    const result = await api.call("POST", "/reset");
    expect(result).toMatchObject({ status: 200, body: { reset: true } });

    // Before any other request: only the default worker is left (regions re-seed on first use).
    const after = rowCounts(server);
    expect(after).toEqual(
      Object.fromEntries(Object.keys(before).map((table) => [table, table === "workers" ? 1 : 0])),
    );

    expect((await api.call("GET", "/workers")).body.workers?.map((worker) => worker.id)).toEqual([
      DEFAULT_WORKER,
    ]);
    expect((await server.sagemaker.send(new ListLabelingJobsCommand({}))).LabelingJobSummaryList).toEqual([]);
    const teams = await server.sagemaker.send(new ListWorkteamsCommand({}));
    expect(teams.Workteams?.map((team) => team.WorkteamName)).toEqual(["example-team"]);
    expect((await s3.send(new ListBucketsCommand({}))).Buckets ?? []).toEqual([]);
    expect((await api.call("GET", "/clock")).body.now).toBe(START);
    s3.destroy();

    // The seeded defaults, and nothing else.
    const seeded = rowCounts(server);
    expect(Object.entries(seeded).filter(([, count]) => count > 0)).toEqual([
      ["seeded_regions", 1],
      ["workers", 1],
      ["workforces", 1],
      ["workteams", 1],
    ]);
    // And the default worker can work again once a job exists.
    await createJob(server);
    expect((await api.claimTask(DEFAULT_WORKER)).datasetObjectId).toBe("0");
  });
});

describe("the admin API on the system clock", () => {
  let server: TestServer;

  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it("reads the clock but refuses to advance it, pointing at --manual-clock", async () => {
    const api = adminClient(server);
    const clock = await api.call("GET", "/clock");
    expect(clock.body.manual).toBe(false);
    expect(Math.abs(Date.parse(clock.body.now ?? "") - Date.now())).toBeLessThan(60_000);

    const result = await api.advance({ seconds: 60 });
    expect(result.status).toBe(409);
    expect(result.body.error?.message).toMatch(/--manual-clock/u);
  });
});
