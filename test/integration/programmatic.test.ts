import { CreateLabelingJobCommand, SageMakerClient } from "@aws-sdk/client-sagemaker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGtLocal, type GtLocal } from "../../server/programmatic/index.js";
import { uploadJobInputs } from "../helpers/job-fixtures.js";
import { seedRequest } from "../helpers/requests.js";
import type { TestServer } from "../helpers/test-server.js";

const JOB = "example-video-classification-labeling-job";

describe("startGtLocal and the typed admin client", () => {
  let first: GtLocal;
  let second: GtLocal;
  beforeAll(async () => {
    [first, second] = await Promise.all([
      startGtLocal({ startDelayMs: 0 }),
      startGtLocal({ startDelayMs: 0 }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([first.stop(), second.stop()]);
  });

  it("runs a job with the real SDK and three workers driven through the admin client, then waits for it", async () => {
    await uploadJobInputs({ url: first.endpoint } as TestServer);
    const sagemaker = new SageMakerClient({
      endpoint: first.endpoint,
      region: first.region,
      credentials: first.credentials,
    });
    await sagemaker.send(new CreateLabelingJobCommand(seedRequest()));
    await first.admin.waitFor(JOB, "InProgress");
    const workers = await Promise.all(
      [1, 2, 3].map((n) => first.admin.createWorker({ displayName: `Worker ${String(n)}` })),
    );
    for (const worker of workers) {
      for (
        let task = await first.admin.claimTask(worker.id, JOB);
        task;
        task = await first.admin.claimTask(worker.id, JOB)
      ) {
        await first.admin.submitAnswer(task.id, worker.id, { "crowd-classifier": { label: "Music" } });
      }
    }
    await first.admin.waitFor(JOB, "Completed");
    sagemaker.destroy();
    // Two instances in one process share nothing.
    expect(await second.admin.listWorkers()).toHaveLength(1);
    expect(await first.admin.listWorkers()).toHaveLength(4);
  });

  it("rejects waitFor when the job ends otherwise, and reports admin errors with their code", async () => {
    const sagemaker = new SageMakerClient({
      endpoint: second.endpoint,
      region: second.region,
      credentials: second.credentials,
    });
    await sagemaker.send(new CreateLabelingJobCommand(seedRequest()));
    sagemaker.destroy();
    // No inputs were uploaded: the job fails, so waiting for Completed must fail fast.
    await expect(second.admin.waitFor(JOB, "Completed", 10_000)).rejects.toThrow(
      /ended Failed, not Completed/u,
    );
    await expect(second.admin.getTask("nope")).rejects.toMatchObject({
      status: 404,
      code: "ResourceNotFound",
    });
  });
});
