import { CreateLabelingJobCommand, SageMakerClient } from "@aws-sdk/client-sagemaker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../emulator/clock.js";
import { startServer } from "../../server/start-server.js";
import { AdminApiError, GtLocalAdmin, startGtLocal } from "../../server/programmatic/index.js";
import { describeJob, uploadJobInputs } from "../helpers/job-fixtures.js";
import { videoJobRequest } from "../helpers/requests.js";
import { outputLines, truthManifest } from "../helpers/simulated-jobs.js";
import { startTestServer, temporaryDataDir, type TestServer } from "../helpers/test-server.js";

const TRUTHS = ["Music", "Sports", "News"];

describe("the simulation routes", () => {
  let server: TestServer;
  const api = (path: string, method = "GET", body?: string) =>
    fetch(`${server.url}/_gt/api${path}`, { method, ...(body === undefined ? {} : { body }) });

  beforeAll(async () => {
    server = await startTestServer({ clock: new ManualClock() });
    await uploadJobInputs(server, { manifest: truthManifest(TRUTHS) });
    await server.sagemaker.send(new CreateLabelingJobCommand(videoJobRequest("checked")));
  });
  afterAll(async () => {
    await server.close();
  });

  it.each([
    [
      '{"accuracy": 1.5}',
      400,
      "ValidationException",
      '"accuracy" must be a number from 0 to 1, not the number 1.5.',
    ],
    [
      '{"workers": 2}',
      400,
      "ValidationException",
      "The labeling job checked needs 3 different workers per data object (NumberOfHumanWorkersPerDataObject), but the policy has 2 simulated workers.",
    ],
    [
      '{"workers": [{"name": "ann"}, {"name": "bob"}, {"name": "cyd"}], "scripted": [{"worker": "dan", "object": 0, "answer": "News"}]}',
      400,
      "ValidationException",
      'A scripted answer names worker "dan", who is not one of the simulated workers (ann, bob, cyd).',
    ],
    ['{"workerz": 3}', 400, "ValidationException", 'Unknown field "workerz".'],
    ["[1]", 400, "SerializationException", "The request body must be a JSON object, not a list."],
    ['{"region": "eu-west-1"}', 404, "ResourceNotFound", "Could not find labeling job with name checked"],
  ])("refuse POST %s with %i %s", async (body, status, code, message) => {
    const response = await api("/jobs/checked/simulate", "POST", body);
    expect(response.status).toBe(status);
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe(code);
    expect(error.message).toContain(message);
  });

  it("answer 404 for an unknown job, and for a job without a simulation", async () => {
    const unknown = await api("/jobs/nope/simulate", "POST", "{}");
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({
      error: { code: "ResourceNotFound", message: "Could not find labeling job with name nope" },
    });
    for (const method of ["GET", "DELETE"]) {
      const none = await api("/jobs/checked/simulate", method);
      expect(none.status).toBe(404);
      expect(((await none.json()) as { error: { message: string } }).error.message).toBe(
        "The labeling job checked has no simulated workforce. Start one with POST /_gt/api/jobs/checked/simulate.",
      );
    }
  });

  it("show the state with ISO timestamps, and refuse a job that has ended", async () => {
    const started = await api(
      "/jobs/checked/simulate",
      "POST",
      '{"truth": {"attribute": "true-label"}, "seed": 3}',
    );
    expect(started.status).toBe(200);
    await new GtLocalAdmin(server.url).advanceClock(1);
    const state = (await (await api("/jobs/checked/simulate?region=us-east-1")).json()) as {
      simulation: { status: string; policy: unknown; answers: { at: string }[] };
    };
    expect(state.simulation.status).toBe("finished");
    expect(state.simulation.policy).toEqual({ truth: { attribute: "true-label" }, seed: 3 });
    expect(state.simulation.answers).toHaveLength(9);
    expect(state.simulation.answers[0]!.at).toBe("2026-01-01T00:00:01.000Z");
    const again = await new GtLocalAdmin(server.url).simulate("checked").catch((error: unknown) => error);
    expect(again).toBeInstanceOf(AdminApiError);
    expect(again).toMatchObject({
      status: 400,
      message: "The labeling job checked has ended (Completed); there is nothing to answer.",
    });
  });
});

