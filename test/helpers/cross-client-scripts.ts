import { execFile } from "node:child_process";
import { expect } from "vitest";

/**
 * Runs the cross-client scripts in test/cross-client/ (boto3 and the AWS CLI) and checks that the
 * tools they need are installed: a missing tool fails the test and says what to install.
 */

export interface RunResult {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  /** Why the process could not run or was killed (ENOENT, timeout), when that happened. */
  failure?: string;
}

/** The environment without the caller's AWS settings, so a developer's profile cannot leak in. */
export function cleanEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("AWS_")));
}

/**
 * Runs a program to completion and resolves with everything it said; never rejects. `env` adds to
 * (or overrides) the clean environment; `cwd` defaults to this process's.
 */
export function run(
  command: string,
  args: readonly string[],
  timeoutMs: number,
  env: NodeJS.ProcessEnv = {},
  cwd?: string,
): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      {
        timeout: timeoutMs,
        killSignal: "SIGKILL",
        maxBuffer: 16 * 1024 * 1024,
        env: { ...cleanEnvironment(), ...env },
        ...(cwd === undefined ? {} : { cwd }),
      },
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

export function report(command: string, result: RunResult): string {
  return [
    `${command} exited ${result.exitCode ?? "(none)"}${result.signal ? ` on ${result.signal}` : ""}`,
    ...(result.failure ? [`failure: ${result.failure}`] : []),
    "----- stdout -----",
    result.stdout.trimEnd(),
    "----- stderr -----",
    result.stderr.trimEnd(),
  ].join("\n");
}

export async function checkPython(): Promise<string[]> {
  const result = await run("python3", ["--version"], 30_000);
  return result.exitCode === 0 ? [] : ["python3 is not on PATH: install the Debian package python3"];
}

/** Checks that python3 can import the given `modules`, e.g. `["boto3", "botocore.config"]`. */
export async function checkBoto3(modules: readonly string[]): Promise<string[]> {
  const result = await run("python3", ["-c", `import ${modules.join(", ")}`], 30_000);
  if (result.exitCode === 0) return [];
  const why = result.failure ?? result.stderr.trim().split("\n").at(-1) ?? "";
  return [`boto3 for python3 is not importable (${why}): install the Debian package python3-boto3`];
}

export async function checkAwsCli(): Promise<string[]> {
  const result = await run("aws", ["--version"], 30_000);
  if (result.exitCode === 0) return [];
  const why = result.failure ?? result.stderr.trim();
  return [`the AWS CLI \`aws\` is not on PATH or does not run (${why}): install the Debian package awscli`];
}

/** Fails with the list of missing tools; `suite` names the tests that need them ("cross-client tests"). */
export function expectPrerequisites(suite: string, missing: readonly string[]): void {
  expect(missing, `${suite} need these tools installed:\n${missing.join("\n")}`).toEqual([]);
}

export function expectSuccess(command: string, result: RunResult, okLine: string): void {
  const lines = result.stdout.trimEnd().split("\n");
  expect(result.exitCode, report(command, result)).toBe(0);
  expect(lines.at(-1), report(command, result)).toBe(okLine);
}
