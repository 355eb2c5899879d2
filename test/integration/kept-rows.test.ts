import {
  CreateLabelingJobCommand,
  DescribeWorkteamCommand,
  UpdateWorkteamCommand,
} from "@aws-sdk/client-sagemaker";
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from "vitest";
import { ManualClock } from "../../emulator/clock.js";
import { JobRepository } from "../../emulator/jobs/job-repository.js";
import type { LabelingJob } from "../../emulator/jobs/labeling-job.js";
import { migrate, openDatabase } from "../../emulator/storage/database.js";
import { GtLocalAdmin } from "../../server/programmatic/admin-client.js";
import type { CreateLabelingJobRequest } from "../../server/sagemaker/generated/model.js";
import { specFromRequest } from "../../server/sagemaker/mappers/labeling-job-mapper.js";
import { describeJob, engineIdle, uploadJobInputs } from "../helpers/job-fixtures.js";
import { seedRequest } from "../helpers/requests.js";
import { startTestServer, temporaryDataDir, type TestServer } from "../helpers/test-server.js";

/*
 * Jobs, workers, teams' members and jobs' labels are kept in memory as last committed
 * (CommittedRows), since every claim and submit reads them. These prove that what is kept never
 * outlives the rows: writes through the API, a reset, an import, and a rollback.
 */

const JOB = "example-video-classification-labeling-job";
const TEAM = "example-team";

describe("kept rows follow every change made through the API", () => {
  let server: TestServer;
  let admin: GtLocalAdmin;

  beforeEach(async () => {
    server = await startTestServer({
      clock: new ManualClock(new Date("2026-06-01T09:00:00.000Z")),
      startDelayMs: 0,
    });
    admin = new GtLocalAdmin(server.url, "us-east-1");
    await uploadJobInputs(server);
    await server.sagemaker.send(new CreateLabelingJobCommand(seedRequest()));
    await engineIdle(server);
  });
  afterEach(async () => {
    await server.close();
  });

  it("lets a team's new members claim at once, and refuses them once removed", async () => {
    const outsider = await admin.createWorker({ displayName: "Outsider", groups: ["outsiders"] });
    await expect(admin.claimTask(outsider.id, JOB)).rejects.toThrow(/not a member/u);

    const { Workteam } = await server.sagemaker.send(new DescribeWorkteamCommand({ WorkteamName: TEAM }));
    const members = Workteam?.MemberDefinitions ?? [];
    const pool = members[0]?.CognitoMemberDefinition;
    const outsiders = {
      CognitoMemberDefinition: { UserPool: pool?.UserPool, UserGroup: "outsiders", ClientId: pool?.ClientId },
    };
    await server.sagemaker.send(
      new UpdateWorkteamCommand({ WorkteamName: TEAM, MemberDefinitions: [...members, outsiders] }),
    );
    expect(await admin.claimTask(outsider.id, JOB)).toMatchObject({ jobName: JOB, workerId: outsider.id });

    await server.sagemaker.send(
      new UpdateWorkteamCommand({ WorkteamName: TEAM, MemberDefinitions: members }),
    );
    await expect(admin.claimTask(outsider.id, JOB)).rejects.toThrow(/not a member/u);
  });

  it("lets a worker who joins the team's group claim at once", async () => {
    const { Workteam } = await server.sagemaker.send(new DescribeWorkteamCommand({ WorkteamName: TEAM }));
    const group = Workteam?.MemberDefinitions?.[0]?.CognitoMemberDefinition?.UserGroup ?? "";
    const newcomer = await admin.createWorker({ displayName: "Newcomer", groups: [] });
    await expect(admin.claimTask(newcomer.id, JOB)).rejects.toThrow(/not a member/u);

    server.emulator.workers.addGroups(newcomer.id, [group]);
    expect(await admin.claimTask(newcomer.id, JOB)).toMatchObject({ workerId: newcomer.id });
  });

  it("describes the new job, not the one a reset removed, when a job is created again under its name", async () => {
    const worker = await admin.createWorker({ displayName: "Labeler" });
    const task = await admin.claimTask(worker.id, JOB);
    await admin.submitAnswer(task?.id ?? "", worker.id, { "crowd-classifier": { label: "Sports" } });
    expect((await describeJob(server, JOB)).HumanTaskConfig?.TaskTitle).toBe(
      seedRequest().HumanTaskConfig?.TaskTitle,
    );

    await admin.reset({ to: "empty" });
    await uploadJobInputs(server);
    const again = seedRequest();
    if (again.HumanTaskConfig) again.HumanTaskConfig.TaskTitle = "Created again";
    await server.sagemaker.send(new CreateLabelingJobCommand(again));
    await engineIdle(server);

    const described = await describeJob(server, JOB);
    expect(described.HumanTaskConfig?.TaskTitle).toBe("Created again");
    expect(described.LabelingJobStatus).toBe("InProgress");
    expect(described.LabelCounters).toMatchObject({ TotalLabeled: 0, Unlabeled: 3 });
  });

  it("checks answers against the labels the rows hold, after a reset and after an import", async () => {
    const saved = temporaryDataDir();
    onTestFinished(saved.remove);
    await admin.exportState(saved.dir);

    // A reset, and the job created again over other labels.
    await admin.reset({ to: "empty" });
    await uploadJobInputs(server, { labels: ["Cats", "Dogs"] });
    await server.sagemaker.send(new CreateLabelingJobCommand(seedRequest()));
    await engineIdle(server);
    const worker = await admin.createWorker({ displayName: "Labeler" });
    const task = await admin.claimTask(worker.id, JOB);
    const sports = { "crowd-classifier": { label: "Sports" } };
    await expect(admin.submitAnswer(task?.id ?? "", worker.id, sports)).rejects.toThrow(/Sports/u);
    await admin.submitAnswer(task?.id ?? "", worker.id, { "crowd-classifier": { label: "Dogs" } });

    // The state saved before the reset comes back: its job's labels are the seed's again.
    await admin.importState(saved.dir);
    const again = await admin.createWorker({ displayName: "Labeler again" });
    const imported = await admin.claimTask(again.id, JOB);
    await admin.submitAnswer(imported?.id ?? "", again.id, sports);
  });
});

