import {
  AddTagsCommand,
  CreateLabelingJobCommand,
  DeleteTagsCommand,
  ListTagsCommand,
  paginateListTags,
} from "@aws-sdk/client-sagemaker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { videoJobRequest } from "../helpers/requests.js";
import { startTestServer, type TestServer } from "../helpers/test-server.js";

describe("tags on jobs, teams and workforces", () => {
  let server: TestServer;
  let jobArn: string;
  const teamArn = "arn:aws:sagemaker:us-east-1:123456789012:workteam/private-crowd/example-team";
  const workforceArn = "arn:aws:sagemaker:us-east-1:123456789012:workforce/default";

  beforeAll(async () => {
    server = await startTestServer();
    const created = await server.sagemaker.send(
      new CreateLabelingJobCommand(videoJobRequest("Tagged-Job", { Tags: [{ Key: "a", Value: "1" }] })),
    );
    jobArn = created.LabelingJobArn ?? "";
  });
  afterAll(async () => {
    await server.close();
  });

  it("adds, overwrites by key, lists in insertion order and deletes", async () => {
    const added = await server.sagemaker.send(
      new AddTagsCommand({
        ResourceArn: jobArn,
        Tags: [
          { Key: "b", Value: "2" },
          { Key: "a", Value: "one" },
        ],
      }),
    );
    expect(added.Tags).toEqual([
      { Key: "b", Value: "2" },
      { Key: "a", Value: "one" },
    ]);
    expect((await server.sagemaker.send(new ListTagsCommand({ ResourceArn: jobArn }))).Tags).toEqual([
      { Key: "a", Value: "one" },
      { Key: "b", Value: "2" },
    ]);
    await server.sagemaker.send(new DeleteTagsCommand({ ResourceArn: jobArn, TagKeys: ["a", "missing"] }));
    expect((await server.sagemaker.send(new ListTagsCommand({ ResourceArn: jobArn }))).Tags).toEqual([
      { Key: "b", Value: "2" },
    ]);
  });

  it("tags work teams and workforces", async () => {
    for (const arn of [teamArn, workforceArn]) {
      await server.sagemaker.send(
        new AddTagsCommand({ ResourceArn: arn, Tags: [{ Key: "env", Value: "test" }] }),
      );
      expect((await server.sagemaker.send(new ListTagsCommand({ ResourceArn: arn }))).Tags).toEqual([
        { Key: "env", Value: "test" },
      ]);
    }
  });

  it("pages tags 50 at a time and caps a resource at 50 tags", async () => {
    const arn = teamArn;
    const tags = Array.from({ length: 49 }, (_, index) => ({ Key: `k${index}`, Value: `v${index}` }));
    await server.sagemaker.send(new AddTagsCommand({ ResourceArn: arn, Tags: tags }));
    await expect(
      server.sagemaker.send(
        new AddTagsCommand({ ResourceArn: arn, Tags: [{ Key: "one-too-many", Value: "" }] }),
      ),
    ).rejects.toMatchObject({
      name: "ValidationException",
      message: expect.stringContaining("at most 50") as string,
    });
    const keys: string[] = [];
    for await (const page of paginateListTags(
      { client: server.sagemaker, pageSize: 50 },
      { ResourceArn: arn },
    )) {
      keys.push(...(page.Tags ?? []).map((tag) => tag.Key ?? ""));
    }
    expect(keys).toHaveLength(50);
    expect(keys[0]).toBe("env");
  });

  it("refuses tags on a resource that does not exist and reserved aws: keys", async () => {
    await expect(
      server.sagemaker.send(
        new ListTagsCommand({ ResourceArn: "arn:aws:sagemaker:us-east-1:123456789012:labeling-job/ghost" }),
      ),
    ).rejects.toMatchObject({
      name: "ValidationException",
      message: expect.stringContaining("does not exist") as string,
    });
    await expect(
      server.sagemaker.send(
        new AddTagsCommand({ ResourceArn: jobArn, Tags: [{ Key: "aws:owner", Value: "x" }] }),
      ),
    ).rejects.toMatchObject({
      name: "ValidationException",
      message: expect.stringContaining("reserved") as string,
    });
  });

  it("rejects a ListTags MaxResults below the model's minimum of 50", async () => {
    await expect(
      server.sagemaker.send(new ListTagsCommand({ ResourceArn: jobArn, MaxResults: 10 })),
    ).rejects.toMatchObject({
      name: "ValidationException",
      message:
        "1 validation error detected: Value '10' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 50",
    });
  });
});
