import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import { CONTROL_PLANE_ONLY } from "../helpers/test-server.js";
import {
  damage,
  deeplyNestedText,
  jsonText,
  mutate,
  mutation,
  nastyString,
  textDamage,
  weirdValue,
} from "./support/fuzz-json.js";
import { OPERATIONS, VALID_REQUESTS } from "./support/fuzz-requests.js";
import {
  callSageMaker,
  expectSageMakerAnswer,
  expectStillServing,
  startFuzzServer,
  type FuzzServer,
} from "./support/fuzz-server.js";

/*
 * Thousands of random and damaged requests against the SageMaker JSON endpoint. Every answer must
 * be AWS JSON 1.1's: 400 with `__type` and `message` for a client mistake (the one 501 is a real
 * SageMaker operation gt-local does not emulate), never a 500, never a crash; afterwards the
 * server still serves the SDK and has logged no internal error. Seeds are fixed: a failure prints
 * its seed and path, and replays with them.
 */
const SEED = 20_260_901;

const operation = fc.constantFrom(...OPERATIONS);
const target = fc.oneof(
  operation.map((name) => `SageMaker.${name}`),
  nastyString.map((name) => `SageMaker.${name}`),
  fc.constantFrom(
    "SageMaker.CreateTrainingJob",
    "SageMaker.",
    "SageMaker",
    "sagemaker.ListLabelingJobs",
    "SageMaker.ListLabelingJobs.Extra",
    "SageMaker.__proto__",
    "SageMaker.constructor",
    "DynamoDB_20120810.ListTables",
  ),
  nastyString,
);

/** Header values must be ByteStrings for fetch: keep what Latin-1 holds, drop CR and LF. */
const headerSafe = (value: string): string => value.replace(/[^\x20-\x7e\x80-\xff\t]/gu, "?");

describe("the SageMaker endpoint under fuzzing", () => {
  let server: FuzzServer;
  beforeAll(async () => {
    server = await startFuzzServer(CONTROL_PLANE_ONLY);
  });
  afterAll(async () => {
    await server.close();
  });

  it("answers random targets with random bodies as AWS JSON 1.1", async () => {
    await fc.assert(
      fc.asyncProperty(
        target,
        fc.oneof(fc.json({ maxDepth: 4 }), nastyString, fc.uint8Array({ maxLength: 300 })),
        async (name, body) => {
          const answer = await callSageMaker(server.url, headerSafe(name), body);
          expectSageMakerAnswer(answer, `target ${JSON.stringify(name)}`);
        },
      ),
      { numRuns: 500, seed: SEED },
    );
  });

  it("answers valid requests with members changed to wrong types, sizes and unicode", async () => {
    await fc.assert(
      fc.asyncProperty(
        operation,
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        async (name, changes) => {
          const body = jsonText(mutate(VALID_REQUESTS[name], changes));
          const answer = await callSageMaker(server.url, `SageMaker.${name}`, body);
          expectSageMakerAnswer(answer, `${name} ${body.slice(0, 300)}`);
        },
      ),
      { numRuns: 600, seed: SEED + 1 },
    );
  });

  it("answers damaged JSON text (truncated, invalid UTF-8, NaN, duplicate keys) as AWS JSON 1.1", async () => {
    await fc.assert(
      fc.asyncProperty(operation, textDamage, async (name, change) => {
        const body = damage(JSON.stringify(VALID_REQUESTS[name]), change);
        const answer = await callSageMaker(server.url, `SageMaker.${name}`, body);
        expectSageMakerAnswer(answer, `${name} ${change.kind}`);
      }),
      { numRuns: 400, seed: SEED + 2 },
    );
  });

  it("answers bodies nested thousands deep, with odd headers, as AWS JSON 1.1", async () => {
    await fc.assert(
      fc.asyncProperty(
        operation,
        fc.integer({ min: 100, max: 200_000 }),
        fc.boolean(),
        fc.record({
          "content-type": fc.constantFrom("application/x-amz-json-1.1", "application/json", "text/plain", ""),
          "content-encoding": fc.constantFrom("identity", "gzip", "aws-chunked"),
          "x-amz-content-sha256": fc.constantFrom(
            "UNSIGNED-PAYLOAD",
            "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
            "0",
          ),
          authorization: fc.constantFrom(
            "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-west-2/sagemaker/aws4_request, SignedHeaders=host, Signature=0",
            "AWS4-HMAC-SHA256 Credential=/////",
            "Bearer x",
          ),
        }),
        async (name, depth, asObject, headers) => {
          // The nesting replaces the request's first string member, wherever the model puts it.
          const nested = deeplyNestedText(depth, asObject);
          const body = JSON.stringify(VALID_REQUESTS[name]).replace(/:"[^"]*"/u, () => `:${nested}`);
          const answer = await callSageMaker(server.url, `SageMaker.${name}`, body, headers);
          expectSageMakerAnswer(answer, `${name} depth ${depth}`);
        },
      ),
      { numRuns: 80, seed: SEED + 3 },
    );
  });

  it("answers strings of every size in every string member", async () => {
    await fc.assert(
      fc.asyncProperty(
        operation,
        fc.nat(),
        fc.integer({ min: 0, max: 300_000 }),
        // JSON escapes, as written in the body's text.
        fc.constantFrom("x", "é", "𝕏", "\\u0000", "\\ud800", '\\"', "\\n"),
        async (name, pick, size, unit) => {
          const text = JSON.stringify(VALID_REQUESTS[name]);
          const members = [...text.matchAll(/:"[^"]*"/gu)];
          const member = members[pick % Math.max(members.length, 1)];
          const huge = `:"${unit.repeat(size)}"`;
          const body =
            member?.index === undefined
              ? `{"Huge":"${unit.repeat(size)}"}`
              : text.slice(0, member.index) + huge + text.slice(member.index + member[0].length);
          const answer = await callSageMaker(server.url, `SageMaker.${name}`, body);
          expectSageMakerAnswer(answer, `${name} member ${pick} size ${size} unit ${unit}`);
        },
      ),
      { numRuns: 30, seed: SEED + 5 },
    );
  });

  it("answers values of every type in every top-level member", async () => {
    await fc.assert(
      fc.asyncProperty(
        operation,
        fc.dictionary(fc.string({ maxLength: 30 }), weirdValue, { maxKeys: 6 }),
        async (name, extra) => {
          const body = JSON.stringify({ ...(VALID_REQUESTS[name] as object), ...extra });
          const answer = await callSageMaker(server.url, `SageMaker.${name}`, body);
          expectSageMakerAnswer(answer, `${name} ${Object.keys(extra).join(",")}`);
        },
      ),
      { numRuns: 300, seed: SEED + 4 },
    );
  });

  it("still serves the SDK afterwards, with no internal error logged", async () => {
    await expectStillServing(server);
  });
});
