import { CreateLabelingJobCommand, DescribeLabelingJobCommand } from "@aws-sdk/client-sagemaker";
import { Writable } from "node:stream";
import { pino } from "pino";
import { expect } from "vitest";
import type { StartOptions } from "../../../server/start-server.js";
import { videoJobRequest } from "../../helpers/requests.js";
import { startTestServer, type TestServer } from "../../helpers/test-server.js";

/**
 * A server for fuzzing: the real one on port 0, whose log is kept at level `error` so a test can
 * assert that nothing went wrong inside gt-local (an internal error is logged even when the client
 * still got a 4xx, e.g. from the job engine).
 */
export interface FuzzServer extends TestServer {
  /** Every error-level log line, as `msg: err.message`. */
  internalErrors: string[];
}

export async function startFuzzServer(options: StartOptions = {}): Promise<FuzzServer> {
  const internalErrors: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (line.trim() === "") continue;
        const entry = JSON.parse(line) as { msg?: string; err?: { message?: string } };
        internalErrors.push(`${entry.msg ?? ""}: ${entry.err?.message ?? ""}`);
      }
      done();
    },
  });
  const logger = pino({ level: "error" }, sink);
  const server = await startTestServer({ ...options, logger });
  return { ...server, internalErrors };
}

/** What came back over the wire, read whole. */
export interface WireAnswer {
  status: number;
  headers: Headers;
  text: string;
}

export async function answerOf(response: Response): Promise<WireAnswer> {
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** A raw AWS JSON 1.1 call: whichever target, headers and body bytes the test chooses. */
export async function callSageMaker(
  url: string,
  target: string | undefined,
  body: string | Uint8Array,
  headers: Record<string, string> = {},
): Promise<WireAnswer> {
  const sent = new Headers({ "content-type": "application/x-amz-json-1.1", ...headers });
  if (target !== undefined) sent.set("x-amz-target", target);
  // A copy, typed as fetch wants (a Buffer's backing store may be shared).
  const bytes = typeof body === "string" ? body : new Uint8Array(body);
  return answerOf(await fetch(`${url}/`, { method: "POST", headers: sent, body: bytes }));
}

/**
 * A client mistake answered as AWS JSON 1.1 does: 4xx, `__type` and `message`, the error type
 * header. A real SageMaker operation gt-local does not emulate is the one documented 501.
 */
export function expectSageMakerAnswer(answer: WireAnswer, context: string): void {
  expect(answer.headers.get("content-type"), context).toBe("application/x-amz-json-1.1");
  if (answer.status === 200) return;
  const body = JSON.parse(answer.text) as { __type?: unknown; message?: unknown };
  expect(typeof body.__type, `${context}: ${answer.text}`).toBe("string");
  expect(typeof body.message, `${context}: ${answer.text}`).toBe("string");
  expect(answer.headers.get("x-amzn-errortype"), context).toBe(body.__type);
  if (answer.status === 501) expect(body.__type, context).toBe("NotImplemented");
  else expect(answer.status, `${context}: ${answer.text}`).toBe(400);
}

/** The admin API's shape: JSON, and errors as `{"error": {"code", "message"}}` with a 4xx. */
export function expectAdminAnswer(answer: WireAnswer, method: string, context: string): void {
  expect(answer.status, `${context}: ${answer.text}`).toBeLessThan(500);
  if (answer.status < 400 || method === "HEAD") return;
  const body = JSON.parse(answer.text) as { error?: { code?: unknown; message?: unknown } };
  expect(typeof body.error?.code, `${context}: ${answer.text}`).toBe("string");
  expect(typeof body.error?.message, `${context}: ${answer.text}`).toBe("string");
}

/**
 * S3's shape: a 4xx carries `<Error><Code>` XML (HEAD answers have no body, as on S3). The one
 * 5xx is 501 NotImplemented, for a subresource gt-local does not emulate (documented).
 */
export function expectS3Answer(answer: WireAnswer, method: string, context: string): void {
  if (answer.status < 400) return;
  if (method !== "HEAD") {
    expect(answer.headers.get("content-type"), context).toBe("application/xml");
    expect(answer.text, context).toMatch(/^<\?xml[^>]*\?><Error><Code>\w+<\/Code><Message>/u);
  }
  if (answer.status === 501) {
    if (method !== "HEAD") expect(answer.text, context).toContain("<Code>NotImplemented</Code>");
  } else {
    expect(answer.status, `${context}: ${answer.text}`).toBeLessThan(500);
  }
}

let healthChecks = 0;

/**
 * After a fuzz run: health answers, and the SDK's CreateLabelingJob and DescribeLabelingJob work
 * (in a region the run did not touch, so whatever it deleted there does not matter), and nothing
 * was logged as an internal error.
 */
export async function expectStillServing(server: FuzzServer): Promise<void> {
  const health = await fetch(`${server.url}/_gt/health`);
  expect(health.status).toBe(200);
  expect(((await health.json()) as { status: string }).status).toBe("ok");
  const region = "eu-west-1";
  const sagemaker = server.sagemakerIn(region);
  const name = `after-fuzz-${++healthChecks}`;
  const request = videoJobRequest(name);
  request.HumanTaskConfig!.WorkteamArn = `arn:aws:sagemaker:${region}:123456789012:workteam/private-crowd/example-team`;
  await sagemaker.send(new CreateLabelingJobCommand(request));
  const job = await sagemaker.send(new DescribeLabelingJobCommand({ LabelingJobName: name }));
  expect(job.LabelingJobName).toBe(name);
  sagemaker.destroy();
  expect(server.internalErrors).toEqual([]);
}
