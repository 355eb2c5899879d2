import type { Logger } from "pino";
import { isLoopback, type ServerOptions } from "../config.js";

type ExposureSettings = Pick<
  ServerOptions,
  "host" | "verifySignatures" | "accessKeys" | "portalPassword" | "adminToken" | "insecureBind"
>;

/**
 * Checked before gt-local binds. On loopback (the default) only this machine reaches it, so
 * everything stays open, as with every local emulator. Beyond loopback it always warns, saying what
 * strangers can reach, and refuses to start unless something guards it: signature verification or
 * a portal password (or `--insecure-bind`, for a container whose published port is the boundary).
 */
export function checkExposure(settings: ExposureSettings, logger: Logger): void {
  if (settings.verifySignatures && settings.accessKeys.length === 0) {
    throw new Error(
      "--verify-signatures needs at least one key: --access-key <id>:<secret> (or GT_LOCAL_ACCESS_KEYS=<id>:<secret>,...)",
    );
  }
  if (isLoopback(settings.host)) return;
  logger.warn(
    { host: settings.host, open: openSurfaces(settings) },
    "gt-local binds beyond loopback: anyone who can reach this address can use whatever is open",
  );
  if (settings.verifySignatures || settings.portalPassword !== undefined || settings.insecureBind) return;
  throw new Error(
    `--host ${settings.host} reaches beyond loopback: add --verify-signatures (with --access-key <id>:<secret>) or --portal-password <password>, or --insecure-bind to accept that anyone on the network can use gt-local`,
  );
}

/** What a stranger on the network could use, for the warning. */
function openSurfaces(settings: ExposureSettings): string[] {
  const sessionGuard = settings.portalPassword ?? settings.adminToken;
  return [
    ...(settings.verifySignatures ? [] : ["SageMaker and S3 (every access key works)"]),
    ...(sessionGuard === undefined ? ["the worker portal and dashboard"] : []),
    ...(sessionGuard === undefined ? ["the testing/admin API (state export and import, reset)"] : []),
  ];
}
