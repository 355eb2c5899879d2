import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    // The examples import the package by its name, as a user's tests do; in this repository that
    // name means the TypeScript sources (the packed package is tested in test/package/).
    alias: [
      { find: /^gt-local$/u, replacement: source("./server/programmatic/index.ts") },
      { find: /^gt-local\/msw$/u, replacement: source("./server/msw/index.ts") },
      { find: /^gt-local\/admin$/u, replacement: source("./server/programmatic/admin-client.ts") },
    ],
  },
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration files each start their own server on port 0; two cores run two files at once.
    fileParallelism: true,
    projects: [
      {
        extends: true,
        test: {
          name: "gt-local",
          include: [
            "emulator/**/*.test.ts",
            "server/**/*.test.ts",
            "client/**/*.test.ts",
            "test/**/*.test.ts",
          ],
        },
      },
      {
        // examples/ run as a user would run them, with the README's globalSetup recipe.
        extends: true,
        test: {
          name: "examples",
          include: ["examples/**/*.test.ts"],
          globalSetup: ["examples/typescript/global-setup.ts"],
        },
      },
    ],
  },
});
