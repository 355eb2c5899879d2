import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export interface Target {
  url: string;
  stop(): void;
}

/**
 * Starts a benchmark target in its own process (so the load generator does not share its event
 * loop) and resolves once it prints `{"port": n}`.
 */
export async function runTarget(script: string): Promise<Target> {
  const path = fileURLToPath(new URL(`../targets/${script}`, import.meta.url));
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", path], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (!child.stdout) throw new Error("no stdout from benchmark target");
  for await (const line of createInterface({ input: child.stdout })) {
    const { port } = JSON.parse(line) as { port?: number };
    if (port !== undefined) {
      return {
        url: `http://127.0.0.1:${port}`,
        stop: () => {
          child.kill("SIGTERM");
        },
      };
    }
  }
  throw new Error(`benchmark target ${script} exited before listening`);
}
