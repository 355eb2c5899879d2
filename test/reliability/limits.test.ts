import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { RenderUiTemplateCommand, type CreateLabelingJobCommandInput } from "@aws-sdk/client-sagemaker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../emulator/clock.js";
import { MAX_LABEL_FILE_BYTES } from "../../emulator/engine/ingest/label-categories.js";
import { MAX_LINE_CHARACTERS } from "../../emulator/engine/ingest/manifest.js";
import { MAX_TEMPLATE_BYTES } from "../../emulator/engine/ingest/worker-template.js";
import { MAX_ADMIN_BODY_BYTES } from "../../server/admin/request-body.js";
import { MAX_UPLOAD_BYTES } from "../../server/s3/request-body.js";
import { MAX_SAGEMAKER_BODY_BYTES } from "../../server/sagemaker/handle-sagemaker.js";
import { s3ClientFor, VIDEO_TEMPLATE } from "../helpers/job-fixtures.js";
import { CONTROL_PLANE_ONLY } from "../helpers/test-server.js";
import { deeplyNestedText } from "./support/fuzz-json.js";
import { runJobWith, VALID_LABELS } from "./support/fuzz-jobs.js";
import {
  declareOnly,
  GiB,
  MiB,
  padded,
  peakRssGrowth,
  putGenerated,
  streamChunked,
} from "./support/fuzz-limits.js";
import { headerOf, streamUntilAnswered } from "./support/fuzz-raw-http.js";
import { callS3 } from "./support/fuzz-s3.js";
import { callSageMaker, startFuzzServer, type FuzzServer } from "./support/fuzz-server.js";

/*
 * Every limit at its edge: exactly at the limit works, one over is a clear AWS-style error, and an
 * over-size body is refused as it streams (the answer comes before the client has sent it all, or
 * memory stays flat), never after it was buffered whole.
 */
const SAGEMAKER_HEAD =
  "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: SageMaker.ListLabelingJobs\r\n" +
  "Content-Type: application/x-amz-json-1.1\r\n";
const ADMIN_HEAD = "POST /_gt/api/workers HTTP/1.1\r\nHost: 127.0.0.1\r\n";

const adminPost = (server: FuzzServer, body: string) =>
  fetch(`${server.url}/_gt/api/workers`, { method: "POST", body });

describe("request body caps", () => {
  let server: FuzzServer;
  beforeAll(async () => {
    server = await startFuzzServer(CONTROL_PLANE_ONLY);
  });
  afterAll(async () => {
    expect(server.internalErrors).toEqual([]);
    await server.close();
  });

  it("reads a SageMaker body of exactly 8 MiB and refuses one byte more", async () => {
    const atCap = await callSageMaker(
      server.url,
      "SageMaker.ListLabelingJobs",
      padded("{}", MAX_SAGEMAKER_BODY_BYTES),
    );
    expect(atCap.status).toBe(200);
    const over = await callSageMaker(
      server.url,
      "SageMaker.ListLabelingJobs",
      padded("{}", MAX_SAGEMAKER_BODY_BYTES + 1),
    );
    expect(over.status).toBe(400);
    expect(JSON.parse(over.text)).toMatchObject({
      __type: "ValidationException",
      message:
        "The request body is larger than 8388608 bytes (8 MiB), the most gt-local reads in one SageMaker request.",
    });
  });

  it("refuses a SageMaker body declared over the cap before reading it", async () => {
    const answer = await declareOnly(server.port, SAGEMAKER_HEAD, 10 * GiB);
    expect(answer.status).toBe(400);
    expect(answer.body.toString()).toContain('"__type":"ValidationException"');
    expect(headerOf(answer, "connection")).toBe("close");
  });

  it("refuses a streamed SageMaker body once it passes the cap, before the client has sent it all", async () => {
    const { answer, bodyBytesSent } = await streamChunked(server.port, SAGEMAKER_HEAD, 0x20, 96 * MiB);
    expect(answer.status).toBe(400);
    expect(answer.body.toString()).toContain("larger than 8388608 bytes");
    expect(bodyBytesSent).toBeLessThan(32 * MiB);
  });

  it("reads an admin body of exactly 16 MiB and refuses one byte more, declared or streamed", async () => {
    const atCap = await adminPost(server, padded('{"displayName":"Edge"}', MAX_ADMIN_BODY_BYTES));
    expect(atCap.status).toBe(201);
    const over = await adminPost(server, padded('{"displayName":"Edge"}', MAX_ADMIN_BODY_BYTES + 1));
    expect(over.status).toBe(400);
    expect(await over.json()).toEqual({
      error: {
        code: "ValidationException",
        message: "The request body is larger than 16777216 bytes (16 MiB), the most the admin API reads.",
      },
    });
    expect((await declareOnly(server.port, ADMIN_HEAD, 10 * GiB)).status).toBe(400);
    const streamed = await streamChunked(server.port, ADMIN_HEAD, 0x20, 128 * MiB);
    expect(streamed.answer.status).toBe(400);
    expect(streamed.bodyBytesSent).toBeLessThan(48 * MiB);
  });

  it("reads admin JSON nested 100 deep and refuses 101", async () => {
    // The body object is the first level: `groups` adds 99 or 100 more.
    const at = await adminPost(server, `{"displayName":"x","groups":${deeplyNestedText(99, false)}}`);
    expect(((await at.json()) as { error: { message: string } }).error.message).toMatch(
      /^"groups" must be a list/u,
    );
    const over = await adminPost(server, `{"displayName":"x","groups":${deeplyNestedText(100, false)}}`);
    expect(((await over.json()) as { error: { message: string } }).error.message).toBe(
      "The request body nests JSON deeper than 100 levels.",
    );
  });
});

