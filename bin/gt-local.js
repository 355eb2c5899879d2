#!/usr/bin/env node
// Runs the built server when present (npm package), else the TypeScript sources through tsx.
import { existsSync } from "node:fs";
import { URL, fileURLToPath } from "node:url";

const built = fileURLToPath(new URL("../dist/server/main.js", import.meta.url));
if (existsSync(built)) {
  await import(built);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../server/main.ts");
}
