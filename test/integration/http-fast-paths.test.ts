import { CreateLabelingJobCommand } from "@aws-sdk/client-sagemaker";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sageMakerFastPath } from "../../server/http/sagemaker-fast-path.js";
import { rawPost, type Framing, type RawAnswer } from "../helpers/raw-http.js";
import { videoJobRequest } from "../helpers/requests.js";
import { CONTROL_PLANE_ONLY, startTestServer, type TestServer } from "../helpers/test-server.js";

/*
 * Issue 10, target 1: SageMaker calls with a small declared body skip Fetch objects (the fast
 * path), and everything outside /_gt/ skips express's router. These prove both give exactly the
 * answers of the general path, and that the request log and the admin guard are unchanged.
 */

/**
 * A SageMaker call over raw HTTP: with a Content-Length (the fast path) or chunked, which has no
 * declared length and so takes the Fetch path.
 */
const call = (url: string, target: string, body: string, framing: Framing): Promise<RawAnswer> =>
  rawPost(
    url,
    "/",
    {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": target,
      authorization:
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/eu-west-1/sagemaker/aws4_request, SignedHeaders=host, Signature=0",
    },
    body,
    framing,
    // The date and the request id change with every answer.
    ["date", "x-amzn-requestid"],
  );

const CALLS: [string, string][] = [
  ["SageMaker.DescribeLabelingJob", '{"LabelingJobName":"fast-path-job"}'],
  ["SageMaker.ListLabelingJobs", '{"MaxResults":1}'],
  ["SageMaker.ListWorkteams", "{}"],
  ["SageMaker.DescribeLabelingJob", '{"LabelingJobName":"no-such-job"}'],
  ["SageMaker.DescribeLabelingJob", '{"LabelingJobName":""}'],
  ["SageMaker.ListLabelingJobs", '{"MaxResults":"ten"}'],
  ["SageMaker.ListLabelingJobs", "{not json"],
  ["SageMaker.ListLabelingJobs", ""],
  ["SageMaker.MakeCoffee", "{}"],
  ["SageMaker.CreateTrainingJob", "{}"],
];

describe("the SageMaker fast path", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(CONTROL_PLANE_ONLY);
    // In the region the raw calls sign for, so they prove the credential scope is read.
    const eu = server.sagemakerIn("eu-west-1");
    const inEu = (name: string) => {
      const request = videoJobRequest(name);
      return new CreateLabelingJobCommand({
        ...request,
        HumanTaskConfig: {
          ...request.HumanTaskConfig!,
          WorkteamArn: "arn:aws:sagemaker:eu-west-1:123456789012:workteam/private-crowd/example-team",
        },
        Tags: [{ Key: "k", Value: "v" }],
      });
    };
    await eu.send(inEu("fast-path-job"));
    await eu.send(inEu("fast-path-job-2"));
    eu.destroy();
  });
  afterAll(async () => {
    await server.close();
  });

  it("answers every call, result or error, with the Fetch path's status line, headers and bytes", async () => {
    for (const [target, input] of CALLS) {
      const fast = await call(server.url, target, input, "length");
      const general = await call(server.url, target, input, "chunked");
      // The call is in both objects so a failure names it.
      expect({ target, input, ...fast, requestId: "" }).toEqual({ target, input, ...general, requestId: "" });
      expect(fast.requestId).toMatch(/^[0-9a-f-]{36}$/u);
      expect(fast.requestId).not.toBe(general.requestId);
    }
    // The calls above did reach real data in the signed region, and errors of each kind.
    const described = await call(server.url, CALLS[0]![0], CALLS[0]![1], "length");
    expect(JSON.parse(described.body)).toMatchObject({
      LabelingJobName: "fast-path-job",
      Tags: [{ Key: "k", Value: "v" }],
    });
    const listed = await call(server.url, CALLS[1]![0], CALLS[1]![1], "length");
    expect(JSON.parse(listed.body)).toMatchObject({
      LabelingJobSummaryList: [{ LabelingJobName: "fast-path-job" }],
    });
    expect(JSON.parse(listed.body)).toHaveProperty("NextToken");
    const statuses = await Promise.all(
      CALLS.map(([target, body]) => call(server.url, target, body, "length")),
    );
    expect(statuses.map((answer) => answer.status)).toEqual([
      200, 200, 200, 400, 400, 400, 400, 200, 400, 501,
    ]);
  });

  it("takes only POST / with an X-Amz-Target and a small declared body, and leaves the rest alone", async () => {
    const internalErrors: unknown[] = [];
    const fastPath = sageMakerFastPath({
      emulator: server.emulator,
      defaultRegion: "us-east-1",
      onInternalError: (error) => internalErrors.push(error),
    });
    // Whatever the fast path declines gets a 599, so the test sees which requests it took.
    const probe: Server = createServer((req, res) => {
      if (!fastPath(req, res, "probe-id")) res.writeHead(599).end();
    });
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
    try {
      const taken = await call(url, "SageMaker.ListWorkteams", "{}", "length");
      expect(taken.status).toBe(200);
      expect(taken.requestId).toBe("probe-id");
      expect((await call(url, "SageMaker.ListWorkteams", "{}", "chunked")).status).toBe(599);
      const post = (path: string, headers: Record<string, string>, body: string): Promise<number> =>
        fetch(`${url}${path}`, { method: "POST", headers, body }).then((response) => response.status);
      expect(await post("/", { "x-amz-target": "SageMaker.ListWorkteams" }, "{}")).toBe(200);
      expect(await post("/?x=1", { "x-amz-target": "SageMaker.ListWorkteams" }, "{}")).toBe(599);
      expect(await post("/", { "content-type": "application/x-amz-json-1.1" }, "{}")).toBe(599);
      expect(await post("/", { "x-amz-target": "SageMaker.ListWorkteams" }, " ".repeat(64 * 1024 + 1))).toBe(
        599,
      );
      expect((await fetch(url, { headers: { "x-amz-target": "SageMaker.ListWorkteams" } })).status).toBe(599);
    } finally {
      await new Promise((resolve) => probe.close(resolve));
    }
    expect(internalErrors).toEqual([]);
  });
});

