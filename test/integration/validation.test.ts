import {
  CreateLabelingJobCommand,
  ListLabelingJobsCommand,
  ListWorkteamsCommand,
  type CreateLabelingJobCommandInput,
} from "@aws-sdk/client-sagemaker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  OPERATION_INPUT_SHAPE,
  SAGEMAKER_OPERATIONS,
  SHAPES,
} from "../../server/sagemaker/generated/model.js";
import { videoJobRequest } from "../helpers/requests.js";
import { signedPost } from "../helpers/signed-post.js";
import { startTestServer, type TestServer } from "../helpers/test-server.js";

const lowerCamel = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

/** From the model: every operation's required top-level members. */
const REQUIRED_BY_OPERATION = SAGEMAKER_OPERATIONS.map((operation) => {
  const shape = SHAPES[OPERATION_INPUT_SHAPE[operation]];
  const required =
    shape.type === "structure" ? shape.members.filter((m) => m.required).map((m) => m.name) : [];
  return { operation, required };
}).filter((entry) => entry.required.length > 0);

describe("validation errors over the wire, in AWS's wording", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it("covers every operation with required members", () => {
    expect(REQUIRED_BY_OPERATION.length).toBeGreaterThanOrEqual(15);
  });

  it.each(REQUIRED_BY_OPERATION)(
    "$operation with an empty body names each missing member",
    async ({ operation, required }) => {
      const response = await signedPost(server, `SageMaker.${operation}`, "{}");
      expect(response.status).toBe(400);
      const body = (await response.json()) as { __type: string; message: string };
      expect(body.__type).toBe("ValidationException");
      const errors = required.map(
        (member) =>
          `Value null at '${lowerCamel(member)}' failed to satisfy constraint: Member must not be null`,
      );
      const count =
        errors.length === 1 ? "1 validation error detected" : `${errors.length} validation errors detected`;
      expect(body.message).toBe(`${count}: ${errors.join("; ")}`);
    },
  );

  const send = (request: CreateLabelingJobCommandInput) =>
    server.sagemaker.send(new CreateLabelingJobCommand(request));

  it.each([
    {
      kind: "pattern",
      request: videoJobRequest("my_job"),
      message:
        "1 validation error detected: Value 'my_job' at 'labelingJobName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}",
    },
    {
      kind: "maximum length",
      request: videoJobRequest("a".repeat(31) + "-" + "b".repeat(32)),
      message: `1 validation error detected: Value '${"a".repeat(31)}-${"b".repeat(32)}' at 'labelingJobName' failed to satisfy constraint: Member must have length less than or equal to 63`,
    },
    {
      kind: "minimum value",
      request: ((r) => {
        r.HumanTaskConfig!.NumberOfHumanWorkersPerDataObject = 0;
        return r;
      })(videoJobRequest("min-value")),
      message:
        "1 validation error detected: Value '0' at 'humanTaskConfig.numberOfHumanWorkersPerDataObject' failed to satisfy constraint: Member must have value greater than or equal to 1",
    },
    {
      kind: "maximum value",
      request: videoJobRequest("max-value", {
        StoppingConditions: { MaxPercentageOfInputDatasetLabeled: 101 },
      }),
      message:
        "1 validation error detected: Value '101' at 'stoppingConditions.maxPercentageOfInputDatasetLabeled' failed to satisfy constraint: Member must have value less than or equal to 100",
    },
    {
      kind: "list size",
      request: ((r) => {
        r.HumanTaskConfig!.TaskKeywords = ["a", "b", "c", "d", "e", "f"];
        return r;
      })(videoJobRequest("list-size")),
      message:
        "1 validation error detected: Value '[a, b, c, d, e, f]' at 'humanTaskConfig.taskKeywords' failed to satisfy constraint: Member must have length less than or equal to 5",
    },
    {
      kind: "list item",
      request: videoJobRequest("list-item", {
        Tags: [
          { Key: "ok", Value: "v" },
          { Key: "", Value: "v" },
        ],
      }),
      message:
        "1 validation error detected: Value '' at 'tags.2.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1",
    },
  ])("CreateLabelingJob: $kind", async ({ request, message }) => {
    await expect(send(request)).rejects.toMatchObject({
      name: "ValidationException",
      $fault: "client",
      message,
    });
  });

  it("reports an enum violation with the allowed values in model order", async () => {
    await expect(
      server.sagemaker.send(new ListLabelingJobsCommand({ SortBy: "Size" as "Name" })),
    ).rejects.toMatchObject({
      name: "ValidationException",
      message:
        "1 validation error detected: Value 'Size' at 'sortBy' failed to satisfy constraint: Member must satisfy enum value set: [Name, CreationTime, Status]",
    });
  });

  it("lists several errors in one message", async () => {
    await expect(
      server.sagemaker.send(new ListWorkteamsCommand({ MaxResults: 0, SortOrder: "Up" as "Ascending" })),
    ).rejects.toMatchObject({
      name: "ValidationException",
      message:
        "2 validation errors detected: Value 'Up' at 'sortOrder' failed to satisfy constraint: Member must satisfy enum value set: [Ascending, Descending]; Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1",
    });
  });
});
