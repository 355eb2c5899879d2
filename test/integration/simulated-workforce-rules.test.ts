import { CreateLabelingJobCommand, CreateWorkteamCommand } from "@aws-sdk/client-sagemaker";
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../emulator/clock.js";
import { GtLocalAdmin } from "../../server/programmatic/index.js";
import { describeJob, uploadJobInputs } from "../helpers/job-fixtures.js";
import { videoJobRequest } from "../helpers/requests.js";
import { outputLines, truthManifest, workerResponses } from "../helpers/simulated-jobs.js";
import { startTestServer, type TestServer } from "../helpers/test-server.js";

const TRUTHS = ["Sports", "News", "Music"];
let server: TestServer;
let admin: GtLocalAdmin;

/** A server on a ManualClock (jobs start once it passes the 500 ms start delay) with inputs uploaded. */
async function manualServer(manifest = truthManifest(TRUTHS)): Promise<void> {
  server = await startTestServer({ clock: new ManualClock() });
  admin = new GtLocalAdmin(server.url);
  await uploadJobInputs(server, { manifest });
}

afterEach(async () => {
  await server.close();
});

const statusOf = async (name: string) => (await describeJob(server, name)).LabelingJobStatus;
const classNames = async (name: string) =>
  (await outputLines(server.url, server.sagemaker, name)).map(
    (line) => (line["label-metadata"] as { "class-name": string })["class-name"],
  );

