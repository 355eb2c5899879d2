import {
  CreateLabelingJobCommand,
  CreateWorkteamCommand,
  DescribeLabelingJobCommand,
  ListLabelingJobsCommand,
  ListLabelingJobsForWorkteamCommand,
  StopLabelingJobCommand,
  paginateListLabelingJobs,
  paginateListLabelingJobsForWorkteam,
} from "@aws-sdk/client-sagemaker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../emulator/clock.js";
import { seedRequest, videoJobRequest } from "../helpers/requests.js";
import { CONTROL_PLANE_ONLY, startTestServer, type TestServer } from "../helpers/test-server.js";

const TEAM_ARN = "arn:aws:sagemaker:us-east-1:123456789012:workteam/private-crowd/example-team";

describe("labeling jobs through the JS SDK", () => {
  let server: TestServer;
  const clock = new ManualClock(new Date("2026-03-01T12:00:00.000Z"));

  beforeAll(async () => {
    server = await startTestServer({ clock, ...CONTROL_PLANE_ONLY });
  });
  afterAll(async () => {
    await server.close();
  });

  it("accepts the documentation's video classification request unchanged, with no set-up", async () => {
    const created = await server.sagemaker.send(new CreateLabelingJobCommand(seedRequest()));
    expect(created.LabelingJobArn).toBe(
      "arn:aws:sagemaker:us-east-1:123456789012:labeling-job/example-video-classification-labeling-job",
    );
  });

  it("describes a job with everything AWS returns, including server-filled defaults", async () => {
    const name = "Describe-Me-Job";
    const request = videoJobRequest(name, { Tags: [{ Key: "team", Value: "vision" }] });
    delete request.HumanTaskConfig?.MaxConcurrentTaskCount;
    delete request.HumanTaskConfig?.TaskAvailabilityLifetimeInSeconds;
    delete request.OutputConfig?.KmsKeyId;
    await server.sagemaker.send(new CreateLabelingJobCommand(request));

    const job = await server.sagemaker.send(new DescribeLabelingJobCommand({ LabelingJobName: name }));
    expect(job.LabelingJobName).toBe(name);
    expect(job.LabelingJobArn).toBe("arn:aws:sagemaker:us-east-1:123456789012:labeling-job/describe-me-job");
    expect(job.LabelingJobStatus).toBe("Initializing");
    expect(job.JobReferenceCode).toMatch(/^123456789012[A-Za-z0-9]{16}$/u);
    expect(job.CreationTime).toEqual(new Date("2026-03-01T12:00:00.000Z"));
    expect(job.LastModifiedTime).toEqual(job.CreationTime);
    expect(job.LabelCounters).toEqual({
      TotalLabeled: 0,
      HumanLabeled: 0,
      MachineLabeled: 0,
      FailedNonRetryableError: 0,
      Unlabeled: 0,
    });
    expect(job.HumanTaskConfig?.MaxConcurrentTaskCount).toBe(1000);
    expect(job.HumanTaskConfig?.TaskAvailabilityLifetimeInSeconds).toBe(2_592_000);
    expect(job.OutputConfig).toEqual({
      S3OutputPath: "s3://bucket/path/file-to-store-output-data",
      KmsKeyId: "",
    });
    expect(job.InputConfig).toEqual(request.InputConfig);
    expect(job.RoleArn).toBe(request.RoleArn);
    expect(job.LabelAttributeName).toBe("label");
    expect(job.LabelCategoryConfigS3Uri).toBe(request.LabelCategoryConfigS3Uri);
    expect(job.StoppingConditions).toEqual(request.StoppingConditions);
    expect(job.HumanTaskConfig?.UiConfig).toEqual(request.HumanTaskConfig?.UiConfig);
    expect(job.HumanTaskConfig?.TaskKeywords).toEqual(["Video Classification"]);
    expect(job.Tags).toEqual([{ Key: "team", Value: "vision" }]);
    expect(job.LabelingJobOutput).toBeUndefined();
    expect(job.FailureReason).toBeUndefined();
  });

  it("finds a job by its name in any letter case", async () => {
    const job = await server.sagemaker.send(
      new DescribeLabelingJobCommand({ LabelingJobName: "DESCRIBE-me-JOB" }),
    );
    expect(job.LabelingJobName).toBe("Describe-Me-Job");
  });

  it("refuses a second job whose name differs only in case (ResourceInUse)", async () => {
    await expect(
      server.sagemaker.send(new CreateLabelingJobCommand(videoJobRequest("describe-me-job"))),
    ).rejects.toMatchObject({
      name: "ResourceInUse",
      $fault: "client",
      message: expect.stringContaining("labeling-job/describe-me-job") as string,
    });
  });

  it("answers ResourceNotFound for a job that does not exist", async () => {
    await expect(
      server.sagemaker.send(new DescribeLabelingJobCommand({ LabelingJobName: "no-such-job" })),
    ).rejects.toMatchObject({
      name: "ResourceNotFound",
      message: "Could not find labeling job with name no-such-job",
    });
    await expect(
      server.sagemaker.send(new StopLabelingJobCommand({ LabelingJobName: "no-such-job" })),
    ).rejects.toMatchObject({ name: "ResourceNotFound" });
  });

  it("stops a job through Stopping to Stopped, and refuses to stop it again", async () => {
    await server.sagemaker.send(new CreateLabelingJobCommand(videoJobRequest("stop-me")));
    clock.advance(5_000);
    await server.sagemaker.send(new StopLabelingJobCommand({ LabelingJobName: "stop-me" }));
    const job = await server.sagemaker.send(new DescribeLabelingJobCommand({ LabelingJobName: "stop-me" }));
    expect(job.LabelingJobStatus).toBe("Stopped");
    expect(job.LastModifiedTime?.getTime()).toBe(job.CreationTime!.getTime() + 5_000);
    await expect(
      server.sagemaker.send(new StopLabelingJobCommand({ LabelingJobName: "stop-me" })),
    ).rejects.toMatchObject({
      name: "ValidationException",
      message: expect.stringContaining("Stopped") as string,
    });
  });

  it("rejects automated data labeling for video classification with a clear message", async () => {
    await expect(
      server.sagemaker.send(
        new CreateLabelingJobCommand(
          videoJobRequest("auto-video", {
            LabelingJobAlgorithmsConfig: {
              LabelingJobAlgorithmSpecificationArn:
                "arn:aws:sagemaker:us-east-1:027400017018:labeling-job-algorithm-specification/image-classification",
            },
          }),
        ),
      ),
    ).rejects.toMatchObject({
      name: "ValidationException",
      message: expect.stringContaining("not supported for video classification") as string,
    });
  });

  it.each([
    ["source", "reserved"],
    ["source-ref", "reserved"],
    ["category-metadata", "-metadata"],
    ["category-ref", "-ref"],
  ])("rejects LabelAttributeName %s", async (attribute, hint) => {
    await expect(
      server.sagemaker.send(
        new CreateLabelingJobCommand(
          videoJobRequest(`attr-${hint.replace(/\W/gu, "")}`, {
            LabelAttributeName: attribute,
          }),
        ),
      ),
    ).rejects.toMatchObject({
      name: "ValidationException",
      message: expect.stringContaining(hint) as string,
    });
  });

  it("requires exactly one of UiTemplateS3Uri and HumanTaskUiArn", async () => {
    const both = videoJobRequest("ui-both");
    both.HumanTaskConfig!.UiConfig = {
      UiTemplateS3Uri: "s3://bucket/t.html",
      HumanTaskUiArn: "arn:aws:sagemaker:us-east-1:394669845002:human-task-ui/VideoObjectDetection",
    };
    const neither = videoJobRequest("ui-neither");
    neither.HumanTaskConfig!.UiConfig = {};
    for (const request of [both, neither]) {
      await expect(server.sagemaker.send(new CreateLabelingJobCommand(request))).rejects.toMatchObject({
        name: "ValidationException",
        message: "UiConfig must specify exactly one of UiTemplateS3Uri and HumanTaskUiArn.",
      });
    }
  });

  it("requires the work team to exist, and accepts AWS's public and vendor crowds", async () => {
    const missing = videoJobRequest("team-missing");
    missing.HumanTaskConfig!.WorkteamArn =
      "arn:aws:sagemaker:us-east-1:123456789012:workteam/private-crowd/nobody";
    await expect(server.sagemaker.send(new CreateLabelingJobCommand(missing))).rejects.toMatchObject({
      name: "ValidationException",
      message: expect.stringContaining("private-crowd/nobody does not exist") as string,
    });
    const publicCrowd = videoJobRequest("team-public", {
      InputConfig: {
        DataSource: { S3DataSource: { ManifestS3Uri: "s3://bucket/m.json" } },
        DataAttributes: { ContentClassifiers: ["FreeOfPersonallyIdentifiableInformation"] },
      },
    });
    publicCrowd.HumanTaskConfig!.WorkteamArn =
      "arn:aws:sagemaker:us-east-1:394669845002:workteam/public-crowd/default";
    publicCrowd.HumanTaskConfig!.TaskAvailabilityLifetimeInSeconds = 3600;
    await server.sagemaker.send(new CreateLabelingJobCommand(publicCrowd));
    const vendor = videoJobRequest("team-vendor");
    vendor.HumanTaskConfig!.WorkteamArn =
      "arn:aws:sagemaker:us-east-1:123456789012:workteam/vendor-crowd/acme";
    await server.sagemaker.send(new CreateLabelingJobCommand(vendor));
  });

  it("rejects S3 URIs that are not s3://bucket/key", async () => {
    const request = videoJobRequest("bad-uri");
    request.InputConfig = {
      DataSource: { S3DataSource: { ManifestS3Uri: "https://example.com/manifest.json" } },
    };
    await expect(server.sagemaker.send(new CreateLabelingJobCommand(request))).rejects.toMatchObject({
      name: "ValidationException",
      message: expect.stringContaining(
        "ManifestS3Uri https://example.com/manifest.json is not a valid S3 URI",
      ) as string,
    });
  });

  it("keeps regions apart: a job in eu-west-1 is invisible from us-east-1", async () => {
    const eu = server.sagemakerIn("eu-west-1");
    const request = videoJobRequest("regional-job");
    request.HumanTaskConfig!.WorkteamArn =
      "arn:aws:sagemaker:eu-west-1:123456789012:workteam/private-crowd/example-team";
    const created = await eu.send(new CreateLabelingJobCommand(request));
    expect(created.LabelingJobArn).toBe("arn:aws:sagemaker:eu-west-1:123456789012:labeling-job/regional-job");
    await expect(
      server.sagemaker.send(new DescribeLabelingJobCommand({ LabelingJobName: "regional-job" })),
    ).rejects.toMatchObject({ name: "ResourceNotFound" });
    eu.destroy();
  });
});

