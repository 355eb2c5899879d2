import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

/** The real `gt-local` binary (the TypeScript sources through tsx), as a user runs it. */
export const BIN = fileURLToPath(new URL("../../bin/gt-local.js", import.meta.url));
export const SAMPLE_VIDEOS = fileURLToPath(new URL("../../samples/videos", import.meta.url));
export const SAMPLE_TRUTH = fileURLToPath(new URL("../../samples/truth.json", import.meta.url));

export interface CliRun {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first stdout line matching `pattern` (rejects if the process exits first). */
  line(pattern: RegExp): Promise<string>;
  /** Resolves with the exit code once the process has exited. */
  exit(): Promise<number | null>;
}

export function spawnCli(
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; bin?: string } = {},
): CliRun {
  const child = spawn(process.execPath, [options.bin ?? BIN, ...args], {
    cwd: options.cwd ?? process.cwd(),
    env: { ...process.env, ...options.env },
  });
  let stdout = "";
  let stderr = "";
  const waiting: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const waiter of [...waiting]) {
      const found = stdout.split("\n").find((text) => waiter.pattern.test(text));
      if (found !== undefined) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve(found);
      }
    }
  });
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, "exit").then(([code]) => code as number | null);
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    line: (pattern) =>
      Promise.race([
        new Promise<string>((resolve) => {
          const found = stdout.split("\n").find((text) => pattern.test(text));
          if (found !== undefined) resolve(found);
          else waiting.push({ pattern, resolve });
        }),
        exited.then((code) => {
          throw new Error(
            `gt-local exited (${String(code)}) before printing ${String(pattern)}:\n${stdout}\n${stderr}`,
          );
        }),
      ]),
    exit: () => exited,
  };
}

/** Runs the binary to its end. */
export async function runCli(
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = spawnCli(args, options);
  const code = await run.exit();
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

/** A port nothing listens on (for `label` to start its own gt-local there). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A fresh temporary folder, removed by `remove()`. */
export function temporaryFolder(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "gt-local-cli-"));
  return {
    dir,
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What every CLI error must be: one `gt-local: ...` line, and no stack trace. Returns the line. */
export function expectOneLineError(stderr: string): string {
  const lines = stderr.split("\n").filter((line) => line !== "");
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^gt-local: /u);
  expect(stderr).not.toContain("    at ");
  return lines[0] ?? "";
}