describe("a job repository over real SQLite", () => {
  const created = new Date("2026-06-01T09:00:00.000Z");
  const job: LabelingJob = {
    region: "us-east-1",
    name: "Kept-Job",
    arn: "arn:aws:sagemaker:us-east-1:123456789012:labeling-job/kept-job",
    status: "InProgress",
    jobReferenceCode: "123456789012abcdef",
    // The fixture is a whole CreateLabelingJob request, as the server's validation lets through.
    spec: specFromRequest(seedRequest() as CreateLabelingJobRequest),
    counters: {
      totalLabeled: 0,
      humanLabeled: 0,
      machineLabeled: 0,
      failedNonRetryableError: 0,
      unlabeled: 3,
    },
    creationTime: created,
    lastModifiedTime: created,
  };

  function repository() {
    const db = openDatabase(":memory:");
    migrate(db);
    const jobs = new JobRepository(db);
    jobs.insert(job);
    return { db, jobs };
  }

  it("keeps a read job frozen, finds it by name in any case, and replaces it on a save", () => {
    const { jobs } = repository();
    const read = jobs.findByArn(job.arn);
    expect(read).toEqual(job);
    expect(Object.isFrozen(read)).toBe(true);
    expect(jobs.findByName("us-east-1", "KEPT-JOB")).toEqual(read);

    const later = new Date("2026-06-01T10:00:00.000Z");
    jobs.saveState({ ...job, status: "Failed", failureReason: "Broken", lastModifiedTime: later });
    const saved = jobs.findByName("us-east-1", "kept-job");
    expect(saved).toEqual({ ...job, status: "Failed", failureReason: "Broken", lastModifiedTime: later });
    expect(Object.isFrozen(saved?.counters)).toBe(true);
  });

  it("reads the stored job again after a save that a rollback undid", () => {
    const { db, jobs } = repository();
    expect(jobs.findByArn(job.arn)?.status).toBe("InProgress");
    expect(() =>
      db.transaction(() => {
        jobs.saveState({ ...job, status: "Stopping" });
        // Read inside the transaction: the uncommitted status, which must not be kept.
        expect(jobs.findByArn(job.arn)?.status).toBe("Stopping");
        throw new Error("roll back");
      })(),
    ).toThrow("roll back");
    expect(jobs.findByArn(job.arn)?.status).toBe("InProgress");
  });

  it("reads rows replaced behind it (an import or reset) once told to forget", () => {
    const { db, jobs } = repository();
    expect(jobs.findByArn(job.arn)?.status).toBe("InProgress");
    db.prepare("UPDATE labeling_jobs SET status = 'Completed' WHERE arn = ?").run(job.arn);
    jobs.forgetKept();
    expect(jobs.findByArn(job.arn)?.status).toBe("Completed");
  });
});
