/**
 * Packages gt-local loads at first use, never while `gt-local start` comes up (issue 10, target 6):
 * the AWS SDK clients (for an external S3, Lambda endpoints and the client commands), the
 * presigner, the SigV4 signer (only --verify-signatures checks signatures), liquidjs (the first
 * template rendered), express (only the portal's pages use it) and the client commands' terminal
 * packages. start-path.test.ts checks the sources, the packed-package test the built bundle, both
 * through `startAndListPackages`.
 */
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { report, run } from "../helpers/cross-client-scripts.js";
import { freePort } from "./cli-process.js";

const FIXTURE = fileURLToPath(new URL("fixtures/start-and-list-packages.ts", import.meta.url));
const REPOSITORY = fileURLToPath(new URL("../../", import.meta.url));
export const LOADED_AT_FIRST_USE = [
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
] as const;

/** What a start needs, which the listing must therefore show (proof that it sees packages). */
export const LOADED_AT_START = ["better-sqlite3", "commander", "pino"] as const;

/**
 * Runs `gt-local start` in a process of its own (fixtures/start-and-list-packages.ts) from the
 * sources, or from `main` (a built entry such as dist/cli/gt-local.js), and returns its health
 * check's status and the packages the process had loaded once it answered.
 */
export async function startAndListPackages(main?: string): Promise<{ health: number; packages: string[] }> {
  const port = await freePort();
  const listed = await run(
    process.execPath,
    ["--import", "tsx", FIXTURE, "start", "--port", String(port), "--in-memory", "--log-level", "silent"],
    30_000,
    main === undefined ? {} : { START_PATH_MAIN: main },
    REPOSITORY,
  );
  expect(listed.exitCode, report("start-and-list-packages.ts", listed)).toBe(0);
  return JSON.parse(listed.stdout) as { health: number; packages: string[] };
}