describe("S3 limits", () => {
  let server: FuzzServer;
  const putHead = (target: string) => `PUT ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n`;
  beforeAll(async () => {
    server = await startFuzzServer();
    await callS3(server.url, "PUT", "/limits");
  });
  afterAll(async () => {
    expect(server.internalErrors).toEqual([]);
    await server.close();
  });

  it("refuses an object or part declared over 5 GiB at once, and starts reading one of exactly 5 GiB", async () => {
    const over = await declareOnly(server.port, putHead("/limits/big"), MAX_UPLOAD_BYTES + 1);
    expect(over.status).toBe(400);
    expect(over.body.toString()).toContain("<Code>EntityTooLarge</Code>");
    expect(over.body.toString()).toContain(
      "<ProposedSize>5368709121</ProposedSize><MaxSizeAllowed>5368709120</MaxSizeAllowed>",
    );
    const created = await callS3(server.url, "POST", "/limits/multi?uploads");
    const uploadId = /<UploadId>([^<]+)</u.exec(created.text)?.[1] ?? "";
    const part = await declareOnly(
      server.port,
      putHead(`/limits/multi?partNumber=1&uploadId=${uploadId}`),
      5 * GiB + 1,
    );
    expect(part.body.toString()).toContain("<Code>EntityTooLarge</Code>");
    // At the limit the server waits for the bytes (the 1 GiB streaming test sends such bodies whole).
    expect((await declareOnly(server.port, putHead("/limits/big"), MAX_UPLOAD_BYTES, 1_000)).status).toBe(0);
  });

  it("stops an aws-chunked upload that sends more than its declared decoded length", async () => {
    const data = Buffer.alloc(64 * 1024, 0x61);
    const inner = Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from("\r\n")]);
    const frame = Buffer.concat([
      Buffer.from(`${inner.length.toString(16)}\r\n`),
      inner,
      Buffer.from("\r\n"),
    ]);
    const head =
      `${putHead("/limits/chunked")}Connection: close\r\nTransfer-Encoding: chunked\r\n` +
      "Content-Encoding: aws-chunked\r\nX-Amz-Content-Sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER\r\n" +
      "X-Amz-Decoded-Content-Length: 10\r\n\r\n";
    const { answer, bodyBytesSent } = await streamUntilAnswered(server.port, head, () => frame, 96 * MiB, {
      last: Buffer.from("5\r\n0\r\n\r\n\r\n0\r\n\r\n"),
    });
    // S3 closes a connection whose upload it refused; a reset may beat the answer to the client,
    // but either way the server stopped taking bytes long before the client's 96 MiB.
    if (answer.status !== 0) expect(answer.body.toString()).toContain("<Code>IncompleteBody</Code>");
    expect(bodyBytesSent).toBeLessThan(32 * MiB);
  });

  it("reads an XML document of exactly 4 MiB and refuses one byte more", async () => {
    const document = "<Delete><Object><Key>gone</Key></Object></Delete>";
    expect((await callS3(server.url, "POST", "/limits?delete", {}, padded(document, 4 * MiB))).status).toBe(
      200,
    );
    const over = await callS3(server.url, "POST", "/limits?delete", {}, padded(document, 4 * MiB + 1));
    expect(over.status).toBe(400);
    expect(over.text).toContain("<Code>MaxMessageLengthExceeded</Code>");
  });

  it("takes keys of 1,024 bytes and 1,000 keys in one DeleteObjects, and refuses one more", async () => {
    expect((await callS3(server.url, "PUT", `/limits/${"k".repeat(1_024)}`, {}, "x")).status).toBe(200);
    const long = await callS3(server.url, "PUT", `/limits/${"k".repeat(1_025)}`, {}, "x");
    expect(long.text).toContain("<Code>KeyTooLongError</Code>");
    const keys = (count: number) => "<Object><Key>k</Key></Object>".repeat(count);
    expect(
      (await callS3(server.url, "POST", "/limits?delete", {}, `<Delete>${keys(1_000)}</Delete>`)).status,
    ).toBe(200);
    const many = await callS3(server.url, "POST", "/limits?delete", {}, `<Delete>${keys(1_001)}</Delete>`);
    expect(many.text).toContain("<Code>MalformedXML</Code>");
  });
});

