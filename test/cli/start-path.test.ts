import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { freePort } from "./cli-process.js";

/*
 * Issue 10, target 6: process start to healthy within 500 ms. Most of a start was loading modules
 * the server does not need to answer: the AWS SDK clients (for an external S3, Lambda endpoints and
 * the client commands), the presigner, the SigV4 signer (only --verify-signatures checks
 * signatures), liquidjs (the first template rendered), express (only the portal's pages use it)
 * and the client commands' terminal packages.
 * They now load at first use. This proves the start path leaves them alone; the features that use
 * them are proved by their own tests (portal, templates, Lambdas, signatures, the CLI commands).
 */

const FIXTURE = fileURLToPath(new URL("fixtures/start-and-list-packages.ts", import.meta.url));
const REPOSITORY = fileURLToPath(new URL("../../", import.meta.url));

/** Loaded at first use, never by `gt-local start` itself. */
const LOADED_AT_FIRST_USE = [
  "@aws-sdk/client-s3",
  "@aws-sdk/client-sagemaker",
  "@aws-sdk/client-lambda",
  "@aws-sdk/s3-request-presigner",
  "@smithy/signature-v4",
  "@smithy/hash-node",
  "liquidjs",
  "express",
  "cli-table3",
  "cli-progress",
];

async function startAndListPackages(): Promise<{ health: number; packages: string[] }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ["--import", "tsx", FIXTURE, "start", "--port", String(port), "--in-memory", "--log-level", "silent"],
    { cwd: REPOSITORY },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, "exit")) as [number | null];
  expect(code, stderr).toBe(0);
  return JSON.parse(stdout) as { health: number; packages: string[] };
}

it("gt-local start answers its health check without loading what only later requests need", async () => {
  const { health, packages } = await startAndListPackages();
  expect(health).toBe(200);
  // What serving needs is there: the listing does see the packages the process loaded.
  expect(packages).toEqual(expect.arrayContaining(["better-sqlite3", "commander", "pino"]));
  for (const name of LOADED_AT_FIRST_USE) expect(packages, name).not.toContain(name);
});
