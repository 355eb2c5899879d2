import { pino } from "pino";
import { isLoopback } from "../../config.js";
import { startServer, type RunningServer } from "../../start-server.js";
import { CliError, errorLine, isUnreachable } from "../cli-error.js";

/**
 * `gt-local label` works with or without a running gt-local: when nothing answers at `--endpoint`,
 * it starts one inside its own process on that address (state in `--data-dir`, so a second run
 * finds the same job), and stops it when labeling ends. A server somebody else runs is used as it is.
 */
export interface LabelServer {
  /** Set when this process started the server (and must stop it). */
  own?: RunningServer;
  close(): Promise<void>;
}

const HEALTH_TIMEOUT_MS = 3_000;

export async function ensureServer(endpoint: string, dataDir: string): Promise<LabelServer> {
  if (await answersAsGtLocal(endpoint)) return { close: () => Promise.resolve() };
  const url = new URL(endpoint);
  const host = url.hostname.replace(/^\[|\]$/gu, "");
  if (!isLoopback(host)) {
    throw new CliError(`nothing answers at ${endpoint}: start gt-local there (gt-local start)`);
  }
  const port = url.port === "" ? (url.protocol === "https:" ? 443 : 80) : Number(url.port);
  if (url.protocol !== "http:") {
    throw new CliError(`nothing answers at ${endpoint}, and gt-local can only start itself on http://`);
  }
  let server: RunningServer;
  try {
    server = await startServer({
      host,
      port,
      dataDir,
      // The terminal belongs to the progress line: only errors, and on stderr.
      logger: pino({ level: "error", base: { service: "gt-local" } }, pino.destination(2)),
    });
  } catch (error) {
    throw new CliError(
      `nothing answers at ${endpoint} and gt-local could not start there: ${errorLine(error)}`,
      {
        cause: error,
      },
    );
  }
  process.stdout.write(`Started gt-local at ${server.url} (state in ${dataDir}) until labeling ends.\n`);
  return { own: server, close: () => server.close() };
}

/** GET /_gt/health; something else on the port (or a dead port) is told apart. */
async function answersAsGtLocal(endpoint: string): Promise<boolean> {
  let response: Response;
  try {
    response = await fetch(`${endpoint}/_gt/health`, { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
  } catch (error) {
    if (isUnreachable(error)) return false;
    throw new CliError(`${endpoint} does not answer: ${errorLine(error)}`, { cause: error });
  }
  const body = (await response.json().catch(() => undefined)) as { status?: unknown } | undefined;
  if (response.ok && body?.status === "ok") return true;
  throw new CliError(`${endpoint} answers, but it is not gt-local (GET /_gt/health gave ${response.status})`);
}
