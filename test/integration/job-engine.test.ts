import { CreateLabelingJobCommand } from "@aws-sdk/client-sagemaker";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../emulator/clock.js";
import { describeJob, engineIdle, uploadJobInputs } from "../helpers/job-fixtures.js";
import { seedRequest } from "../helpers/requests.js";
import { startTestServer, type TestServer } from "../helpers/test-server.js";

const JOB = "example-video-classification-labeling-job";

describe("the job engine runs the seed request end to end", () => {
  let server: TestServer;
  let clock: ManualClock;

  beforeEach(async () => {
    clock = new ManualClock(new Date("2026-06-01T09:00:00.000Z"));
    server = await startTestServer({ clock, startDelayMs: 1_000 });
  });
  afterEach(async () => {
    await server.close();
  });

  it("starts after the delay, hands each video to three distinct workers, and completes", async () => {
    await uploadJobInputs(server);
    await server.sagemaker.send(new CreateLabelingJobCommand(seedRequest()));
    await engineIdle(server);
    expect((await describeJob(server, JOB)).LabelingJobStatus).toBe("Initializing");

    clock.advance(1_000);
    await engineIdle(server);
    const started = await describeJob(server, JOB);
    expect(started.LabelingJobStatus).toBe("InProgress");
    expect(started.LabelCounters).toMatchObject({ Unlabeled: 3, TotalLabeled: 0 });

    const workers = [1, 2, 3].map((n) => server.emulator.workers.create({ displayName: `Worker ${n}` }));
    const answers = ["Sports", "Sports", "News"];
    for (const [index, worker] of workers.entries()) {
      for (let video = 0; video < 3; video++) {
        const task = server.emulator.tasks.claimNext({ workerId: worker.id, jobName: JOB });
        expect(task, `worker ${index} video ${video}`).toBeDefined();
        expect(task?.taskInput).toEqual({
          taskObject: `s3://bucket/videos/clip-${Number(task?.datasetObjectId) + 1}.mp4`,
          labels: ["Sports", "News", "Music"],
        });
        await server.emulator.tasks.submit(task?.id ?? "", worker.id, {
          "crowd-classifier": { label: answers[index] },
        });
      }
      // Each worker has now seen every video once: there is nothing left for them.
      expect(server.emulator.tasks.claimNext({ workerId: worker.id, jobName: JOB })).toBeUndefined();
    }
    await engineIdle(server);
    const done = await describeJob(server, JOB);
    expect(done.LabelCounters).toEqual({
      TotalLabeled: 3,
      HumanLabeled: 3,
      MachineLabeled: 0,
      FailedNonRetryableError: 0,
      Unlabeled: 0,
    });
    expect(done.LabelingJobStatus).toBe("Completed");
  });
});
