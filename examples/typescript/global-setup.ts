/*
 * The vitest `globalSetup` recipe: one gt-local for the whole test run, started before the first
 * test file and stopped after the last. Test files read its endpoint with `inject("gtLocal")`.
 *
 *   // vitest.config.ts
 *   export default defineConfig({ test: { globalSetup: ["./global-setup.ts"] } });
 */
import { startGtLocal } from "gt-local";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    gtLocal: { endpoint: string; region: string };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const gt = await startGtLocal();
  project.provide("gtLocal", { endpoint: gt.endpoint, region: gt.region });
  return () => gt.stop();
}
