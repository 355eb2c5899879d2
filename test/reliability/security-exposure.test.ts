import { ListWorkteamsCommand } from "@aws-sdk/client-sagemaker";
import { Writable } from "node:stream";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { startServer, type StartOptions } from "../../server/start-server.js";
import { expectOneLineError, runCli, spawnCli } from "../cli/cli-process.js";
import { KEYS, sagemakerFor } from "./support/security-signing.js";

/**
 * Loopback by default; beyond it gt-local always warns, and refuses to start unless signature
 * verification or a portal password guards it (or --insecure-bind says the risk is taken).
 */

/** A logger whose lines the test can read. */
function capturedLogger() {
  const lines: { level: number; msg: string; open?: string[] }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n")) if (line) lines.push(JSON.parse(line) as never);
      done();
    },
  });
  return { logger: pino({ level: "warn" }, sink), lines };
}

const start = (options: StartOptions) => startServer({ port: 0, inMemory: true, ...options });

describe("binding", () => {
  it("is loopback by default, with no warning", async () => {
    const { logger, lines } = capturedLogger();
    const server = await start({ logger });
    expect(new URL(server.url).hostname).toBe("127.0.0.1");
    expect(lines).toEqual([]);
    await server.close();
  });

  it("beyond loopback with nothing guarding it: warns, then refuses to start with one clear reason", async () => {
    const { logger, lines } = capturedLogger();
    await expect(start({ host: "0.0.0.0", logger })).rejects.toThrow(
      "--host 0.0.0.0 reaches beyond loopback: add --verify-signatures (with --access-key <id>:<secret>) or --portal-password <password>",
    );
    expect(lines).toMatchObject([
      {
        msg: "gt-local binds beyond loopback: anyone who can reach this address can use whatever is open",
        open: [
          "SageMaker and S3 (every access key works)",
          "the worker portal and dashboard",
          "the testing/admin API (state export and import, reset)",
        ],
      },
    ]);
  });

  it.each<[string, StartOptions, string[]]>([
    ["a portal password", { portalPassword: "s3cret" }, ["SageMaker and S3 (every access key works)"]],
    [
      "signature verification",
      { verifySignatures: true, accessKeys: KEYS },
      ["the worker portal and dashboard", "the testing/admin API (state export and import, reset)"],
    ],
    [
      "--insecure-bind",
      { insecureBind: true },
      [
        "SageMaker and S3 (every access key works)",
        "the worker portal and dashboard",
        "the testing/admin API (state export and import, reset)",
      ],
    ],
  ])(
    "beyond loopback with %s: starts, and the warning says what stays open",
    async (_name, options, open) => {
      const { logger, lines } = capturedLogger();
      const server = await start({ host: "0.0.0.0", logger, ...options });
      expect(lines.map((line) => line.open)).toEqual([open]);
      expect((await fetch(`${server.url}/_gt/health`)).status).toBe(200);
      await server.close();
    },
  );

  it("refuses --verify-signatures without a key, even on loopback", async () => {
    await expect(start({ verifySignatures: true, logLevel: "silent" })).rejects.toThrow(
      "--verify-signatures needs at least one key",
    );
  });
});

describe("the gt-local binary", () => {
  it("refuses --host 0.0.0.0 alone with one line, after printing the warning", async () => {
    const run = spawnCli(["start", "--host", "0.0.0.0", "--port", "0", "--in-memory"]);
    // Had it started, stop it rather than leave it listening on every interface.
    const timer = setTimeout(() => run.child.kill("SIGTERM"), 20_000);
    const code = await run.exit();
    clearTimeout(timer);
    const [stdout, stderr] = [run.stdout(), run.stderr()];
    expect(code).toBe(1);
    expect(expectOneLineError(stderr)).toContain(
      "gt-local: could not start: --host 0.0.0.0 reaches beyond loopback",
    );
    expect(stdout).toContain("gt-local binds beyond loopback");
  });

  it("verifies signatures with keys from GT_LOCAL_VERIFY_SIGNATURES and GT_LOCAL_ACCESS_KEYS", async () => {
    const run = spawnCli(["start", "--port", "0", "--in-memory"], {
      env: {
        GT_LOCAL_VERIFY_SIGNATURES: "1",
        GT_LOCAL_ACCESS_KEYS: KEYS.map((key) => `${key.accessKeyId}:${key.secretAccessKey}`).join(","),
      },
    });
    const endpoint = /"endpoint":"([^"]+)"/u.exec(await run.line(/"endpoint"/u))![1]!;
    await expect(
      sagemakerFor({ url: endpoint }, KEYS[1]!).send(new ListWorkteamsCommand({})),
    ).resolves.toHaveProperty("Workteams");
    const wrong = { ...KEYS[1]!, secretAccessKey: "wrong" };
    await expect(
      sagemakerFor({ url: endpoint }, wrong).send(new ListWorkteamsCommand({})),
    ).rejects.toMatchObject({
      name: "InvalidSignatureException",
    });
    run.child.kill("SIGTERM");
    expect(await run.exit()).toBe(0);
  });

  it("says what is wrong with a malformed --access-key", async () => {
    const { code, stderr } = await runCli([
      "start",
      "--port",
      "0",
      "--in-memory",
      "--access-key",
      "no-secret",
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain("an access key is <id>:<secret>");
  });
});
