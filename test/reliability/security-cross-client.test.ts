import { afterAll, beforeAll, describe, it } from "vitest";
import {
  checkAwsCli,
  checkBoto3,
  checkPython,
  expectPrerequisites,
  expectSuccess,
  run,
} from "../helpers/cross-client-scripts.js";
import { startTestServer, type TestServer } from "../helpers/test-server.js";
import { AWS_CLI_SCRIPT, BOTO3_SCRIPT } from "./support/security-cross-client.js";
import { KEYS } from "./support/security-signing.js";

/**
 * `--verify-signatures` with clients other than the JS SDK: botocore signs its own way (every
 * header but a few, its own query encoding), so boto3 and the AWS CLI each prove once that their
 * signatures verify, and that a wrong secret gets AWS's errors. Missing tools fail the test.
 */

const TIMEOUT_MS = 90_000;
const SECOND_KEY = KEYS[1]!;
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ verifySignatures: true, accessKeys: KEYS });
});
afterAll(async () => {
  await server.close();
});

describe("other clients against a verifying gt-local", () => {
  it(
    "boto3: signed calls, a presigned URL, and SignatureDoesNotMatch / InvalidSignatureException",
    async () => {
      expectPrerequisites("security cross-client tests", await checkBoto3(["boto3", "botocore.config"]));
      const args = ["-c", BOTO3_SCRIPT, server.url, SECOND_KEY.accessKeyId, SECOND_KEY.secretAccessKey];
      expectSuccess("python3 (boto3 verified)", await run("python3", args, TIMEOUT_MS), "boto3 verified: OK");
    },
    TIMEOUT_MS + 30_000,
  );

  it(
    "the AWS CLI: s3 cp both ways, sagemaker, and refusals of a wrong secret",
    async () => {
      expectPrerequisites("security cross-client tests", [
        ...(await checkPython()),
        ...(await checkAwsCli()),
      ]);
      const args = [
        "-c",
        AWS_CLI_SCRIPT,
        "aws-cli-verified",
        server.url,
        SECOND_KEY.accessKeyId,
        SECOND_KEY.secretAccessKey,
      ];
      expectSuccess("bash (aws cli verified)", await run("bash", args, TIMEOUT_MS), "aws cli verified: OK");
    },
    TIMEOUT_MS + 30_000,
  );
});
