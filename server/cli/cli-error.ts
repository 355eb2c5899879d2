import { AdminApiError } from "../programmatic/admin-client.js";

/**
 * How every command reports failure: one line, `gt-local: <message>` on stderr, exit code 1, and
 * a stack trace only with `--debug` or `GT_LOCAL_DEBUG=1`. A person reading a terminal wants to know
 * what went wrong and what to do, not where in gt-local it was noticed.
 */

/** A failure the CLI itself explains (a missing folder, a job that failed, ...). */
export class CliError extends Error {
  override readonly name = "CliError";
}

/** Node's codes for "nothing listens there" (the SDK and fetch both surface them, often nested). */
const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ECONNRESET", "EAI_AGAIN"]);

/** Whether the error (or one it wraps) says that nothing answered at the address. */
export function isUnreachable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const pending: unknown[] = [error];
  while (pending.length > 0) {
    const current = pending.pop();
    if (typeof current !== "object" || current === null || seen.has(current)) continue;
    seen.add(current);
    const { code } = current as { code?: unknown };
    if (typeof code === "string" && UNREACHABLE_CODES.has(code)) return true;
    pending.push((current as { cause?: unknown }).cause);
    if (current instanceof AggregateError) pending.push(...(current.errors as unknown[]));
  }
  return false;
}

/** AWS SDK service errors carry `$metadata` and the AWS error code as their name. */
function isServiceError(error: Error): boolean {
  return "$metadata" in error && error.name !== "Error";
}

/** The one line that describes `error` to a person. */
export function errorLine(error: unknown, endpoint?: string): string {
  if (error instanceof CliError) return error.message;
  if (isUnreachable(error) && endpoint !== undefined) {
    return `nothing answers at ${endpoint}: start gt-local there (gt-local start) or pass --endpoint`;
  }
  if (error instanceof AdminApiError) return `${error.code}: ${error.message}`;
  if (error instanceof Error) {
    const message = error.message.split("\n")[0] ?? "";
    if (isServiceError(error)) return `${error.name}: ${message}`;
    return message === "" ? error.name : message;
  }
  return String(error);
}

export const debugRequested = (argv: readonly string[] = process.argv): boolean =>
  argv.includes("--debug") || ["1", "true"].includes(process.env.GT_LOCAL_DEBUG ?? "");

/** Prints the error as one line (plus its stack when debugging) and sets a failing exit code. */
export function reportError(error: unknown, endpoint?: string): void {
  process.stderr.write(`gt-local: ${errorLine(error, endpoint)}\n`);
  if (debugRequested() && error instanceof Error && error.stack !== undefined) {
    process.stderr.write(`${error.stack}\n`);
  }
  process.exitCode = 1;
}

/** Runs a command's action, turning whichever error it throws into the one-line report. */
export async function guarded(endpoint: string | undefined, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    reportError(error, endpoint);
  }
}
