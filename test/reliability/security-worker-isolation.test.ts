import { CreateLabelingJobCommand, CreateWorkteamCommand } from "@aws-sdk/client-sagemaker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engineIdle, uploadJobInputs } from "../helpers/job-fixtures.js";
import { videoJobRequest } from "../helpers/requests.js";
import { startTestServer, type TestServer } from "../helpers/test-server.js";

/**
 * Worker isolation, enforced on the server and proven over HTTP: a worker cannot list, claim,
 * read or answer tasks of a team they are not in, nor touch or read another worker's task (its
 * answer included). Workers are named by the caller (the portal lets you pick one): these are the
 * rules per worker id, not a login.
 */

const OURS = "our-job";
const THEIRS = "their-job";
const ANSWER = { "crowd-classifier": { label: "Music" } };
let server: TestServer;

interface Reply {
  status: number;
  body: {
    task?: {
      id: string;
      jobName: string;
      workerId: string;
      state: string;
      answer?: unknown;
      datasetObjectId: string;
    } | null;
    jobs?: { name: string }[];
    error?: { code: string; message: string };
  };
}

async function call(method: string, path: string, body?: object): Promise<Reply> {
  const response = await fetch(`${server.url}/_gt/api${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Reply["body"] };
}

const claim = (workerId: string, jobName?: string) =>
  call("POST", "/tasks/claim", { workerId, ...(jobName === undefined ? {} : { jobName }) });

beforeAll(async () => {
  server = await startTestServer({ startDelayMs: 0 });
  await uploadJobInputs(server);
  await server.sagemaker.send(
    new CreateWorkteamCommand({
      WorkteamName: "their-team",
      Description: "Another team",
      MemberDefinitions: [
        {
          CognitoMemberDefinition: {
            UserPool: "us-east-1_gtlocal",
            UserGroup: "their-group",
            ClientId: "gtlocal0000000000000000000",
          },
        },
      ],
    }),
  );
  const teamArn = (team: string) => `arn:aws:sagemaker:us-east-1:123456789012:workteam/private-crowd/${team}`;
  for (const [name, team] of [
    [OURS, "example-team"],
    [THEIRS, "their-team"],
  ] as const) {
    const request = videoJobRequest(name);
    request.HumanTaskConfig = {
      ...request.HumanTaskConfig!,
      WorkteamArn: teamArn(team),
      NumberOfHumanWorkersPerDataObject: 2,
    };
    await server.sagemaker.send(new CreateLabelingJobCommand(request));
  }
  await engineIdle(server);
  await call("POST", "/workers", { id: "ann", displayName: "Ann" });
  await call("POST", "/workers", { id: "cat", displayName: "Cat" });
  await call("POST", "/workers", { id: "zed", displayName: "Zed", groups: ["their-group"] });
});
afterAll(async () => {
  await server.close();
});

describe("a worker outside a job's team", () => {
  it("does not see the job in GET /_gt/api/jobs", async () => {
    const names = async (workerId: string) =>
      (await call("GET", `/jobs?workerId=${workerId}`)).body.jobs?.map((job) => job.name);
    expect(await names("ann")).toEqual([OURS]);
    expect(await names("zed")).toEqual([THEIRS]);
  });

  it("cannot claim in it (403), and claims without a job land only in the worker's own team's job", async () => {
    expect(await claim("ann", THEIRS)).toMatchObject({
      status: 403,
      body: { error: { code: "AccessDenied" } },
    });
    expect(await claim("zed", OURS)).toMatchObject({
      status: 403,
      body: { error: { code: "AccessDenied" } },
    });
    for (const [workerId, job] of [
      ["ann", OURS],
      ["zed", THEIRS],
    ] as const) {
      const task = (await claim(workerId)).body.task!;
      expect(task).toMatchObject({ workerId, jobName: job });
      await call("POST", `/tasks/${task.id}/release`, { workerId });
    }
  });
});

describe("another worker's task", () => {
  let annTask: string;
  beforeAll(async () => {
    annTask = (await claim("ann", OURS)).body.task!.id;
  });

  it("cannot be read with ?workerId= of someone else (403), only by its worker", async () => {
    expect(await call("GET", `/tasks/${annTask}?workerId=cat`)).toMatchObject({
      status: 403,
      body: { error: { code: "AccessDenied" } },
    });
    expect((await call("GET", `/tasks/${annTask}?workerId=ann`)).status).toBe(200);
  });

  it.each(["submit", "decline", "release"])(
    "refuses a %s by someone else; the task stays claimed",
    async (action) => {
      const body = action === "submit" ? { workerId: "cat", answer: ANSWER } : { workerId: "cat" };
      expect(await call("POST", `/tasks/${annTask}/${action}`, body)).toMatchObject({
        status: 403,
        body: { error: { code: "AccessDenied" } },
      });
      expect((await call("GET", `/tasks/${annTask}?workerId=ann`)).body.task?.state).toBe("claimed");
    },
  );

  it("is not shown in the portal's frame to someone else", async () => {
    const frame = (workerId: string) =>
      fetch(`${server.url}/_gt/portal/tasks/${annTask}/frame?workerId=${workerId}`);
    expect((await frame("cat")).status).toBe(403);
    expect((await frame("zed")).status).toBe(403);
    expect((await frame("ann")).status).toBe(200);
  });

  it("keeps its answer from the other worker of the same object", async () => {
    const submitted = await call("POST", `/tasks/${annTask}/submit`, { workerId: "ann", answer: ANSWER });
    expect(submitted.body.task).toMatchObject({ state: "submitted", answer: ANSWER });
    // Cat goes through the job's objects to the one Ann answered, and sees nothing of her answer.
    let catTask = (await claim("cat", OURS)).body.task!;
    while (catTask.datasetObjectId !== submitted.body.task!.datasetObjectId) {
      await call("POST", `/tasks/${catTask.id}/release`, { workerId: "cat" });
      catTask = (await claim("cat", OURS)).body.task!;
    }
    expect(catTask.answer).toBeUndefined();
    expect(JSON.stringify(catTask)).not.toMatch(/crowd-classifier|"ann"/u);
    expect((await call("GET", `/tasks/${annTask}?workerId=cat`)).status).toBe(403);
  });
});
