import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  LambdaInvocationError,
  createLambdaInvoker,
  type LambdaInvoker,
} from "../../emulator/lambdas/lambda-invoker.js";

const JOB_ARN = "arn:aws:sagemaker:us-east-1:123456789012:labeling-job/my-video-job";
const arnOf = (name: string): string => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
const preEvent = (key = "k.mp4") => ({
  version: "2018-10-16",
  labelingJobArn: JOB_ARN,
  dataObject: { "source-ref": `s3://b/${key}` },
});
/** What the fixture handlers answer: Ground Truth's pre-annotation response, plus what they saw. */
const preResponse = (kind: string, key = "k.mp4") => ({
  taskInput: { taskObject: `s3://b/${key}`, labels: ["Sports", "News"], kind },
  isHumanAnnotationRequired: true,
});

const FIXTURES: Record<string, string> = {
  "async-esm.mjs": `
    export async function handler(event, context) {
      return {
        taskInput: { taskObject: event.dataObject["source-ref"], labels: ["Sports", "News"], kind: "mjs" },
        isHumanAnnotationRequired: true,
      };
    }`,
  "callback.cjs": `
    exports.handler = function (event, context, callback) {
      setImmediate(() => callback(null, {
        taskInput: { taskObject: event.dataObject["source-ref"], labels: ["Sports", "News"], kind: "cjs" },
        isHumanAnnotationRequired: true,
      }));
    };`,
  // A `.js` file under a package.json of "type": "module" is ESM ...
  "esm-package/package.json": `{ "type": "module" }`,
  "esm-package/default.js": `
    export default async (event) => ({
      taskInput: { taskObject: event.dataObject["source-ref"], labels: ["Sports", "News"], kind: "js-esm" },
      isHumanAnnotationRequired: true,
    });`,
  // ... and CommonJS without one (the temp dir has no package.json above it).
  "commonjs-default.js": `
    module.exports = async (event) => ({
      taskInput: { taskObject: event.dataObject["source-ref"], labels: ["Sports", "News"], kind: "js-cjs" },
      isHumanAnnotationRequired: true,
    });`,
  "typed.ts": `
    interface PreAnnotationEvent { version: string; labelingJobArn: string; dataObject: Record<string, string> }
    interface PreAnnotationResponse { taskInput: Record<string, unknown>; isHumanAnnotationRequired: boolean }
    const labels: readonly string[] = ["Sports", "News"];
    export const handler = async (event: PreAnnotationEvent): Promise<PreAnnotationResponse> => ({
      taskInput: { taskObject: event.dataObject["source-ref"] as string, labels: [...labels], kind: "ts" },
      isHumanAnnotationRequired: true,
    });`,
  "context.mjs": `
    export const handler = async (event, context) => ({
      event,
      functionName: context.functionName,
      invokedFunctionArn: context.invokedFunctionArn,
      awsRequestId: context.awsRequestId,
      remaining: context.getRemainingTimeInMillis(),
    });`,
  "counter.mjs": `
    let calls = 0;
    export const handler = async () => ({ calls: ++calls });`,
  "throws.mjs": `
    export async function handler() { throw new Error("label set missing"); }`,
  "callback-error.cjs": `
    exports.handler = (event, context, callback) => callback(new Error("bad input line"));`,
  "never-settles.mjs": `
    export const handler = () => new Promise(() => {});`,
  "bigint.mjs": `
    export const handler = async () => ({ count: 1n });`,
  "no-handler.mjs": `
    export const somethingElse = 1;`,
  "syntax-error.mjs": `
    export const handler = async () => {;`,
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

describe("Lambda functions run from local modules", () => {
  let dir: string;
  let lambdas: LambdaInvoker;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "gt-local-lambdas-"));
    mkdirSync(join(dir, "esm-package"));
    for (const [file, source] of Object.entries(FIXTURES)) writeFileSync(join(dir, file), source);
    lambdas = createLambdaInvoker({
      baseDir: dir,
      timeoutMs: 2_000,
      modules: {
        [arnOf("async-esm")]: "./async-esm.mjs",
        [arnOf("callback")]: join(dir, "callback.cjs"),
        [arnOf("esm-default")]: "esm-package/default.js",
        [arnOf("commonjs-default")]: "commonjs-default.js",
        [arnOf("typed")]: "typed.ts",
        [arnOf("context")]: "context.mjs",
        // By function name: any account, region or qualifier.
        counter: "counter.mjs",
        throws: "throws.mjs",
        "callback-error": "callback-error.cjs",
        bigint: "bigint.mjs",
        "no-handler": "no-handler.mjs",
        "syntax-error": "syntax-error.mjs",
        missing: "not-there.mjs",
        // An exact ARN wins over its function name.
        "exact-wins": "throws.mjs",
        [arnOf("exact-wins")]: "async-esm.mjs",
      },
    });
  });
  afterAll(async () => {
    await lambdas.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ["async-esm", "mjs"],
    ["callback", "cjs"],
    ["esm-default", "js-esm"],
    ["commonjs-default", "js-cjs"],
    ["typed", "ts"],
  ])("runs the %s handler with a pre-annotation event and returns its answer", async (name, kind) => {
    expect(lambdas.resolves(arnOf(name))).toBe(true);
    await expect(lambdas.invoke(arnOf(name), preEvent("clip-7.mp4"))).resolves.toEqual(
      preResponse(kind, "clip-7.mp4"),
    );
  });

  it("hands the handler the event as sent and a Lambda-like context", async () => {
    const arn = arnOf("context");
    const answer = (await lambdas.invoke(arn, preEvent())) as Record<string, unknown>;
    expect(answer.event).toEqual(preEvent());
    expect(answer).toMatchObject({ functionName: "context", invokedFunctionArn: arn });
    expect(answer.awsRequestId).toMatch(/^[0-9a-f-]{36}$/u);
    expect(answer.remaining).toBeGreaterThan(0);
    expect(answer.remaining).toBeLessThanOrEqual(2_000);
  });

  it("resolves by function name, whatever the account, region or qualifier", async () => {
    const arn = "arn:aws:lambda:eu-west-1:111122223333:function:counter:live";
    expect(lambdas.resolves(arn)).toBe(true);
    // The module is loaded once: its state lives on between invocations, as in a warm Lambda.
    const first = (await lambdas.invoke(arn, preEvent())) as { calls: number };
    await expect(lambdas.invoke(arnOf("counter"), preEvent())).resolves.toEqual({ calls: first.calls + 1 });
  });

  it("prefers an exact ARN over the function name", async () => {
    await expect(lambdas.invoke(arnOf("exact-wins"), preEvent())).resolves.toEqual(preResponse("mjs"));
    const other = await invocationError(
      lambdas.invoke(arnOf("exact-wins").replace("us-east-1", "us-west-2"), {}),
    );
    expect(other.message).toContain("label set missing");
  });

  it.each([
    ["throws", "label set missing"],
    ["callback-error", "bad input line"],
  ])("reports a %s handler's error as a failed invocation", async (name, message) => {
    const error = await invocationError(lambdas.invoke(arnOf(name), preEvent()));
    expect(error).toMatchObject({ kind: "failed", functionArn: arnOf(name) });
    expect(error.message).toContain(message);
  });

  it("reports modules that cannot be loaded or export no handler as failed, naming the module", async () => {
    const noHandler = await invocationError(lambdas.invoke(arnOf("no-handler"), preEvent()));
    expect(noHandler.kind).toBe("failed");
    expect(noHandler.message).toContain(join(dir, "no-handler.mjs"));
    expect(noHandler.message).toContain("exports no handler");
    for (const name of ["syntax-error", "missing"]) {
      const error = await invocationError(lambdas.invoke(arnOf(name), preEvent()));
      expect(error.kind).toBe("failed");
      expect(error.message).toContain("could not be loaded");
    }
  });

  it("reports an answer that is not JSON-serializable as malformed", async () => {
    const error = await invocationError(lambdas.invoke(arnOf("bigint"), preEvent()));
    expect(error.kind).toBe("malformed");
    expect(error.message).toContain(arnOf("bigint"));
  });

  it("times out a handler that never settles", async () => {
    const impatient = createLambdaInvoker({
      baseDir: dir,
      timeoutMs: 150,
      modules: { "never-settles": "never-settles.mjs" },
    });
    const started = Date.now();
    const error = await invocationError(impatient.invoke(arnOf("never-settles"), preEvent()));
    expect(error.kind).toBe("timeout");
    expect(error.message).toContain("150 ms");
    expect(Date.now() - started).toBeLessThan(2_000);
    await impatient.close();
  });

  it("refuses an unconfigured ARN with a message saying how to configure it", async () => {
    const arn = arnOf("my-custom-pre");
    expect(lambdas.resolves(arn)).toBe(false);
    const error = await invocationError(lambdas.invoke(arn, preEvent()));
    expect(error).toMatchObject({ kind: "unresolved", functionArn: arn });
    expect(error.message).toContain(arn);
    expect(error.message).toContain(`--lambda ${arn}=./handler.js`);
    expect(error.message).toContain("gt-local.config.json");
    expect(error.message).toContain("--lambda-endpoint");
  });

  it("does not mistake Object.prototype members for configured functions", () => {
    expect(lambdas.resolves(arnOf("constructor"))).toBe(false);
    expect(lambdas.resolves("toString")).toBe(false);
  });
});
