import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { RenderUiTemplateCommand, SageMakerClient } from "@aws-sdk/client-sagemaker";
import { setupServer } from "msw/node";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { gtLocalHandlers, type GtLocalHandlers } from "../../server/msw/index.js";

/*
 * What in-process mode adds to the shared scenario (modes-msw.test.ts): virtual-hosted buckets on
 * the custom endpoint, grant_read_access URLs that resolve through the handlers, request ids and
 * log lines, the hosts it leaves alone, and the documented gap for `..` in keys.
 */

const ROLE = "arn:aws:iam::123456789012:role/GroundTruthExecutionRole";

describe("gtLocalHandlers", () => {
  const logLines: { req?: { id: string; url: string }; res?: { statusCode: number } }[] = [];
  let handlers: GtLocalHandlers;
  let server: ReturnType<typeof setupServer>;
  let s3: S3Client;
  beforeAll(async () => {
    const logger = pino(
      { level: "info" },
      {
        write: (line: string) => {
          logLines.push(JSON.parse(line) as (typeof logLines)[number]);
        },
      },
    );
    handlers = gtLocalHandlers({ logger });
    server = setupServer(...handlers);
    server.listen({ onUnhandledRequest: "error" });
    s3 = new S3Client({ region: handlers.region, credentials: handlers.credentials, maxAttempts: 1 });
    await s3.send(new CreateBucketCommand({ Bucket: "media" }));
  });
  afterEach(() => {
    logLines.length = 0;
  });
  afterAll(async () => {
    s3.destroy();
    server.close();
    await handlers.close();
  });

  it("addresses buckets as sub-domains of the custom endpoint when the client is not path-style", async () => {
    const hosts: string[] = [];
    const client = new S3Client({
      endpoint: handlers.endpoint,
      region: handlers.region,
      credentials: handlers.credentials,
      maxAttempts: 1,
    });
    client.middlewareStack.add(
      (next) => (args) => {
        const { request } = args;
        if (typeof request === "object" && request !== null && "hostname" in request) {
          hosts.push(String(request.hostname));
        }
        return next(args);
      },
      { step: "finalizeRequest", name: "recordHost" },
    );
    await client.send(new PutObjectCommand({ Bucket: "media", Key: "notes/a.txt", Body: "virtual" }));
    const read = await client.send(new GetObjectCommand({ Bucket: "media", Key: "notes/a.txt" }));
    expect(await read.Body?.transformToString()).toBe("virtual");
    expect(hosts).toEqual(["media.gt-local.test", "media.gt-local.test"]);
    client.destroy();
  });

  it("signs grant_read_access URLs for the endpoint it answers on, so they resolve in-process", async () => {
    await s3.send(
      new PutObjectCommand({ Bucket: "media", Key: "clips/one.mp4", Body: "not really a video" }),
    );
    const sagemaker = new SageMakerClient({
      region: handlers.region,
      credentials: handlers.credentials,
      maxAttempts: 1,
    });
    const rendered = await sagemaker.send(
      new RenderUiTemplateCommand({
        UiTemplate: { Content: '<video src="{{ task.input.video | grant_read_access }}"></video>' },
        Task: { Input: JSON.stringify({ video: "s3://media/clips/one.mp4" }) },
        RoleArn: ROLE,
      }),
    );
    sagemaker.destroy();
    const url = /src="([^"]+)"/u.exec(rendered.RenderedContent ?? "")?.[1]?.replaceAll("&amp;", "&") ?? "";
    expect(url.startsWith(`${handlers.endpoint}/media/clips/one.mp4?`)).toBe(true);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("not really a video");
  });

  it("puts one request id on every answer and logs one line per request with it", async () => {
    const health = await fetch(`${handlers.endpoint}/_gt/health`);
    expect(health.status).toBe(200);
    const workers = await fetch(`${handlers.endpoint}/_gt/api/workers`);
    const id = workers.headers.get("x-amzn-requestid");
    expect(id).toMatch(/^[0-9a-f-]{36}$/u);
    expect(workers.headers.get("x-request-id")).toBe(id);
    expect(health.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/u);
    expect(logLines.map((line) => [line.req?.url, line.res?.statusCode])).toEqual([
      ["/_gt/health", 200],
      ["/_gt/api/workers", 200],
    ]);
    expect(logLines[1]?.req?.id).toBe(id);
  });

  it("answers bad admin input with the admin API's 400, not a 500", async () => {
    const response = await fetch(`${handlers.endpoint}/_gt/api/workers`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBeTruthy();
    await expect(handlers.admin.createWorker({ displayName: " " })).rejects.toMatchObject({ status: 400 });
  });

  it("leaves other hosts alone, so msw's onUnhandledRequest reports them", async () => {
    await expect(fetch("https://dynamodb.us-east-1.amazonaws.com/")).rejects.toThrow();
    await expect(fetch("http://not-gt-local.test/_gt/health")).rejects.toThrow();
    expect(logLines).toEqual([]);
  });

  it("cannot keep `.` and `..` segments of keys: the URL msw hands over has them resolved (documented gap)", async () => {
    await s3.send(new PutObjectCommand({ Bucket: "media", Key: "gap/x/../y", Body: "dots" }));
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: "media", Prefix: "gap/" }));
    // On the server, which reads the raw request line, the key is kept as sent: `gap/x/../y`.
    expect(listed.Contents?.map((object) => object.Key)).toEqual(["gap/y"]);
  });

  it("refuses an endpoint that is not an http(s) URL", () => {
    expect(() => gtLocalHandlers({ endpoint: "gt-local.test" })).toThrow(/absolute http\(s\) URL/u);
    expect(() => gtLocalHandlers({ endpoint: "ftp://gt-local.test" })).toThrow(/http\(s\) URL/u);
  });
});