describe("RenderUiTemplate and Liquid limits", () => {
  let server: FuzzServer;
  const render = (content: string, input = "{}") =>
    server.sagemaker.send(
      new RenderUiTemplateCommand({
        UiTemplate: { Content: content },
        Task: { Input: input },
        RoleArn: "arn:aws:iam::123456789012:role/limits",
      }),
    );
  beforeAll(async () => {
    server = await startFuzzServer(CONTROL_PLANE_ONLY);
  });
  afterAll(async () => {
    expect(server.internalErrors).toEqual([]);
    await server.close();
  });

  it("renders Content and Task.Input of 128,000 characters (code points) and refuses 128,001", async () => {
    const rendered = await render("𝕏".repeat(128_000), padded('{"a":1}', 128_000));
    expect(rendered.RenderedContent).toBe("𝕏".repeat(128_000));
    await expect(render("𝕏".repeat(128_001))).rejects.toMatchObject({
      name: "ValidationException",
      message: expect.stringContaining(
        "at 'uiTemplate.content' failed to satisfy constraint: Member must have length less than or equal to 128000",
      ) as unknown,
    });
    await expect(render("x", padded('{"a":1}', 128_001))).rejects.toMatchObject({
      name: "ValidationException",
    });
  });

  it("stops a loop at liquidjs's memory and time limits, in seconds", async () => {
    const started = performance.now();
    const huge = await render("{% for i in (1..1000000000) %}{% endfor %}");
    expect(huge.Errors?.[0]?.Message).toMatch(/memory alloc limit exceeded/u);
    const slow = await render("{% for i in (1..20000) %}{% for j in (1..20000) %}{% endfor %}{% endfor %}");
    expect(slow.Errors?.[0]?.Message).toMatch(/template render limit exceeded/u);
    expect(performance.now() - started).toBeLessThan(15_000);
  });

  it("never reads the server's files through include, render or layout", async () => {
    for (const tag of ["include", "render", "layout"]) {
      const answer = await render(`{% ${tag} 'package.json' %}`);
      expect(answer.RenderedContent ?? "").not.toContain("gt-local");
      expect(answer.Errors?.[0]?.Code).toBe("TemplateError");
    }
  });
});