describe("simulated workers under the job's rules", () => {
  it("complete a job on a ManualClock as soon as time passes its start delay", async () => {
    await manualServer();
    await server.sagemaker.send(new CreateLabelingJobCommand(videoJobRequest("clocked")));
    const started = await admin.simulate("clocked", { truth: { attribute: "true-label" } });
    expect(started).toMatchObject({ status: "running", answers: [] });
    expect(await statusOf("clocked")).toBe("Initializing");
    await admin.advanceClock(1);
    // No waiting: the workers answered while the clock moved.
    expect(await statusOf("clocked")).toBe("Completed");
    expect(await classNames("clocked")).toEqual(TRUTHS);
  });

  it("wait for the concurrency cap and a person's claim, and never answer an object twice", async () => {
    await manualServer();
    const request = videoJobRequest("capped");
    request.HumanTaskConfig = { ...request.HumanTaskConfig!, MaxConcurrentTaskCount: 1 };
    await server.sagemaker.send(new CreateLabelingJobCommand(request));
    await admin.advanceClock(1);
    await admin.createWorker({ id: "hana", displayName: "Hana" });
    const held = (await admin.claimTask("hana", "capped"))!;
    expect(held.datasetObjectId).toBe("0");

    await admin.simulate("capped", { truth: { attribute: "true-label" } });
    await admin.advanceClock(0); // returns once the engine, and so the workers, have settled
    // Hana holds the third slot of object 0, and the cap keeps object 1 closed meanwhile.
    const waiting = await admin.simulation("capped");
    expect(waiting.answers.map((answer) => [answer.workerId, answer.datasetObjectId])).toEqual([
      ["sim-1", "0"],
      ["sim-2", "0"],
    ]);
    expect(await statusOf("capped")).toBe("InProgress");

    await admin.submitAnswer(held.id, "hana", { "crowd-classifier": { label: "Sports" } });
    await admin.advanceClock(0);
    expect(await statusOf("capped")).toBe("Completed");
    // One object at a time: every answer to object 1 came before the first to object 2.
    const done = await admin.simulation("capped");
    expect(done.answers.map((answer) => answer.datasetObjectId)).toEqual([
      "0",
      "0",
      "1",
      "1",
      "1",
      "2",
      "2",
      "2",
    ]);
    const responses = await workerResponses(server.url, "capped");
    for (const object of ["0", "1", "2"]) {
      const workers = responses
        .filter((answer) => answer.datasetObjectId === object)
        .map((answer) => answer.workerId);
      expect(new Set(workers).size).toBe(3);
    }
    expect(
      responses.filter((answer) => answer.datasetObjectId === "0").map((answer) => answer.workerId),
    ).toContain("private.us-east-1.hana");
  });

  it("join the job's private team, and are reused by name across jobs", async () => {
    await manualServer();
    await server.sagemaker.send(
      new CreateWorkteamCommand({
        WorkteamName: "labelers",
        Description: "A team of its own",
        MemberDefinitions: [
          {
            CognitoMemberDefinition: {
              UserPool: "us-east-1_gtlocal",
              UserGroup: "labelers-group",
              ClientId: "gtlocal0000000000000000000",
            },
          },
        ],
      }),
    );
    const teamArn = "arn:aws:sagemaker:us-east-1:123456789012:workteam/private-crowd/labelers";
    const onTeam = videoJobRequest("on-team");
    onTeam.HumanTaskConfig = { ...onTeam.HumanTaskConfig!, WorkteamArn: teamArn };
    await server.sagemaker.send(new CreateLabelingJobCommand(videoJobRequest("on-default")));
    await server.sagemaker.send(new CreateLabelingJobCommand(onTeam));
    await admin.advanceClock(1);
    // The default worker is not on the new team: the team rule is live for this job.
    await expect(admin.claimTask("localworker00001", "on-team")).rejects.toMatchObject({ status: 403 });

    await admin.simulate("on-default", { truth: { attribute: "true-label" } });
    await admin.simulate("on-team", { truth: { attribute: "true-label" } });
    await admin.advanceClock(0);
    expect([await statusOf("on-default"), await statusOf("on-team")]).toEqual(["Completed", "Completed"]);
    const simulated = (await admin.listWorkers()).filter((worker) => worker.id.startsWith("sim-"));
    expect(simulated.map(({ id, groups }) => ({ id, groups }))).toEqual(
      ["sim-1", "sim-2", "sim-3"].map((id) => ({ id, groups: ["gt-local-workers", "labelers-group"] })),
    );
  });

  it("report answers the job refuses and truths they cannot find, and leave those objects to the job's rules", async () => {
    await manualServer();
    await server.sagemaker.send(new CreateLabelingJobCommand(videoJobRequest("refused")));
    await admin.simulate("refused", {
      truth: { map: { "s3://bucket/videos/clip-0.mp4": "Sports", "s3://bucket/videos/clip-1.mp4": "Opera" } },
    });
    await admin.advanceClock(1);
    const state = await admin.simulation("refused");
    expect(state.answers.map((answer) => answer.datasetObjectId)).toEqual(["0", "0", "0"]);
    expect(
      state.errors.map(({ workerId, datasetObjectId, message }) => ({ workerId, datasetObjectId, message })),
    ).toEqual(
      ["sim-1", "sim-2", "sim-3"].flatMap((workerId) => [
        {
          workerId,
          datasetObjectId: "1",
          message: 'Answer refused: "Opera" is not a label of this job. The labels are: Sports, News, Music.',
        },
        {
          workerId,
          datasetObjectId: "2",
          message:
            "The truth map has no entry for object 2 (looked up by source-ref, source and dataset object id).",
        },
      ]),
    );
    expect(await statusOf("refused")).toBe("InProgress");
    // Nobody else answers them: they fail when their TaskAvailabilityLifetimeInSeconds ends.
    await admin.advanceClock(21_600);
    const job = await describeJob(server, "refused");
    expect(job.LabelingJobStatus).toBe("Completed");
    expect(job.LabelCounters).toMatchObject({ HumanLabeled: 1, FailedNonRetryableError: 2 });
  });

  it("stop answering when stopped, and start again when asked", async () => {
    await manualServer();
    await server.sagemaker.send(new CreateLabelingJobCommand(videoJobRequest("paused")));
    await admin.simulate("paused", { truth: { attribute: "true-label" } });
    expect(await admin.stopSimulation("paused")).toMatchObject({ status: "stopped", answers: [] });
    await admin.advanceClock(1);
    expect(await statusOf("paused")).toBe("InProgress");
    expect((await admin.simulation("paused")).answers).toEqual([]);

    await admin.simulate("paused", { truth: { attribute: "true-label" } });
    await admin.advanceClock(0);
    expect(await statusOf("paused")).toBe("Completed");
    expect(await admin.simulation("paused")).toMatchObject({ status: "finished", errors: [] });
  });
});
