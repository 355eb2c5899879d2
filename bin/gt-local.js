#!/usr/bin/env node
// Runs the built command when present (the npm package): the bundle `npm run build` writes into
// dist/cli/ (scripts/bundle-cli.ts: it starts faster than tsc's modules, which it falls back to);
// in a checkout without a build, the TypeScript sources through tsx.
import { existsSync } from "node:fs";
import { URL, fileURLToPath } from "node:url";

const built = ["../dist/cli/gt-local.js", "../dist/server/main.js"]
  .map((path) => fileURLToPath(new URL(path, import.meta.url)))
  .find((path) => existsSync(path));
if (built !== undefined) {
  await import(built);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../server/main.ts");
}
