import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["emulator/**/*.test.ts", "server/**/*.test.ts", "client/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration files each start their own server on port 0; two cores run two files at once.
    fileParallelism: true,
  },
});
