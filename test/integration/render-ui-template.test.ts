import { RenderUiTemplateCommand } from "@aws-sdk/client-sagemaker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VIDEO_TEMPLATE } from "../helpers/job-fixtures.js";
import { startTestServer, type TestServer } from "../helpers/test-server.js";

const ROLE = "arn:aws:iam::123456789012:role/GroundTruthExecutionRole";

describe("RenderUiTemplate through the JS SDK", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it("renders the documentation's video template with signed video URLs and escaped labels", async () => {
    const rendered = await server.sagemaker.send(
      new RenderUiTemplateCommand({
        UiTemplate: { Content: VIDEO_TEMPLATE },
        Task: {
          Input: JSON.stringify({ taskObject: "s3://bucket/videos/clip-1.mp4", labels: ["Sports", "News"] }),
        },
        RoleArn: ROLE,
      }),
    );
    expect(rendered.Errors).toEqual([]);
    expect(rendered.RenderedContent).toContain('categories="[&quot;Sports&quot;,&quot;News&quot;]"');
    const source = /<source src="([^"]+)" type="video\/mp4"\/>/u.exec(rendered.RenderedContent ?? "")?.[1];
    expect(source?.startsWith(`${server.url}/bucket/videos/clip-1.mp4?`)).toBe(true);
    expect(source).toContain("X-Amz-Signature=");
  });

  it("reports a grant_read_access input that is not an S3 URI as InvalidParameters", async () => {
    const rendered = await server.sagemaker.send(
      new RenderUiTemplateCommand({
        UiTemplate: { Content: '<img src="{{ task.input.url | grant_read_access }}">' },
        Task: { Input: '{"url": " "}' },
        RoleArn: ROLE,
      }),
    );
    expect(rendered.Errors).toEqual([
      { Code: "InvalidParameters", Message: '"grant_read_access" input is not a valid S3 URI: " ".' },
    ]);
  });

  it("validates its input as AWS does", async () => {
    await expect(
      server.sagemaker.send(
        new RenderUiTemplateCommand({
          UiTemplate: { Content: "x" },
          Task: { Input: "not json" },
          RoleArn: ROLE,
        }),
      ),
    ).rejects.toMatchObject({ name: "ValidationException", message: "Task.Input must be a JSON document." });
    await expect(
      server.sagemaker.send(
        new RenderUiTemplateCommand({
          HumanTaskUiArn: "arn:aws:sagemaker:us-east-1:394669845002:human-task-ui/VideoObjectDetection",
          Task: { Input: "{}" },
          RoleArn: ROLE,
        }),
      ),
    ).rejects.toMatchObject({ name: "ResourceNotFound" });
    await expect(
      server.sagemaker.send(
        new RenderUiTemplateCommand({ UiTemplate: { Content: "" }, Task: { Input: "{}" }, RoleArn: ROLE }),
      ),
    ).rejects.toMatchObject({
      name: "ValidationException",
      message: expect.stringContaining(
        "at 'uiTemplate.content' failed to satisfy constraint: Member must have length greater than or equal to 1",
      ) as string,
    });
  });
});
