import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { freePort } from "./cli-process.js";
import { LOADED_AT_FIRST_USE, LOADED_AT_START } from "./first-use-packages.js";

/*
 * Issue 10, target 6: process start to healthy within 500 ms. Most of a start was loading modules
 * the server does not need to answer (first-use-packages.ts names them); they now load at first use. This proves the start path leaves them alone; the features that use
 * them are proved by their own tests (portal, templates, Lambdas, signatures, the CLI commands).
 */

const FIXTURE = fileURLToPath(new URL("fixtures/start-and-list-packages.ts", import.meta.url));
const REPOSITORY = fileURLToPath(new URL("../../", import.meta.url));

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
  expect(packages).toEqual(expect.arrayContaining([...LOADED_AT_START]));
  for (const name of LOADED_AT_FIRST_USE) expect(packages, name).not.toContain(name);
});
