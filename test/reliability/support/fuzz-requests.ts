import type { SageMakerOperation } from "../../../server/sagemaker/generated/model.js";
import { videoJobRequest } from "../../helpers/requests.js";

/*
 * One valid request per emulated SageMaker operation: the seeds the fuzzer mutates. Names are the
 * fuzzer's own (`fuzz-...`), so a mutated Delete never removes the region's default team.
 */
const ACCOUNT = "123456789012";
const TEAM_ARN = `arn:aws:sagemaker:us-east-1:${ACCOUNT}:workteam/private-crowd/fuzz-team`;
const JOB_ARN = `arn:aws:sagemaker:us-east-1:${ACCOUNT}:labeling-job/fuzz-job`;
const COGNITO = { UserPool: "us-east-1_fuzz", UserGroup: "fuzzers", ClientId: "fuzzclient" };

export const VALID_REQUESTS: Readonly<Record<SageMakerOperation, unknown>> = {
  AddTags: { ResourceArn: JOB_ARN, Tags: [{ Key: "k", Value: "v" }] },
  CreateLabelingJob: videoJobRequest("fuzz-job"),
  CreateWorkforce: {
    WorkforceName: "fuzz-workforce",
    CognitoConfig: { UserPool: COGNITO.UserPool, ClientId: COGNITO.ClientId },
  },
  CreateWorkteam: {
    WorkteamName: "fuzz-team",
    Description: "fuzz",
    MemberDefinitions: [{ CognitoMemberDefinition: COGNITO }],
    Tags: [{ Key: "k", Value: "v" }],
  },
  DeleteTags: { ResourceArn: JOB_ARN, TagKeys: ["k"] },
  DeleteWorkforce: { WorkforceName: "fuzz-workforce" },
  DeleteWorkteam: { WorkteamName: "fuzz-team" },
  DescribeLabelingJob: { LabelingJobName: "fuzz-job" },
  DescribeWorkforce: { WorkforceName: "default" },
  DescribeWorkteam: { WorkteamName: "example-team" },
  ListLabelingJobs: {
    CreationTimeAfter: 1_700_000_000,
    MaxResults: 10,
    NameContains: "fuzz",
    SortBy: "CreationTime",
    SortOrder: "Ascending",
    StatusEquals: "InProgress",
  },
  ListLabelingJobsForWorkteam: { WorkteamArn: TEAM_ARN, MaxResults: 5, JobReferenceCodeContains: "1" },
  ListTags: { ResourceArn: JOB_ARN, MaxResults: 50 },
  ListWorkforces: { MaxResults: 10, NameContains: "de" },
  ListWorkteams: { MaxResults: 10, SortBy: "Name", SortOrder: "Descending" },
  RenderUiTemplate: {
    UiTemplate: {
      Content: "<p>{{ task.input.text }}</p>{% for l in task.input.labels %}{{ l }}{% endfor %}",
    },
    Task: { Input: JSON.stringify({ text: "hello", labels: ["a", "b"] }) },
    RoleArn: `arn:aws:iam::${ACCOUNT}:role/fuzz`,
  },
  StopLabelingJob: { LabelingJobName: "fuzz-job" },
  UpdateWorkteam: {
    WorkteamName: "fuzz-team",
    Description: "fuzzed",
    MemberDefinitions: [{ CognitoMemberDefinition: COGNITO }],
  },
};

export const OPERATIONS = Object.keys(VALID_REQUESTS) as SageMakerOperation[];
