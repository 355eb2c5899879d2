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
import { CONTROL_PLANE_ONLY, startTestServer, type TestServer } from "../helpers/test-server.js";

/**
 * Proves that clients other than the JS SDK get AWS-shaped answers and errors: boto3 and the AWS
 * CLI drive the control plane through the scripts in test/cross-client/. Both tools are required;
 * when one is missing the test fails and says what to install — it never skips.
 */

const fixture = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const FIXTURE = fixture("../fixtures/create-labeling-job.video-classification.json");
const BOTO3_SCRIPT = fixture("../cross-client/boto3_control_plane.py");
const AWS_CLI_SCRIPT = fixture("../cross-client/aws_cli_control_plane.sh");

/** The boto3 script takes a few seconds; each AWS CLI (v1) call costs about two seconds of start-up. */
const BOTO3_TIMEOUT_MS = 60_000;
const AWS_CLI_TIMEOUT_MS = 90_000;

/** Who needs the tools, in the message of a failed prerequisite check. */
const PREREQUISITES_FOR = "cross-client tests";

describe("boto3 against gt-local", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(CONTROL_PLANE_ONLY);
  });
  afterAll(async () => {
    await server.close();
  });

  it(
    "gets AWS-shaped answers and modeled exceptions for the control plane",
    async () => {
      expectPrerequisites(PREREQUISITES_FOR, await checkBoto3(["boto3", "botocore.config"]));
      const result = await run("python3", [BOTO3_SCRIPT, server.url, FIXTURE], BOTO3_TIMEOUT_MS);
      expectSuccess("python3 test/cross-client/boto3_control_plane.py", result, "boto3 control plane: OK");
    },
    BOTO3_TIMEOUT_MS + 30_000,
  );
});

describe("the AWS CLI against gt-local", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(CONTROL_PLANE_ONLY);
  });
  afterAll(async () => {
    await server.close();
  });

  it(
    "gets AWS-shaped answers and error codes for the control plane",
    async () => {
      // The script parses the CLI's JSON with python3, so it needs python3 as well as aws.
      expectPrerequisites(PREREQUISITES_FOR, [...(await checkPython()), ...(await checkAwsCli())]);
      const result = await run("bash", [AWS_CLI_SCRIPT, server.url, FIXTURE], AWS_CLI_TIMEOUT_MS);
      expectSuccess("bash test/cross-client/aws_cli_control_plane.sh", result, "aws cli control plane: OK");
    },
    AWS_CLI_TIMEOUT_MS + 30_000,
  );
});
