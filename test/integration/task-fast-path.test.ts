import { CreateLabelingJobCommand } from "@aws-sdk/client-sagemaker";
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../emulator/clock.js";
import { taskFastPath } from "../../server/http/task-fast-path.js";
import { engineIdle, uploadJobInputs } from "../helpers/job-fixtures.js";
import { rawPost, type Framing, type RawAnswer } from "../helpers/raw-http.js";
import { seedRequest } from "../helpers/requests.js";
import { startTestServer, type TestServer } from "../helpers/test-server.js";

/*
 * Issue 10, target 3: a worker's claim and submit with a small declared body skip Fetch objects
 * and the admin router (server/http/task-fast-path.ts). These prove the fast path gives exactly the
 * answers of the general path, results and errors alike, and takes nothing else.
 */

const JOB = "example-video-classification-labeling-job";

/** A POST of JSON over raw HTTP: with a Content-Length (the fast path) or chunked (the Fetch path). */
const post = (url: string, path: string, body: string, framing: Framing): Promise<RawAnswer> =>
  rawPost(url, path, { "content-type": "application/json" }, body, framing, [
    "date",
    "x-amzn-requestid",
    "x-request-id",
  ]);

/** Both paths for one call: the same status line, headers and bytes, and distinct request ids. */
async function expectSameBothWays(url: string, path: string, body: string): Promise<RawAnswer> {
  const fast = await post(url, path, body, "length");
  const general = await post(url, path, body, "chunked");
  // The call is in both objects so a failure names it.
  expect({ path, input: body, ...fast, requestId: "" }).toEqual({
    path,
    input: body,
    ...general,
    requestId: "",
  });
  expect(fast.requestId).toMatch(/^[0-9a-f-]{36}$/u);
  expect(fast.requestId).not.toBe(general.requestId);
  return fast;
}

const answerJson = (label: string) => ({ "crowd-classifier": { label } });

