import { fileURLToPath } from "node:url";
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

/**
 * Proves that `aws s3` / `aws s3api` and boto3 work against gt-local's S3 API, through the scripts
 * in test/cross-client/: buckets, objects, multipart uploads (the CLI's and boto3's transfer
 * managers), listings past 1000 keys, sync, presigned URLs and S3's error codes. Both tools are
 * required; when one is missing the test fails and says what to install — it never skips.
 */

const fixture = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const BOTO3_SCRIPT = fixture("../cross-client/boto3_s3.py");
const AWS_CLI_SCRIPT = fixture("../cross-client/aws_cli_s3.sh");

/** The boto3 script takes about ten seconds; the CLI script makes ~25 calls of about two seconds each. */
const BOTO3_TIMEOUT_MS = 120_000;
const AWS_CLI_TIMEOUT_MS = 240_000;

/** Who needs the tools, in the message of a failed prerequisite check. */
const PREREQUISITES_FOR = "cross-client S3 tests";

describe("boto3 against gt-local's S3", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it(
    "stores, lists, copies, transfers (multipart) and presigns objects, with S3's error codes",
    async () => {
      expectPrerequisites(
        PREREQUISITES_FOR,
        await checkBoto3(["boto3", "boto3.s3.transfer", "botocore.config"]),
      );
      const result = await run("python3", [BOTO3_SCRIPT, server.url], BOTO3_TIMEOUT_MS);
      expectSuccess("python3 test/cross-client/boto3_s3.py", result, "boto3 s3: OK");
    },
    BOTO3_TIMEOUT_MS + 30_000,
  );
});

describe("the AWS CLI against gt-local's S3", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it(
    "runs aws s3 mb/cp/ls/sync/rm/rb and aws s3api calls, with S3's error codes",
    async () => {
      // The script parses the CLI's JSON with python3, so it needs python3 as well as aws.
      expectPrerequisites(PREREQUISITES_FOR, [...(await checkPython()), ...(await checkAwsCli())]);
      const result = await run("bash", [AWS_CLI_SCRIPT, server.url], AWS_CLI_TIMEOUT_MS);
      expectSuccess("bash test/cross-client/aws_cli_s3.sh", result, "aws cli s3: OK");
    },
    AWS_CLI_TIMEOUT_MS + 30_000,
  );
});
