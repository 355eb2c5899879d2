import { readFileSync } from "node:fs";

const packageJson = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
  version: string;
};

export const GT_LOCAL_VERSION = packageJson.version;

/** `/_gt/health`: liveness for scripts, Docker and tests waiting for a start. */
export function healthResponse(startedAt: number): Response {
  return Response.json({
    status: "ok",
    version: GT_LOCAL_VERSION,
    uptimeSeconds: Math.round((performance.now() - startedAt) / 10) / 100,
  });
}