describe("listing labeling jobs", () => {
  let server: TestServer;
  const clock = new ManualClock(new Date("2026-05-01T00:00:00.000Z"));
  const names = Array.from({ length: 250 }, (_, index) => `job-${String(index).padStart(3, "0")}`);

  beforeAll(async () => {
    server = await startTestServer({ clock, ...CONTROL_PLANE_ONLY });
    for (const name of names) {
      await server.sagemaker.send(new CreateLabelingJobCommand(videoJobRequest(name)));
      clock.advance(1_000);
    }
    await server.sagemaker.send(new StopLabelingJobCommand({ LabelingJobName: "job-007" }));
  });
  afterAll(async () => {
    await server.close();
  });

  it("pages through all 250 jobs with the SDK paginator, each exactly once, in creation order", async () => {
    const seen: string[] = [];
    let pages = 0;
    for await (const page of paginateListLabelingJobs({ client: server.sagemaker, pageSize: 100 }, {})) {
      pages++;
      seen.push(...(page.LabelingJobSummaryList ?? []).map((job) => job.LabelingJobName ?? ""));
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(names);
  });

  it("returns 10 jobs by default with a NextToken", async () => {
    const page = await server.sagemaker.send(new ListLabelingJobsCommand({}));
    expect(page.LabelingJobSummaryList).toHaveLength(10);
    expect(page.NextToken).toBeTypeOf("string");
    const summary = page.LabelingJobSummaryList?.[0];
    expect(summary).toMatchObject({
      LabelingJobName: "job-000",
      LabelingJobArn: "arn:aws:sagemaker:us-east-1:123456789012:labeling-job/job-000",
      LabelingJobStatus: "Initializing",
      WorkteamArn: TEAM_ARN,
      PreHumanTaskLambdaArn: "arn:aws:lambda:us-east-1:432418664414:function:PRE-VideoClassification",
      AnnotationConsolidationLambdaArn:
        "arn:aws:lambda:us-east-1:432418664414:function:ACS-VideoClassification",
      InputConfig: seedRequest().InputConfig,
    });
  });

  it("sorts by name and by creation time in both orders", async () => {
    const byNameDesc = await server.sagemaker.send(
      new ListLabelingJobsCommand({ SortBy: "Name", SortOrder: "Descending", MaxResults: 3 }),
    );
    expect(byNameDesc.LabelingJobSummaryList?.map((job) => job.LabelingJobName)).toEqual([
      "job-249",
      "job-248",
      "job-247",
    ]);
    const newest = await server.sagemaker.send(
      new ListLabelingJobsCommand({ SortBy: "CreationTime", SortOrder: "Descending", MaxResults: 1 }),
    );
    expect(newest.LabelingJobSummaryList?.[0]?.LabelingJobName).toBe("job-249");
  });

  it("pages in descending name order without gaps", async () => {
    const seen: string[] = [];
    for await (const page of paginateListLabelingJobs(
      { client: server.sagemaker, pageSize: 7 },
      { SortBy: "Name", SortOrder: "Descending" },
    )) {
      seen.push(...(page.LabelingJobSummaryList ?? []).map((job) => job.LabelingJobName ?? ""));
    }
    expect(seen).toEqual([...names].reverse());
  });

  it("filters by NameContains (any case), StatusEquals and creation-time bounds", async () => {
    const contains = await server.sagemaker.send(
      new ListLabelingJobsCommand({ NameContains: "JOB-24", MaxResults: 100 }),
    );
    expect(contains.LabelingJobSummaryList?.map((job) => job.LabelingJobName)).toEqual(
      names.filter((name) => name.startsWith("job-24")),
    );
    const stopped = await server.sagemaker.send(new ListLabelingJobsCommand({ StatusEquals: "Stopped" }));
    expect(stopped.LabelingJobSummaryList?.map((job) => job.LabelingJobName)).toEqual(["job-007"]);
    const start = new Date("2026-05-01T00:00:00.000Z").getTime();
    const window = await server.sagemaker.send(
      new ListLabelingJobsCommand({
        CreationTimeAfter: new Date(start + 9_500),
        CreationTimeBefore: new Date(start + 13_500),
      }),
    );
    expect(window.LabelingJobSummaryList?.map((job) => job.LabelingJobName)).toEqual([
      "job-010",
      "job-011",
      "job-012",
      "job-013",
    ]);
    const modified = await server.sagemaker.send(
      new ListLabelingJobsCommand({ LastModifiedTimeAfter: new Date(start + 249_500) }),
    );
    expect(modified.LabelingJobSummaryList?.map((job) => job.LabelingJobName)).toEqual(["job-007"]);
  });

  it("sorts by status", async () => {
    const page = await server.sagemaker.send(
      new ListLabelingJobsCommand({ SortBy: "Status", SortOrder: "Descending", MaxResults: 1 }),
    );
    expect(page.LabelingJobSummaryList?.[0]?.LabelingJobStatus).toBe("Stopped");
  });

  it("rejects a NextToken it did not issue", async () => {
    await expect(
      server.sagemaker.send(new ListLabelingJobsCommand({ NextToken: "not-a-token" })),
    ).rejects.toMatchObject({ name: "ValidationException" });
  });

  it("lists a work team's jobs with worker-side counters", async () => {
    const seen: string[] = [];
    for await (const page of paginateListLabelingJobsForWorkteam(
      { client: server.sagemaker, pageSize: 100 },
      { WorkteamArn: TEAM_ARN },
    )) {
      for (const job of page.LabelingJobSummaryList ?? []) {
        expect(job.WorkRequesterAccountId).toBe("123456789012");
        expect(job.NumberOfHumanWorkersPerDataObject).toBe(3);
        expect(job.LabelCounters).toEqual({ HumanLabeled: 0, PendingHuman: 0, Total: 0 });
        seen.push(job.LabelingJobName ?? "");
      }
    }
    expect(seen).toEqual(names);
    const first = await server.sagemaker.send(new DescribeLabelingJobCommand({ LabelingJobName: "job-000" }));
    const byCode = await server.sagemaker.send(
      new ListLabelingJobsForWorkteamCommand({
        WorkteamArn: TEAM_ARN,
        JobReferenceCodeContains: first.JobReferenceCode?.slice(12),
      }),
    );
    expect(byCode.LabelingJobSummaryList?.map((job) => job.JobReferenceCode)).toEqual([
      first.JobReferenceCode,
    ]);
  });

  it("answers ResourceNotFound for the jobs of a team that does not exist", async () => {
    await server.sagemaker.send(
      new CreateWorkteamCommand({
        WorkteamName: "listed-team",
        Description: "d",
        MemberDefinitions: [{ OidcMemberDefinition: { Groups: ["g"] } }],
      }),
    );
    await expect(
      server.sagemaker.send(
        new ListLabelingJobsForWorkteamCommand({
          WorkteamArn: "arn:aws:sagemaker:us-east-1:123456789012:workteam/private-crowd/ghost",
        }),
      ),
    ).rejects.toMatchObject({ name: "ResourceNotFound" });
  });
});
