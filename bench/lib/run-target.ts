import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { readdirSync, rmSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { bundleForNode } from "../../scripts/bundle-cli.js";

export interface Target {
  url: string;
  /** The target's process id, so a benchmark can read its memory from /proc. */
  pid: number;
  /** Stops the target; resolves once its process has exited (its files are then safe to remove). */
  stop(): Promise<void>;
}

export interface TargetOptions {
  /** Extra command-line arguments for the target script (e.g. JSON server options). */
  args?: readonly string[];
}

const TARGETS = new URL("../targets/", import.meta.url);
/** Beside bench/targets/, so what a target finds relative to its own file it finds from here too. */
const BUILT = new URL("../.built-targets/", import.meta.url);

let built: Promise<void> | undefined;

/**
 * Every target, bundled as `npm run build` bundles the command (scripts/bundle-cli.ts), once per
 * benchmark process and removed when it exits: the servers run gt-local as it ships, not through
 * tsx, whose transform wraps every function in a naming helper (about 2 % of the task loop).
 */
function buildTargets(): Promise<void> {
  built ??= (async () => {
    const names = readdirSync(TARGETS).filter((name) => name.endsWith(".ts"));
    const entries = Object.fromEntries(
      names.map((name) => [name.replace(/\.ts$/u, ""), `bench/targets/${name}`]),
    );
    process.once("exit", () => {
      rmSync(BUILT, { recursive: true, force: true });
    });
    await bundleForNode(entries, fileURLToPath(BUILT));
  })();
  return built;
}

/**
 * Starts a benchmark target (a script of bench/targets/, built) in its own process, so the load
 * generator does not share its event loop, and resolves once it prints `{"port": n}`.
 */
export async function runTarget(script: string, options: TargetOptions = {}): Promise<Target> {
  await buildTargets();
  const path = fileURLToPath(new URL(script.replace(/\.ts$/u, ".js"), BUILT));
  // BENCH_CPU_PROF=<dir>: each target writes a V8 CPU profile there when it stops (SIGTERM).
  const profile = process.env.BENCH_CPU_PROF;
  const flags = profile === undefined ? [] : ["--cpu-prof", "--cpu-prof-dir", profile];
  const child: ChildProcess = spawn(process.execPath, [...flags, path, ...(options.args ?? [])], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (!child.stdout || child.pid === undefined) throw new Error("no stdout from benchmark target");
  const pid = child.pid;
  for await (const line of createInterface({ input: child.stdout })) {
    const { port } = JSON.parse(line) as { port?: number };
    if (port !== undefined) {
      return {
        url: `http://127.0.0.1:${port}`,
        pid,
        stop: async () => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          const exited = once(child, "exit");
          child.kill("SIGTERM");
          await exited;
        },
      };
    }
  }
  throw new Error(`benchmark target ${script} exited before listening`);
}