describe("job input limits", () => {
  let server: FuzzServer;
  let run = 0;
  const job = (files: Parameters<typeof runJobWith>[2], edit?: Parameters<typeof runJobWith>[3]) =>
    runJobWith(server, `limits-${++run}`, files, edit);
  beforeAll(async () => {
    server = await startFuzzServer({ clock: new ManualClock(), startDelayMs: 0, maxObjectsPerJob: 3 });
    await s3ClientFor(server).send(new CreateBucketCommand({ Bucket: "bucket" }));
  });
  afterAll(async () => {
    expect(server.internalErrors).toEqual([]);
    await server.close();
  });

  /** A manifest line of exactly `length` characters, its attributes under the 20,000 each. */
  function lineOf(length: number): string {
    let line = '{"source-ref":"s3://bucket/v.mp4"';
    for (let index = 0; line.length < length - 1; index++) {
      const head = `,"a${index}":"`;
      const room = length - 1 - line.length - head.length - 1;
      line += `${head}${"x".repeat(Math.max(0, Math.min(19_000, room)))}"`;
    }
    return `${line}}`;
  }

  it("takes a manifest line of exactly 100,000 characters and refuses 100,001", async () => {
    expect(lineOf(MAX_LINE_CHARACTERS)).toHaveLength(MAX_LINE_CHARACTERS);
    expect((await job({ manifest: lineOf(MAX_LINE_CHARACTERS) })).status).toBe("InProgress");
    const over = await job({ manifest: lineOf(MAX_LINE_CHARACTERS + 1) });
    expect(over.reason).toBe(`ClientError: ${over.prefix}manifest line 1 is longer than 100000 characters.`);
  });

  it("refuses a 128 MiB manifest that is one line as it streams, with flat memory", async () => {
    const name = `limits-${++run}`;
    expect(await putGenerated(`${server.url}/bucket/runs/${name}/manifest`, 128 * MiB, 0x61)).toBe(200);
    let reason = "";
    const growth = await peakRssGrowth(async () => {
      reason = (await runJobWith(server, name, { manifest: null })).reason;
    });
    expect(reason).toMatch(/manifest line 1 is longer than 100000 characters\.$/u);
    expect(growth).toBeLessThan(48 * MiB);
  });

  it("takes manifest JSON nested 100 deep and refuses 101", async () => {
    const nested = (depth: number) =>
      `{"source-ref":"s3://bucket/v.mp4","deep":${deeplyNestedText(depth, false)}}`;
    expect((await job({ manifest: nested(99) })).status).toBe("InProgress");
    expect((await job({ manifest: nested(100) })).reason).toMatch(
      /line 1 nests JSON deeper than 100 levels\.$/u,
    );
  });

  it("takes as many data objects as --max-objects-per-job allows and refuses one more", async () => {
    const lines = (count: number) =>
      Array.from({ length: count }, (_, n) => `{"source-ref":"s3://bucket/${n}.mp4"}`).join("\n");
    expect((await job({ manifest: lines(3) })).status).toBe("InProgress");
    expect((await job({ manifest: lines(4) })).reason).toMatch(
      /has more than 3 data objects, the limit for one labeling job\.$/u,
    );
  });

  const labelFile = (labels: string[]) => JSON.stringify({ labels: labels.map((label) => ({ label })) });
  const numbered = (count: number) => Array.from({ length: count }, (_, n) => `label-${n}`);
  it.each([
    ["30 labels for video classification", numbered(30), undefined],
    ["1 label for video classification", numbered(1), undefined],
    ["a label of 256 characters", ["x".repeat(256), "b"], undefined],
    ["2 labels for image classification", numbered(2), "ImageMultiClass"],
  ])("takes %s", async (_name, labels, taskType) => {
    const outcome = await job({ labels: labelFile(labels) }, (request) => {
      useTaskType(request, taskType);
    });
    expect(outcome.status, outcome.reason).toBe("InProgress");
  });
  it.each([
    [
      "31 labels for video classification",
      numbered(31),
      undefined,
      /lists 31 labels; this task type takes 1 to 30 labels\.$/u,
    ],
    ["no label", [], undefined, /lists 0 labels; this task type takes 1 to 30 labels\.$/u],
    [
      "a label of 257 characters",
      ["x".repeat(257), "b"],
      undefined,
      /Label 1 in .* is longer than 256 characters\.$/u,
    ],
    [
      "1 label for image classification",
      numbered(1),
      "ImageMultiClass",
      /lists 1 labels; this task type takes 2 to 30 labels\.$/u,
    ],
  ])("refuses %s", async (_name, labels, taskType, reason) => {
    const outcome = await job({ labels: labelFile(labels) }, (request) => {
      useTaskType(request, taskType);
    });
    expect(outcome.reason).toMatch(/^ClientError: /u);
    expect(outcome.reason).toMatch(reason);
  });

  it("reads a label file and a template of exactly 1 MiB and refuses one byte more", async () => {
    expect((await job({ labels: padded(VALID_LABELS, MAX_LABEL_FILE_BYTES) })).status).toBe("InProgress");
    const labels = await job({ labels: padded(VALID_LABELS, MAX_LABEL_FILE_BYTES + 1) });
    expect(labels.reason).toBe(
      `ClientError: The label category file ${labels.prefix}labels is larger than 1048576 bytes, the most gt-local reads.`,
    );
    expect((await job({ template: padded(VIDEO_TEMPLATE, MAX_TEMPLATE_BYTES) })).status).toBe("InProgress");
    const template = await job({ template: padded(VIDEO_TEMPLATE, MAX_TEMPLATE_BYTES + 1) });
    expect(template.reason).toBe(
      `ClientError: The worker task template ${template.prefix}template is larger than 1048576 bytes, the most gt-local reads.`,
    );
  });

  it("refuses a worker template that is not Liquid the portal can render", async () => {
    const broken = await job({ template: `${VIDEO_TEMPLATE}{% if task.input %}` });
    expect(broken.reason).toMatch(
      /^ClientError: The worker task template .*template is not valid Liquid: .*\.$/u,
    );
    const filter = await job({ template: "{{ task.input | no_such_filter }}" });
    expect(filter.reason).toMatch(/is not valid Liquid: undefined filter: no_such_filter/u);
  });
});

/** Switches the request's built-in Lambdas to another classification task type (default: video). */
function useTaskType(request: CreateLabelingJobCommandInput, taskType: string | undefined): void {
  if (taskType === undefined) return;
  const account = "arn:aws:lambda:us-east-1:432418664414:function";
  request.HumanTaskConfig!.PreHumanTaskLambdaArn = `${account}:PRE-${taskType}`;
  request.HumanTaskConfig!.AnnotationConsolidationConfig = {
    AnnotationConsolidationLambdaArn: `${account}:ACS-${taskType}`,
  };
}
