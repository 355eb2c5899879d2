import type { Server } from "node:http";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  LambdaInvocationError,
  createLambdaInvoker,
  type LambdaInvoker,
} from "../../emulator/lambdas/lambda-invoker.js";
import { HANG, startLocalLambdaEndpoint } from "../helpers/local-lambda-endpoint.js";

const JOB_ARN = "arn:aws:sagemaker:us-east-1:123456789012:labeling-job/my-video-job";
const arnOf = (name: string): string => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
const preEvent = {
  version: "2018-10-16",
  labelingJobArn: JOB_ARN,
  dataObject: { "source-ref": "s3://b/k.mp4" },
};

async function invocationError(invocation: Promise<unknown>): Promise<LambdaInvocationError> {
  try {
    await invocation;
  } catch (error) {
    if (error instanceof LambdaInvocationError) return error;
    throw error;
  }
  throw new Error("expected the invocation to fail");
}

const closeServer = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => {
      resolve();
    });
  });

describe("Lambda functions invoked through a Lambda Invoke API endpoint", () => {
  let endpoint: Awaited<ReturnType<typeof startLocalLambdaEndpoint>>;
  let lambdas: LambdaInvoker;
  let moduleDir: string;

  beforeAll(async () => {
    endpoint = await startLocalLambdaEndpoint({
      PreAnnotationFunction: (event) => {
        const { dataObject } = event as typeof preEvent;
        return { taskInput: { taskObject: dataObject["source-ref"] }, isHumanAnnotationRequired: true };
      },
      Echo: (event) => event,
      Failing: () => {
        throw new Error("consolidation request file unreadable");
      },
      NotJson: () => "<html>oops</html>",
      Slow: () => HANG,
    });
    moduleDir = mkdtempSync(join(tmpdir(), "gt-local-lambda-endpoint-"));
    writeFileSync(join(moduleDir, "local.mjs"), `export const handler = async () => ({ from: "module" });`);
    lambdas = createLambdaInvoker({
      baseDir: moduleDir,
      modules: { Echo: "./local.mjs" },
      endpoint: endpoint.url,
      endpointFunctionNames: { [arnOf("gt-pre")]: "PreAnnotationFunction" },
      timeoutMs: 3_000,
    });
  });
  afterAll(async () => {
    await lambdas.close();
    await closeServer(endpoint.server);
    rmSync(moduleDir, { recursive: true, force: true });
  });

  it("invokes by the ARN's function name (no qualifier) and returns the answer", async () => {
    const arn = "arn:aws:lambda:eu-west-1:111122223333:function:PreAnnotationFunction:live";
    expect(lambdas.resolves(arn)).toBe(true);
    const before = endpoint.received.length;
    await expect(lambdas.invoke(arn, preEvent)).resolves.toEqual({
      taskInput: { taskObject: "s3://b/k.mp4" },
      isHumanAnnotationRequired: true,
    });
    const sent = endpoint.received.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.functionName).toBe("PreAnnotationFunction");
    expect(JSON.parse(sent[0]!.body)).toEqual(preEvent);
    expect(sent[0]!.headers["x-amz-invocation-type"]).toBe("RequestResponse");
  });

  it("round-trips a consolidation-sized payload unchanged", async () => {
    const event = {
      version: "2018-10-16",
      labelingJobArn: JOB_ARN,
      labelCategories: ["Sports", "News", "Ünïcødé ✓"],
      labelAttributeName: "video-category",
      payload: { s3Uri: "s3://out/p/annotations/consolidation-request/iteration-1/x.json" },
      large: "x".repeat(200_000),
    };
    // `Echo` is module-mapped in the shared invoker, so this one reaches the endpoint's Echo.
    const viaMapping = createLambdaInvoker({
      baseDir: moduleDir,
      modules: {},
      endpoint: endpoint.url,
      endpointFunctionNames: { [arnOf("my-acs")]: "Echo" },
    });
    await expect(viaMapping.invoke(arnOf("my-acs"), event)).resolves.toEqual(event);
    expect(endpoint.received.at(-1)!.functionName).toBe("Echo");
    await viaMapping.close();
  });

  it("uses an explicit function name mapping", async () => {
    await expect(lambdas.invoke(arnOf("gt-pre"), preEvent)).resolves.toMatchObject({
      isHumanAnnotationRequired: true,
    });
    expect(endpoint.received.at(-1)!.functionName).toBe("PreAnnotationFunction");
  });

  it("runs a module mapping before the endpoint", async () => {
    const before = endpoint.received.length;
    await expect(lambdas.invoke(arnOf("Echo"), preEvent)).resolves.toEqual({ from: "module" });
    expect(endpoint.received).toHaveLength(before);
  });

  it("reports a function error as a failed invocation with the function's message", async () => {
    const error = await invocationError(lambdas.invoke(arnOf("Failing"), preEvent));
    expect(error).toMatchObject({ kind: "failed", functionArn: arnOf("Failing") });
    expect(error.message).toContain("consolidation request file unreadable");
    expect(error.message).toContain("Unhandled");
  });

  it("reports an unknown function as failed, naming it and the endpoint", async () => {
    const error = await invocationError(lambdas.invoke(arnOf("NoSuchFunction"), preEvent));
    expect(error.kind).toBe("failed");
    expect(error.message).toContain("NoSuchFunction");
    expect(error.message).toContain(endpoint.url);
    expect(error.message).toContain("ResourceNotFound");
  });

  it("reports an answer that is not JSON as malformed", async () => {
    const error = await invocationError(lambdas.invoke(arnOf("NotJson"), preEvent));
    expect(error.kind).toBe("malformed");
    expect(error.message).toContain("<html>oops</html>");
  });

  it("times out a function that does not answer", async () => {
    const impatient = createLambdaInvoker({
      baseDir: moduleDir,
      modules: {},
      endpoint: endpoint.url,
      timeoutMs: 200,
    });
    const error = await invocationError(impatient.invoke(arnOf("Slow"), preEvent));
    expect(error.kind).toBe("timeout");
    await impatient.close();
  });

  it("fails clearly and quickly when the endpoint is down", async () => {
    const down = await startLocalLambdaEndpoint({});
    await closeServer(down.server);
    const unreachable = createLambdaInvoker({ baseDir: moduleDir, modules: {}, endpoint: down.url });
    const started = Date.now();
    const error = await invocationError(unreachable.invoke(arnOf("PreAnnotationFunction"), preEvent));
    expect(error.kind).toBe("failed");
    expect(error.message).toContain(down.url);
    expect(error.message).toContain("ECONNREFUSED");
    expect(Date.now() - started).toBeLessThan(5_000);
    await unreachable.close();
  });
});
