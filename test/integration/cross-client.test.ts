import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

interface RunResult {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  /** Why the process could not run or was killed (ENOENT, timeout), when that happened. */
  failure?: string;
}

/** The environment without the caller's AWS settings, so a developer's profile cannot leak in. */
function cleanEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("AWS_")));
}

/** Runs a program to completion and resolves with everything it said; never rejects. */
function run(command: string, args: readonly string[], timeoutMs: number): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { timeout: timeoutMs, killSignal: "SIGKILL", maxBuffer: 16 * 1024 * 1024, env: cleanEnvironment() },
      (error, stdout, stderr) => {
        if (!error) {
          resolve({ exitCode: 0, signal: null, stdout, stderr });
          return;
        }
        const exitCode = typeof error.code === "number" ? error.code : null;
        const timedOut = error.killed && error.signal === "SIGKILL";
        const result: RunResult = { exitCode, signal: error.signal ?? null, stdout, stderr };
        if (timedOut) result.failure = `killed after the ${timeoutMs} ms timeout`;
        else if (exitCode === null) result.failure = error.message;
        resolve(result);
      },
    );
  });
}

function report(command: string, result: RunResult): string {
  return [
    `${command} exited ${result.exitCode ?? "(none)"}${result.signal ? ` on ${result.signal}` : ""}`,
    ...(result.failure ? [`failure: ${result.failure}`] : []),
    "----- stdout -----",
    result.stdout.trimEnd(),
    "----- stderr -----",
    result.stderr.trimEnd(),
  ].join("\n");
}

async function checkBoto3(): Promise<string[]> {
  const result = await run("python3", ["-c", "import boto3, botocore.config"], 30_000);
  if (result.exitCode === 0) return [];
  const why = result.failure ?? result.stderr.trim().split("\n").at(-1) ?? "";
  return [`boto3 for python3 is not importable (${why}): install the Debian package python3-boto3`];
}

async function checkAwsCli(): Promise<string[]> {
  const result = await run("aws", ["--version"], 30_000);
  if (result.exitCode === 0) return [];
  const why = result.failure ?? result.stderr.trim();
  return [`the AWS CLI \`aws\` is not on PATH or does not run (${why}): install the Debian package awscli`];
}

function expectPrerequisites(missing: readonly string[]): void {
  expect(missing, `cross-client tests need these tools installed:\n${missing.join("\n")}`).toEqual([]);
}

function expectSuccess(command: string, result: RunResult, okLine: string): void {
  const lines = result.stdout.trimEnd().split("\n");
  expect(result.exitCode, report(command, result)).toBe(0);
  expect(lines.at(-1), report(command, result)).toBe(okLine);
}

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
      expectPrerequisites(await checkBoto3());
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
      const python = await run("python3", ["--version"], 30_000);
      const missing = [
        ...(python.exitCode === 0 ? [] : ["python3 is not on PATH: install the Debian package python3"]),
        ...(await checkAwsCli()),
      ];
      expectPrerequisites(missing);
      const result = await run("bash", [AWS_CLI_SCRIPT, server.url, FIXTURE], AWS_CLI_TIMEOUT_MS);
      expectSuccess("bash test/cross-client/aws_cli_control_plane.sh", result, "aws cli control plane: OK");
    },
    AWS_CLI_TIMEOUT_MS + 30_000,
  );
});
