import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../../bin/gt-local.js", import.meta.url));

/** Starts the real `gt-local` binary and resolves with its endpoint from the first log line. */
async function startBinary(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
  const lines = createInterface({ input: child.stdout });
  for await (const line of lines) {
    const endpoint = (JSON.parse(line) as { endpoint?: string }).endpoint;
    if (endpoint !== undefined) return { child, endpoint };
  }
  throw new Error("gt-local exited before it was listening");
}

async function exitCode(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const [code] = (await once(child, "exit")) as [number | null];
  return code;
}

describe("the gt-local binary", () => {
  it.each(["SIGTERM", "SIGINT"] as const)(
    "starts, answers health and exits cleanly on %s",
    async (signal) => {
      const { child, endpoint } = await startBinary(["--port", "0", "--in-memory"]);
      const health = (await (await fetch(`${endpoint}/_gt/health`)).json()) as { status: string };
      expect(health.status).toBe("ok");
      child.kill(signal);
      expect(await exitCode(child)).toBe(0);
    },
  );

  it("takes its settings from GT_LOCAL_* environment variables", async () => {
    const { child, endpoint } = await startBinary([], {
      GT_LOCAL_PORT: "0",
      GT_LOCAL_IN_MEMORY: "1",
      GT_LOCAL_ACCOUNT_ID: "111122223333",
      GT_LOCAL_LOG_LEVEL: "info",
    });
    const response = await fetch(`${endpoint}/`, {
      method: "POST",
      headers: { "x-amz-target": "SageMaker.ListWorkforces" },
      body: "{}",
    });
    const body = (await response.json()) as { Workforces: { WorkforceArn: string }[] };
    expect(body.Workforces[0]?.WorkforceArn).toBe(
      "arn:aws:sagemaker:us-east-1:111122223333:workforce/default",
    );
    child.kill("SIGTERM");
    expect(await exitCode(child)).toBe(0);
  });

  it("fails with one clear line on a bad option", async () => {
    const child = spawn(process.execPath, [BIN, "--port", "seventy"]);
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    expect(await exitCode(child)).not.toBe(0);
    expect(stderr).toContain("--port");
    expect(stderr).not.toContain("    at ");
  });
});