describe("the request log and the routes around the fast paths", () => {
  const lines: Record<string, unknown>[] = [];
  let server: TestServer;
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString("utf8").split("\n")) {
          if (line.trim() !== "") lines.push(JSON.parse(line) as Record<string, unknown>);
        }
        done();
      },
    });
    server = await startTestServer({
      ...CONTROL_PLANE_ONLY,
      adminToken: "fast-path-token",
      logger: pino({ level: "info" }, sink),
    });
  });
  afterAll(async () => {
    await server.close();
  });

  const logLineOf = async (requestId: string): Promise<Record<string, unknown> | undefined> => {
    // The line is written when the answer's connection side closes, just after the client has it.
    for (let attempt = 0; attempt < 50; attempt++) {
      const line = lines.find((entry) => (entry.req as { id?: string } | undefined)?.id === requestId);
      if (line) return line;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return undefined;
  };

  it("logs one line per request with its id, method, url, status and time, on every path", async () => {
    const sagemaker = await call(server.url, "SageMaker.ListWorkteams", "{}", "length");
    const health = await fetch(`${server.url}/_gt/health`);
    const s3 = await fetch(`${server.url}/no-such-bucket/some/key?x=1`);
    const expected: [string | null, object][] = [
      [
        sagemaker.requestId,
        { req: { method: "POST", url: "/" }, target: "SageMaker.ListWorkteams", res: { statusCode: 200 } },
      ],
      [
        health.headers.get("x-amzn-requestid"),
        { req: { method: "GET", url: "/_gt/health" }, res: { statusCode: 200 } },
      ],
      [
        s3.headers.get("x-amzn-requestid"),
        { req: { method: "GET", url: "/no-such-bucket/some/key?x=1" }, res: { statusCode: 404 } },
      ],
    ];
    for (const [requestId, fields] of expected) {
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/u);
      const line = await logLineOf(requestId ?? "");
      expect(line).toMatchObject({ ...fields, msg: "request completed", level: 30 });
      expect(typeof line?.responseTime).toBe("number");
      expect(
        lines.filter((entry) => (entry.req as { id?: string } | undefined)?.id === requestId),
      ).toHaveLength(1);
    }
  });

  it("keeps the admin token's guard on /_gt/api whatever the case of the path", async () => {
    for (const path of ["/_gt/api/workers", "/_GT/api/workers", "/_Gt/API/workers"]) {
      const response = await fetch(`${server.url}${path}`);
      expect({ path, status: response.status }).toEqual({ path, status: 401 });
    }
    const allowed = await fetch(`${server.url}/_gt/api/workers`, {
      headers: { authorization: "Bearer fast-path-token" },
    });
    expect(allowed.status).toBe(200);
  });

  it("stays up and logs no error when a client leaves halfway through a SageMaker body", async () => {
    const { hostname, port } = new URL(server.url);
    const socket = connect(Number(port), hostname);
    await new Promise((resolve) => socket.once("connect", resolve));
    socket.write(
      'POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: SageMaker.ListWorkteams\r\nContent-Length: 100\r\n\r\n{"Max',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const after = await call(server.url, "SageMaker.ListWorkteams", "{}", "length");
    expect(after.status).toBe(200);
    expect(lines.filter((entry) => (entry.level as number) >= 50)).toEqual([]);
  });
});
