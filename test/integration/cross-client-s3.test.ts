import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

async function checkPython(): Promise<string[]> {
  const result = await run("python3", ["--version"], 30_000);
  return result.exitCode === 0 ? [] : ["python3 is not on PATH: install the Debian package python3"];
}

async function checkBoto3(): Promise<string[]> {
  const result = await run("python3", ["-c", "import boto3, boto3.s3.transfer, botocore.config"], 30_000);
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
  expect(missing, `cross-client S3 tests need these tools installed:\n${missing.join("\n")}`).toEqual([]);
}

function expectSuccess(command: string, result: RunResult, okLine: string): void {
  const lines = result.stdout.trimEnd().split("\n");
  expect(result.exitCode, report(command, result)).toBe(0);
  expect(lines.at(-1), report(command, result)).toBe(okLine);
}

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
      expectPrerequisites(await checkBoto3());
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
      expectPrerequisites([...(await checkPython()), ...(await checkAwsCli())]);
      const result = await run("bash", [AWS_CLI_SCRIPT, server.url], AWS_CLI_TIMEOUT_MS);
      expectSuccess("bash test/cross-client/aws_cli_s3.sh", result, "aws cli s3: OK");
    },
    AWS_CLI_TIMEOUT_MS + 30_000,
  );
});
