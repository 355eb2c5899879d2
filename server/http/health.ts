import { packageVersion } from "./package-root.js";

export const GT_LOCAL_VERSION = packageVersion();

/** `/_gt/health`: liveness for scripts, Docker and tests waiting for a start. */
export function healthResponse(startedAt: number): Response {
  return Response.json({
    status: "ok",
    version: GT_LOCAL_VERSION,
    uptimeSeconds: Math.round((performance.now() - startedAt) / 10) / 100,
  });
}
