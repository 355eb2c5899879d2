import { expect, it } from "vitest";
import { LOADED_AT_FIRST_USE, LOADED_AT_START, startAndListPackages } from "./first-use-packages.js";

/*
 * Issue 10, target 6: process start to healthy within 500 ms. Most of a start was loading modules
 * the server does not need to answer (first-use-packages.ts names them); they now load at first
 * use. This proves the start path leaves them alone; the features that use them are proved by
 * their own tests (portal, templates, Lambdas, signatures, the CLI commands).
 */

it("gt-local start answers its health check without loading what only later requests need", async () => {
  const { health, packages } = await startAndListPackages();
  expect(health).toBe(200);
  // What serving needs is there: the listing does see the packages the process loaded.
  expect(packages).toEqual(expect.arrayContaining([...LOADED_AT_START]));
  for (const name of LOADED_AT_FIRST_USE) expect(packages, name).not.toContain(name);
});
