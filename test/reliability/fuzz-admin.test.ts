import { CreateLabelingJobCommand } from "@aws-sdk/client-sagemaker";
import fc from "fast-check";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../emulator/clock.js";
import { engineIdle, uploadJobInputs } from "../helpers/job-fixtures.js";
import { videoJobRequest } from "../helpers/requests.js";
import { deeplyNestedText, jsonText, mutate, mutation, nastyString } from "./support/fuzz-json.js";
import {
  answerOf,
  expectAdminAnswer,
  expectStillServing,
  startFuzzServer,
  type FuzzServer,
} from "./support/fuzz-server.js";

/*
 * Random routes, methods and bodies against the testing/admin API, on a server with a job in
 * progress, a worker and a claimed task, so that fuzzed ids often reach the real handlers. Every
 * answer is JSON with a status below 500 and errors as `{"error": {"code", "message"}}`.
 */
const SEED = 20_260_903;
const JOB = "fuzz-admin-job";
const WORKER = "fuzz-worker";

describe("the admin API under fuzzing", () => {
  let server: FuzzServer;
  let taskId = "";
  /** State exports go here, never into the working directory. */
  let scratch = "";

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), "gt-local-fuzz-admin-"));
    server = await startFuzzServer({
      clock: new ManualClock(new Date("2026-06-01T00:00:00Z")),
      startDelayMs: 0,
    });
    await uploadJobInputs(server);
    await server.sagemaker.send(new CreateLabelingJobCommand(videoJobRequest(JOB)));
    await engineIdle(server);
    await fetch(`${server.url}/_gt/api/workers`, {
      method: "POST",
      body: JSON.stringify({ id: WORKER, displayName: "Fuzz" }),
    });
    const claimed = await fetch(`${server.url}/_gt/api/tasks/claim`, {
      method: "POST",
      body: JSON.stringify({ workerId: WORKER, jobName: JOB }),
    });
    taskId = ((await claimed.json()) as { task: { id: string } }).task.id;
  });
  afterAll(async () => {
    await server.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  /** Valid bodies per route, which the fuzzer mutates. `dir` always points into the scratch folder. */
  const validBodies = (): Record<string, unknown> => ({
    workers: { displayName: "Ann", email: "ann@example.com", groups: ["gt-local-workers"], id: "ann" },
    claim: { workerId: WORKER, jobName: JOB, region: "us-east-1" },
    submit: { workerId: WORKER, answer: { "crowd-classifier": { label: "Sports" } } },
    decline: { workerId: WORKER },
    release: { workerId: WORKER },
    simulate: {
      workers: 3,
      accuracy: 0.9,
      truth: "uniform-random",
      seed: 7,
      scripted: [],
      region: "us-east-1",
    },
    advance: { seconds: 1 },
    reset: { to: "seed" },
    export: { dir: join(scratch, "export") },
    import: { dir: join(scratch, "export") },
  });

  const segment = fc.oneof(
    fc.constantFrom(
      "workers",
      "tasks",
      "claim",
      "submit",
      "decline",
      "release",
      "jobs",
      "simulate",
      "clock",
      "advance",
      "reset",
      "state",
      "export",
      "import",
      "seed",
      "dashboard",
      JOB,
      WORKER,
      "localworker00001",
      "%",
      "%zz",
      "..",
      "",
    ),
    fc.constant("TASK"),
    nastyString.map((text) => encodeURIComponent(text.replace(/[\ud800-\udfff]/gu, "?")).slice(0, 300)),
  );
  /** The API's own routes with fuzzed ids, so that most requests reach a handler's checks. */
  const id = (known: string[]): fc.Arbitrary<string> => fc.oneof(fc.constantFrom(...known), segment);
  const knownRoute = fc.oneof(
    fc.constantFrom(["workers"], ["tasks", "claim"], ["jobs"], ["clock"], ["clock", "advance"], ["reset"]),
    fc.constantFrom(["state", "export"], ["state", "import"], ["state", "seed"], ["dashboard", "jobs"]),
    id([WORKER, "localworker00001"]).map((worker) => ["workers", worker]),
    fc
      .tuple(id(["TASK"]), fc.constantFrom(undefined, "submit", "decline", "release"))
      .map(([task, action]) => (action === undefined ? ["tasks", task] : ["tasks", task, action])),
    id([JOB]).map((job) => ["jobs", job, "simulate"]),
    id([JOB]).map((job) => ["dashboard", "jobs", job]),
  );
  const route = fc.oneof(
    { arbitrary: knownRoute, weight: 3 },
    { arbitrary: fc.array(segment, { minLength: 1, maxLength: 4 }), weight: 1 },
  );
  const query = fc.option(
    fc
      .dictionary(
        fc.constantFrom("workerId", "region", "offset", "limit", "x"),
        fc.oneof(fc.constantFrom(WORKER, "-1", "1e9", "us-east-1", ""), nastyString),
        { maxKeys: 3 },
      )
      .map((entries) => new URLSearchParams(entries).toString()),
  );
  const body = fc.oneof(
    fc
      .tuple(fc.constantFrom(...Object.keys(validBodies())), fc.array(mutation, { maxLength: 3 }))
      .map(([route, changes]) => ({ route, changes })),
    fc.json({ maxDepth: 3 }),
    fc.uint8Array({ maxLength: 200 }),
  );

  // First, while the task is still claimed: without the depth check the answer reaches storage.
  it("refuses an answer nested thousands deep with a 400, not a stack overflow", async () => {
    const answer = deeplyNestedText(20_000, false);
    const response = await fetch(`${server.url}/_gt/api/tasks/${taskId}/submit`, {
      method: "POST",
      body: `{"workerId":"${WORKER}","answer":{"crowd-classifier":{"label":"Sports"},"extra":${answer}}}`,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: "ValidationException", message: "The request body nests JSON deeper than 100 levels." },
    });
  });

  it("answers random routes, methods, queries and bodies as its JSON, with a 4xx at worst", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"),
        route,
        query,
        body,
        async (method, segments, search, payload) => {
          const path = segments.map((part) => (part === "TASK" ? taskId : part)).join("/");
          const url = `${server.url}/_gt/api/${path}${search === null ? "" : `?${search}`}`;
          // fetch resolves `..`, which can climb out of the API: then another part of gt-local answers.
          const resolved = new URL(url).pathname;
          // The event stream never ends by itself; it is not a request/answer route.
          if (method === "GET" && resolved === "/_gt/api/events") return;
          let sent: string | Uint8Array<ArrayBuffer>;
          if (payload instanceof Uint8Array || typeof payload === "string") sent = payload;
          else {
            // The valid body of the route being called, when it has one, else of the route drawn.
            const bodies = validBodies();
            const own = Object.keys(bodies).find((name) => resolved.endsWith(`/${name}`)) ?? payload.route;
            sent = jsonText(mutate(bodies[own], payload.changes));
          }
          // Exports write folders: whatever the fuzzer made of `dir`, keep them in the scratch folder.
          if (resolved.startsWith("/_gt/api/state/")) sent = JSON.stringify({ dir: join(scratch, "export") });
          const hasBody = method !== "GET" && method !== "HEAD";
          const answer = await answerOf(await fetch(url, { method, ...(hasBody ? { body: sent } : {}) }));
          const context = `${method} ${resolved} ${typeof sent === "string" ? sent.slice(0, 200) : "bytes"}`;
          if (resolved.startsWith("/_gt/api/")) expectAdminAnswer(answer, method, context);
          else expect(answer.status, context).toBeLessThan(500);
        },
      ),
      { numRuns: 800, seed: SEED },
    );
  });

  it("still serves the SDK afterwards, with no internal error logged", async () => {
    await expectStillServing(server);
  });
});
