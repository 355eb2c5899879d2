import {
  AddTagsCommand,
  CreateLabelingJobCommand,
  CreateWorkteamCommand,
  DescribeLabelingJobCommand,
  DescribeWorkteamCommand,
  ListLabelingJobsCommand,
  ListTagsCommand,
  StopLabelingJobCommand,
} from "@aws-sdk/client-sagemaker";
import Database from "better-sqlite3";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { MIGRATIONS } from "../../emulator/storage/migrations.js";
import { videoJobRequest } from "../helpers/requests.js";
import { CONTROL_PLANE_ONLY, startTestServer, temporaryDataDir } from "../helpers/test-server.js";

describe("state on disk", () => {
  const dataDir = temporaryDataDir();
  afterEach(() => {
    dataDir.remove();
  });

  it("survives a restart: jobs, their status, teams and tags", async () => {
    const first = await startTestServer({ inMemory: false, dataDir: dataDir.dir, ...CONTROL_PLANE_ONLY });
    const created = await first.sagemaker.send(new CreateLabelingJobCommand(videoJobRequest("Durable-Job")));
    await first.sagemaker.send(new CreateLabelingJobCommand(videoJobRequest("stopped-job")));
    await first.sagemaker.send(new StopLabelingJobCommand({ LabelingJobName: "stopped-job" }));
    await first.sagemaker.send(
      new CreateWorkteamCommand({
        WorkteamName: "durable-team",
        Description: "kept",
        MemberDefinitions: [{ OidcMemberDefinition: { Groups: ["labelers"] } }],
      }),
    );
    await first.sagemaker.send(
      new AddTagsCommand({ ResourceArn: created.LabelingJobArn, Tags: [{ Key: "kept", Value: "yes" }] }),
    );
    const before = await first.sagemaker.send(
      new DescribeLabelingJobCommand({ LabelingJobName: "Durable-Job" }),
    );
    await first.close();

    expect(existsSync(join(dataDir.dir, "v1", "gt-local.sqlite"))).toBe(true);

    const second = await startTestServer({ inMemory: false, dataDir: dataDir.dir, ...CONTROL_PLANE_ONLY });
    const after = await second.sagemaker.send(
      new DescribeLabelingJobCommand({ LabelingJobName: "durable-job" }),
    );
    expect(after).toEqual({ ...before, $metadata: after.$metadata });
    const stopped = await second.sagemaker.send(
      new DescribeLabelingJobCommand({ LabelingJobName: "stopped-job" }),
    );
    expect(stopped.LabelingJobStatus).toBe("Stopped");
    const team = await second.sagemaker.send(new DescribeWorkteamCommand({ WorkteamName: "durable-team" }));
    expect(team.Workteam?.MemberDefinitions).toEqual([{ OidcMemberDefinition: { Groups: ["labelers"] } }]);
    const tags = await second.sagemaker.send(new ListTagsCommand({ ResourceArn: created.LabelingJobArn }));
    expect(tags.Tags).toEqual([{ Key: "kept", Value: "yes" }]);
    const list = await second.sagemaker.send(new ListLabelingJobsCommand({}));
    expect(list.LabelingJobSummaryList?.map((job) => job.LabelingJobName)).toEqual([
      "Durable-Job",
      "stopped-job",
    ]);
    await second.close();
  });

  it("keeps the database in WAL mode at the latest numbered migration", async () => {
    const server = await startTestServer({ inMemory: false, dataDir: dataDir.dir, ...CONTROL_PLANE_ONLY });
    await server.close();
    const db = new Database(join(dataDir.dir, "v1", "gt-local.sqlite"), { readonly: true });
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("user_version", { simple: true })).toBe(MIGRATIONS.length);
    db.close();
  });

  it("refuses a data dir written by a newer schema instead of damaging it", async () => {
    const server = await startTestServer({ inMemory: false, dataDir: dataDir.dir, ...CONTROL_PLANE_ONLY });
    await server.close();
    const db = new Database(join(dataDir.dir, "v1", "gt-local.sqlite"));
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    await expect(
      startTestServer({ inMemory: false, dataDir: dataDir.dir, ...CONTROL_PLANE_ONLY }),
    ).rejects.toThrow(/newer gt-local/u);
  });
});
