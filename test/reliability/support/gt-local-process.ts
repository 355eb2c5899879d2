import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { closeSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The real `gt-local` binary, as a user runs it (the TypeScript sources through tsx). */
const BIN = fileURLToPath(new URL("../../../bin/gt-local.js", import.meta.url));

/** How long a start may take: tsx compiles the sources, and CI machines are shared. */
const START_TIMEOUT_MS = 30_000;

export interface GtLocalProcess {
  /** `http://127.0.0.1:<port>`, read from the "listening" log line. */
  endpoint: string;
  child: ChildProcess;
  /** The JSON log so far (stdout goes to a file: see below). */
  log(): string;
  stderr(): string;
  /** Kills the process with SIGKILL, as a crash would, and waits until it is gone. */
  crash(): Promise<void>;
  /** Sends SIGTERM and resolves with the exit code once the process has exited. */
  stop(): Promise<number | null>;
  /** Resolves with the exit code once the process has exited (by whichever means). */
  exited: Promise<number | null>;
}

/** gt-local stopped before it listened (refused to start): how it ended and what it said. */
export class ExitedBeforeListening extends Error {
  constructor(
    readonly code: number | null,
    readonly log: string,
    readonly stderr: string,
  ) {
    super(`gt-local exited (${String(code)}) before it listened:\n${log}\n${stderr}`);
  }
}

let started = 0;

/**
 * Starts `gt-local start` on a free port over `dataDir` and resolves once it listens. The port is
 * chosen by the server (`--port 0`) and read from its JSON log, so restarts never race for one.
 * The log (a line per request) goes to a file next to the data, not a pipe: pino writes
 * synchronously, and a pipe that a busy test process drains late would slow the server down.
 */
export async function startGtLocalProcess(
  dataDir: string,
  extraArgs: string[] = [],
): Promise<GtLocalProcess> {
  started++;
  const logFile = join(dataDir, `gt-local-${String(process.pid)}-${String(started)}.log`);
  mkdirSync(dataDir, { recursive: true });
  const logFd = openSync(logFile, "w");
  const child = spawn(
    process.execPath,
    [
      BIN,
      "start",
      "--port",
      "0",
      "--data-dir",
      dataDir,
      "--start-delay-ms",
      "0",
      "--log-level",
      "info",
      ...extraArgs,
    ],
    {
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
      stdio: ["ignore", logFd, "pipe"],
    },
  );
  closeSync(logFd);
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, "exit").then(([code]) => code as number | null);
  const log = (): string => readFileSync(logFile, "utf8");
  const deadline = Date.now() + START_TIMEOUT_MS;
  let endpoint = endpointIn(log());
  while (endpoint === undefined) {
    const gone = child.exitCode !== null || child.signalCode !== null;
    if (gone) throw new ExitedBeforeListening(await exited, log(), stderr);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`gt-local did not listen within ${String(START_TIMEOUT_MS)} ms:\n${log()}\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
    endpoint = endpointIn(log());
  }
  return {
    endpoint,
    child,
    log,
    stderr: () => stderr,
    exited,
    crash: async () => {
      child.kill("SIGKILL");
      await exited;
    },
    stop: async () => {
      child.kill("SIGTERM");
      return exited;
    },
  };
}

/** The endpoint from the first complete pino line that carries one (the "listening" line). */
function endpointIn(log: string): string | undefined {
  for (const line of log.split("\n").slice(0, -1)) {
    if (!line.startsWith("{")) continue;
    const { endpoint } = JSON.parse(line) as { endpoint?: unknown };
    if (typeof endpoint === "string") return endpoint;
  }
  return undefined;
}