describe("the server option", () => {
  it("labels every job created through the SDK alone", async () => {
    const gt = await startGtLocal({ startDelayMs: 0, simulate: { truth: { attribute: "true-label" } } });
    const sagemaker = new SageMakerClient({
      endpoint: gt.endpoint,
      region: gt.region,
      credentials: gt.credentials,
    });
    try {
      await uploadJobInputs({ url: gt.endpoint } as TestServer, { manifest: truthManifest(TRUTHS) });
      await sagemaker.send(new CreateLabelingJobCommand(videoJobRequest("hands-off")));
      await gt.admin.waitFor("hands-off", "Completed");
      const labels = (await outputLines(gt.endpoint, sagemaker, "hands-off")).map(
        (line) => (line["label-metadata"] as { "class-name": string })["class-name"],
      );
      expect(labels).toEqual(TRUTHS);
      expect((await gt.admin.simulation("hands-off")).status).toBe("finished");
    } finally {
      sagemaker.destroy();
      await gt.stop();
    }
  });

  it("keeps a policy that does not fit a job as refused, and leaves the job to people", async () => {
    const server = await startTestServer({ clock: new ManualClock(), simulate: { workers: 2 } });
    try {
      await uploadJobInputs(server, { manifest: truthManifest(TRUTHS) });
      await server.sagemaker.send(new CreateLabelingJobCommand(videoJobRequest("too-big")));
      const admin = new GtLocalAdmin(server.url);
      await admin.advanceClock(1);
      const state = await admin.simulation("too-big");
      expect(state).toMatchObject({ status: "refused", answers: [] });
      expect(state.errors.map((error) => error.message)).toEqual([
        "The labeling job too-big needs 3 different workers per data object (NumberOfHumanWorkersPerDataObject), but the policy has 2 simulated workers.",
      ]);
      expect((await describeJob(server, "too-big")).LabelingJobStatus).toBe("InProgress");
    } finally {
      await server.close();
    }
  });

  it("refuses to start with a bad policy", async () => {
    await expect(startGtLocal({ simulate: { accuracy: 2 } })).rejects.toThrow(
      '"accuracy" must be a number from 0 to 1, not the number 2.',
    );
  });

  it("takes up, after a restart, the jobs still running", async () => {
    const data = temporaryDataDir();
    try {
      const before = await startTestServer({ inMemory: false, dataDir: data.dir, clock: new ManualClock() });
      await uploadJobInputs(before, { manifest: truthManifest(TRUTHS) });
      await before.sagemaker.send(new CreateLabelingJobCommand(videoJobRequest("resumed")));
      await new GtLocalAdmin(before.url).advanceClock(1);
      expect((await describeJob(before, "resumed")).LabelingJobStatus).toBe("InProgress");
      await before.close();

      const after = await startServer({
        port: 0,
        logLevel: "silent",
        dataDir: data.dir,
        clock: new ManualClock(new Date("2026-01-01T00:00:02Z")),
        simulate: { truth: { attribute: "true-label" } },
      });
      try {
        await new GtLocalAdmin(after.url).advanceClock(0);
        const sagemaker = new SageMakerClient({
          endpoint: after.url,
          region: "us-east-1",
          credentials: { accessKeyId: "a", secretAccessKey: "b" },
        });
        const labels = (await outputLines(after.url, sagemaker, "resumed")).map(
          (line) => (line["label-metadata"] as { "class-name": string })["class-name"],
        );
        sagemaker.destroy();
        expect(labels).toEqual(TRUTHS);
      } finally {
        await after.close();
      }
    } finally {
      data.remove();
    }
  });
});
