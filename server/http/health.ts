import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The package's own package.json, found upwards from this file (sources and dist/ alike). */
function readPackageVersion(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(folder, "package.json");
    if (existsSync(candidate)) {
      const parsed = JSON.parse(readFileSync(candidate, "utf8")) as { name?: string; version?: string };
      if (parsed.name === "gt-local" && parsed.version !== undefined) return parsed.version;
    }
    const parent = dirname(folder);
    if (parent === folder) return "0.0.0";
    folder = parent;
  }
}

export const GT_LOCAL_VERSION = readPackageVersion();

/** `/_gt/health`: liveness for scripts, Docker and tests waiting for a start. */
export function healthResponse(startedAt: number): Response {
  return Response.json({
    status: "ok",
    version: GT_LOCAL_VERSION,
    uptimeSeconds: Math.round((performance.now() - startedAt) / 10) / 100,
  });
}