describe("the task fast path", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      clock: new ManualClock(new Date("2026-06-01T09:00:00.000Z")),
      startDelayMs: 0,
    });
    await uploadJobInputs(server);
    await server.sagemaker.send(new CreateLabelingJobCommand(seedRequest()));
    await engineIdle(server);
    for (const id of ["fast-a", "fast-b", "fast-c"]) {
      const created = await fetch(`${server.url}/_gt/api/workers`, {
        method: "POST",
        body: JSON.stringify({ id, displayName: id }),
      });
      expect(created.status).toBe(201);
    }
  });
  afterAll(async () => {
    await server.close();
  });

  it("claims as the Fetch path does: the worker's current task, or none", async () => {
    const claim = JSON.stringify({ workerId: "fast-a", jobName: JOB });
    const first = await post(server.url, "/_gt/api/tasks/claim", claim, "length");
    expect(first.status).toBe(200);
    const task = (JSON.parse(first.body) as { task: { id: string; renderUrl: string } }).task;
    expect(task.renderUrl).toBe(`${server.url}/_gt/portal/tasks/${task.id}`);
    // A second claim gives the same current task, so both paths can be compared on it.
    expect(await expectSameBothWays(server.url, "/_gt/api/tasks/claim", claim)).toMatchObject({
      body: first.body,
    });
    // A job with no work for this worker left (another job name), in another region: no task.
    const none = await expectSameBothWays(
      server.url,
      "/_gt/api/tasks/claim",
      JSON.stringify({ workerId: "fast-a", region: "eu-west-1" }),
    );
    expect(JSON.parse(none.body)).toEqual({ task: null });
  });

  it("refuses bad claims with the Fetch path's status and error", async () => {
    const cases: [string, number][] = [
      ["{not json", 400],
      ["[1]", 400],
      ["", 400],
      [JSON.stringify({ workerId: "fast-a", jobname: JOB }), 400],
      [JSON.stringify({ workerId: "" }), 400],
      [JSON.stringify({ workerId: "nobody" }), 404],
      [JSON.stringify({ workerId: "fast-a", jobName: "no-such-job" }), 404],
      [`{"workerId":"fast-a","jobName":${"[".repeat(200)}${"]".repeat(200)}}`, 400],
    ];
    for (const [body, status] of cases) {
      const answer = await expectSameBothWays(server.url, "/_gt/api/tasks/claim", body);
      expect({ body, status: answer.status }).toEqual({ body, status });
      expect(JSON.parse(answer.body)).toHaveProperty("error.code");
    }
  });

  it("submits as the Fetch path does, and refuses bad submits the same way", async () => {
    const claimOf = async (workerId: string) => {
      const claimed = await post(
        server.url,
        "/_gt/api/tasks/claim",
        JSON.stringify({ workerId, jobName: JOB }),
        "length",
      );
      return (JSON.parse(claimed.body) as { task: { id: string } }).task.id;
    };
    const taskB = await claimOf("fast-b");
    const taskC = await claimOf("fast-c");
    const errors: [string, string, number][] = [
      [
        `/_gt/api/tasks/${taskB}/submit`,
        JSON.stringify({ workerId: "fast-c", answer: answerJson("Sports") }),
        403,
      ],
      [`/_gt/api/tasks/${taskB}/submit`, JSON.stringify({ workerId: "fast-b" }), 400],
      [
        `/_gt/api/tasks/${taskB}/submit`,
        JSON.stringify({ workerId: "fast-b", answer: answerJson("Cooking") }),
        400,
      ],
      [`/_gt/api/tasks/${taskB}/submit`, JSON.stringify({ workerId: "fast-b", answer: 1, extra: 2 }), 400],
      [
        "/_gt/api/tasks/no-such-task/submit",
        JSON.stringify({ workerId: "fast-b", answer: answerJson("Sports") }),
        404,
      ],
      [
        "/_gt/api/tasks/%zz/submit",
        JSON.stringify({ workerId: "fast-b", answer: answerJson("Sports") }),
        400,
      ],
    ];
    for (const [path, body, status] of errors) {
      const answer = await expectSameBothWays(server.url, path, body);
      expect({ path, body, status: answer.status }).toEqual({ path, body, status });
    }
    // A submit changes the task, so each path submits its own worker's task; the answers differ
    // only in the ids that name the task, its object and its worker.
    const submitted = (taskId: string, workerId: string, framing: Framing) =>
      post(
        server.url,
        `/_gt/api/tasks/${taskId}/submit`,
        JSON.stringify({ workerId, answer: answerJson("News") }),
        framing,
      );
    const fast = await submitted(taskB, "fast-b", "length");
    const general = await submitted(taskC, "fast-c", "chunked");
    expect(fast.status).toBe(200);
    const neutral = (answer: RawAnswer, taskId: string, workerId: string) => {
      const { task } = JSON.parse(answer.body) as { task: Record<string, unknown> };
      return {
        ...answer,
        requestId: "",
        headers: answer.headers.filter((header) => !header.toLowerCase().startsWith("content-length")),
        body: {
          ...task,
          datasetObjectId: "",
          taskInput: "",
          id: String(task.id).replace(taskId, ""),
          workerId: String(task.workerId).replace(workerId, ""),
          renderUrl: String(task.renderUrl).replace(taskId, ""),
        },
      };
    };
    expect(neutral(fast, taskB, "fast-b")).toEqual(neutral(general, taskC, "fast-c"));
    expect(JSON.parse(fast.body)).toMatchObject({ task: { state: "submitted", answer: answerJson("News") } });
    // Submitting again is refused the same way by both.
    await expectSameBothWays(
      server.url,
      `/_gt/api/tasks/${taskB}/submit`,
      JSON.stringify({ workerId: "fast-b", answer: answerJson("News") }),
    );
  });

  it("reads a body that arrives after its head, in pieces, as one that arrives with it", async () => {
    const claim = JSON.stringify({ workerId: "fast-c", jobName: JOB });
    const whole = await post(server.url, "/_gt/api/tasks/claim", claim, "length");
    expect(whole.status).toBe(200);
    const { hostname, port, host } = new URL(server.url);
    const socket = connect(Number(port), hostname);
    await once(socket, "connect");
    const answer = new Promise<string>((resolve) => {
      let text = "";
      socket.on("data", (chunk: Buffer) => {
        text += chunk.toString("utf8");
        if (text.includes("\r\n\r\n") && text.endsWith("}")) resolve(text);
      });
    });
    const split = 10;
    socket.write(
      `POST /_gt/api/tasks/claim HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(claim)}\r\n\r\n${claim.slice(0, split)}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 30));
    socket.write(claim.slice(split));
    const text = await answer;
    socket.destroy();
    expect(text.startsWith("HTTP/1.1 200 OK\r\n")).toBe(true);
    // The worker's current task: the same one the whole body claimed.
    expect(text.slice(text.indexOf("\r\n\r\n") + 4)).toBe(whole.body);
  });

  it("answers an empty declared body as the Fetch path answers no body", async () => {
    const fast = await post(server.url, "/_gt/api/tasks/claim", "", "length");
    expect(fast.status).toBe(400);
    expect(JSON.parse(fast.body)).toMatchObject({ error: { code: "ValidationException" } });
    await expectSameBothWays(server.url, "/_gt/api/tasks/claim", "");
  });

  it("takes only the claim and a plain submit with a small declared body", async () => {
    const internalErrors: unknown[] = [];
    const fastPath = taskFastPath({
      emulator: server.emulator,
      onInternalError: (error) => internalErrors.push(error),
    });
    // Whatever the fast path declines gets a 599, so the test sees which requests it took.
    const probe: Server = createServer((req, res) => {
      if (!fastPath(req, res, "probe-id")) res.writeHead(599).end();
    });
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
    const claim = JSON.stringify({ workerId: "fast-a", jobName: JOB });
    const statusOf = async (path: string, framing: Framing = "length", body = claim) =>
      (await post(url, path, body, framing)).status;
    try {
      const taken = await post(url, "/_gt/api/tasks/claim", claim, "length");
      expect(taken.status).toBe(200);
      expect(taken.requestId).toBe("probe-id");
      // Taken, and refused: a claim's body is not a submit's.
      expect(await statusOf("/_gt/api/tasks/some-task/submit")).toBe(400);
      expect(await statusOf("/_gt/api/tasks/claim", "chunked")).toBe(599);
      expect(await statusOf("/_gt/api/tasks/claim?x=1")).toBe(599);
      expect(await statusOf("/_gt/api/tasks/claim/")).toBe(599);
      expect(await statusOf("/_GT/api/tasks/claim")).toBe(599);
      expect(await statusOf("/_gt/api/tasks/../tasks/claim")).toBe(599);
      expect(await statusOf("/_gt/api/tasks/../submit")).toBe(599);
      expect(await statusOf("/_gt/api/tasks/a%2Fb/decline")).toBe(599);
      expect(await statusOf("/_gt/api/tasks/claim", "length", " ".repeat(64 * 1024 + 1))).toBe(599);
      expect((await fetch(`${url}/_gt/api/tasks/claim`)).status).toBe(599);
    } finally {
      await new Promise((resolve) => probe.close(resolve));
    }
    expect(internalErrors).toEqual([]);
  });
});
