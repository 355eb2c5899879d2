import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedPost as post } from "../helpers/signed-post.js";
import { startTestServer, type TestServer } from "../helpers/test-server.js";

describe("the AWS JSON 1.1 wire", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it("answers with AWS's content type, a request id and epoch-second timestamps", async () => {
    const response = await post(server, "SageMaker.ListWorkteams", "{}");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/x-amz-json-1.1");
    expect(response.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/u);
    const body = (await response.json()) as { Workteams: { CreateDate: unknown }[] };
    expect(typeof body.Workteams[0]?.CreateDate).toBe("number");
  });

  it("takes the region from the SigV4 credential scope", async () => {
    const response = await post(
      server,
      "SageMaker.DescribeWorkforce",
      '{"WorkforceName":"default"}',
      "ap-south-1",
    );
    const body = (await response.json()) as { Workforce: { WorkforceArn: string } };
    expect(body.Workforce.WorkforceArn).toBe("arn:aws:sagemaker:ap-south-1:123456789012:workforce/default");
  });

  it("serializes errors as HTTP 400 with __type, message and Message", async () => {
    const response = await post(server, "SageMaker.DescribeLabelingJob", '{"LabelingJobName":"nope"}');
    expect(response.status).toBe(400);
    expect(response.headers.get("x-amzn-errortype")).toBe("ResourceNotFound");
    expect(response.headers.get("x-amzn-requestid")).toBeTruthy();
    expect(await response.json()).toEqual({
      __type: "ResourceNotFound",
      message: "Could not find labeling job with name nope",
      Message: "Could not find labeling job with name nope",
    });
  });

  it("answers UnknownOperationException for a target SageMaker does not have", async () => {
    for (const target of ["SageMaker.MakeCoffee", "DynamoDB_20120810.ListTables", undefined]) {
      const response = await post(server, target, "{}");
      expect(response.status).toBe(400);
      expect(((await response.json()) as { __type: string }).__type).toBe("UnknownOperationException");
    }
  });

  it("names a real SageMaker operation that gt-local does not emulate, with a 501 the SDKs do not retry", async () => {
    const response = await post(server, "SageMaker.CreateTrainingJob", "{}");
    expect(response.status).toBe(501);
    const body = (await response.json()) as { __type: string; message: string };
    expect(body.__type).toBe("NotImplemented");
    expect(body.message).toContain("does not emulate the SageMaker operation CreateTrainingJob");
  });

  it("answers SerializationException for a body that is not JSON or not an object", async () => {
    for (const body of ["{not json", "[1,2]", '"text"', '{"LabelingJobName": 42}']) {
      const response = await post(server, "SageMaker.DescribeLabelingJob", body);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { __type: string }).__type).toBe("SerializationException");
    }
  });

  it("treats an empty body as an empty input", async () => {
    const response = await post(server, "SageMaker.ListLabelingJobs", "");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ LabelingJobSummaryList: [] });
  });

  it("answers an unsigned request in the configured default region", async () => {
    const response = await fetch(`${server.url}/`, {
      method: "POST",
      headers: { "x-amz-target": "SageMaker.ListWorkforces", "content-type": "application/x-amz-json-1.1" },
      body: "{}",
    });
    const body = (await response.json()) as { Workforces: { WorkforceArn: string }[] };
    expect(body.Workforces[0]?.WorkforceArn).toBe(
      "arn:aws:sagemaker:us-east-1:123456789012:workforce/default",
    );
  });

  it("serves health with version and uptime, and sends browsers from / to the portal", async () => {
    const health = await fetch(`${server.url}/_gt/health`);
    expect(health.status).toBe(200);
    const body = (await health.json()) as { status: string; version: string; uptimeSeconds: number };
    expect(body.status).toBe("ok");
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/u);
    expect(body.uptimeSeconds).toBeGreaterThanOrEqual(0);
    const root = await fetch(`${server.url}/`, { redirect: "manual" });
    expect(root.status).toBe(302);
    expect(root.headers.get("location")).toBe("/_gt/");
  });
});
