import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pino, type Logger } from "pino";
import { ManualClock, type Clock } from "../emulator/clock.js";
import { Emulator } from "../emulator/emulator.js";
import type { ExternalS3Options } from "../emulator/objects/external/s3-client.js";
import type { ObjectStore } from "../emulator/objects/object-store.js";
import {
  createLambdaInvoker,
  loadLambdaConfig,
  type LambdaConfig,
} from "../emulator/lambdas/lambda-invoker.js";
import { createApp } from "./app.js";
import { AccessKeyring, type AccessKey } from "./auth/access-keys.js";
import { checkExposure } from "./auth/exposure.js";
import { deliverEventsTo } from "./http/event-delivery.js";
import { keepFreedUploadBuffers } from "./http/malloc-thresholds.js";
import { DEFAULT_OPTIONS, type ServerOptions } from "./config.js";
import { LazyUrlSigner } from "./lazy-url-signer.js";

export interface RunningServer {
  /** `http://host:port`, the endpoint URL to give every AWS client. */
  url: string;
  port: number;
  emulator: Emulator;
  logger: Logger;
  /**
   * Keys for SDK clients: the first `accessKeys` entry, which `--verify-signatures` accepts and
   * gt-local signs its own URLs with; without one, `gt-local` (every key works then).
   */
  credentials: AccessKey;
  /** Stops accepting connections, finishes in-flight requests, closes the database. */
  close(): Promise<void>;
}

export interface StartOptions extends Partial<ServerOptions> {
  /** Lambda resolution given directly (programmatic use), instead of flags and the config file. */
  lambdaConfig?: LambdaConfig;
  clock?: Clock;
  logger?: Logger;
  /** Keys for the external S3; by default the SDK's standard chain (environment, profile, ...). */
  s3Credentials?: { accessKeyId: string; secretAccessKey: string };
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const config: ServerOptions = { ...DEFAULT_OPTIONS, ...definedOnly(options) };
  const logger = options.logger ?? pino({ level: config.logLevel, base: { service: "gt-local" } });
  // Before anything opens: beyond loopback, refuse to start unguarded (server/auth/exposure.ts).
  checkExposure(config, logger);
  keepFreedUploadBuffers();
  const keyring = new AccessKeyring(config.accessKeys);
  const external: ExternalS3Options | undefined =
    config.s3Endpoint === undefined
      ? undefined
      : {
          endpoint: config.s3Endpoint,
          region: config.s3Region ?? config.region,
          forcePathStyle: config.s3ForcePathStyle,
          ...(options.s3Credentials ? { credentials: options.s3Credentials } : {}),
        };
  const lambdas = createLambdaInvoker(
    options.lambdaConfig ??
      loadLambdaConfig({
        dir: config.configDir,
        cliPairs: config.lambdaPairs,
        ...(config.lambdaEndpoint === undefined ? {} : { cliEndpoint: config.lambdaEndpoint }),
      }),
  );
  const externalObjectStore = external ? await externalStore(external) : undefined;
  const emulator = new Emulator({
    lambdas,
    ...(externalObjectStore ? { externalObjectStore } : {}),
    dataDir: config.dataDir,
    inMemory: config.inMemory,
    accountId: config.accountId,
    defaultRegion: config.region,
    engine: {
      startDelayMs: config.startDelayMs,
      maxObjectsPerJob: config.maxObjectsPerJob,
      consolidation: config.consolidation,
    },
    onInternalError: (error) => {
      logger.error({ err: error }, "gt-local failed while running a labeling job");
    },
    ...(config.simulate === undefined ? {} : { simulate: config.simulate }),
    ...(options.clock
      ? { clock: options.clock }
      : config.manualClock
        ? { clock: new ManualClock(new Date()) }
        : {}),
  });
  if (config.seedState !== undefined) await useSeedState(emulator, config.seedState, logger);
  const app = createApp({
    emulator,
    logger,
    defaultRegion: config.region,
    ...(config.s3Endpoint === undefined ? {} : { externalS3Endpoint: config.s3Endpoint }),
    ...(config.portalPassword === undefined ? {} : { portalPassword: config.portalPassword }),
    ...(config.adminToken === undefined ? {} : { adminToken: config.adminToken }),
    ...(config.verifySignatures ? { verifySignatures: keyring } : {}),
  });
  const stopDelivery =
    config.eventsWebhook === undefined
      ? undefined
      : deliverEventsTo(config.eventsWebhook, emulator.events, logger);
  const server = createServer(app);
  const openResponses = trackResponses(server);
  // Keep-alive sockets outlive idle SDK clients; do not let them hold a shutdown open.
  server.keepAliveTimeout = 5_000;
  await listen(server, config.port, config.host).catch(async (error: unknown) => {
    await emulator.close();
    throw error;
  });
  const { port } = server.address() as AddressInfo;
  const displayHost = config.host.includes(":") ? `[${config.host}]` : config.host;
  const url = `http://${displayHost === "0.0.0.0" ? "127.0.0.1" : displayHost}:${port}`;
  // Browser URLs for objects point at whichever S3 holds them: ours (signed with the first configured
  // key, which --verify-signatures accepts; else with gt-local's, as every key is accepted) or theirs,
  // as the browser reaches it (--s3-public-endpoint: e.g. MinIO's published port, not its compose name).
  emulator.useUrlSigner(
    new LazyUrlSigner(
      external
        ? { ...external, endpoint: config.s3PublicEndpoint ?? external.endpoint }
        : {
            endpoint: config.s3PublicEndpoint ?? url,
            region: config.region,
            forcePathStyle: true,
            credentials: keyring.signingKey,
          },
    ),
  );
  return {
    url,
    port,
    emulator,
    logger,
    credentials: keyring.signingKey,
    close: async () => {
      stopDelivery?.();
      await close(server, emulator, openResponses);
      await lambdas.close();
    },
  };
}

/**
 * Loaded only for an external S3: the AWS SDK's S3 client is slow to load, and the embedded store
 * does not need it.
 */
async function externalStore(options: ExternalS3Options): Promise<ObjectStore> {
  const { ExternalObjectStore } = await import("../emulator/objects/external/external-object-store.js");
  return new ExternalObjectStore(options);
}

/**
 * `--seed-state`: the folder becomes what a reset returns to, and is loaded now if the state is
 * fresh. A data dir that already holds state is kept (a restart never wipes it); a bad folder
 * stops the start with its reason.
 */
async function useSeedState(emulator: Emulator, dir: string, logger: Logger): Promise<void> {
  try {
    const outcome = await emulator.state.useSeedFolder(dir);
    if (outcome === "imported") {
      logger.info({ seedState: dir }, "loaded the seed state");
    } else {
      logger.warn(
        { seedState: dir },
        "the data dir already holds state, so the seed state was not loaded; POST /_gt/api/reset loads it",
      );
    }
  } catch (error) {
    await emulator.close();
    throw new Error(`--seed-state ${dir}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}

function definedOnly(options: StartOptions): Partial<ServerOptions> {
  const {
    clock: _clock,
    logger: _logger,
    s3Credentials: _credentials,
    lambdaConfig: _lambdas,
    ...rest
  } = options;
  // An explicit `undefined` (e.g. an unset CLI flag) must not override a default.
  const entries: [string, unknown][] = Object.entries(rest);
  return Object.fromEntries(entries.filter(([, value]) => value !== undefined));
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

/**
 * How long a shutdown waits for requests in flight (a large upload on a slow link, say) before it
 * cuts them. Long enough for ordinary work to finish; short enough that a client that stalled
 * mid-request cannot hold the process forever.
 */
export const SHUTDOWN_GRACE_MS = 10_000;

function close(server: Server, emulator: Emulator, responses: ReadonlySet<ServerResponse>): Promise<void> {
  return new Promise((resolve, reject) => {
    // A keep-alive socket turns idle only when its last response has gone out: close each one as
    // soon as it is idle instead of waiting out the keep-alive timeout. Event streams never end by
    // themselves, so they are ended at once; every other request in flight finishes (its writes
    // committed and acknowledged) before the database closes, within the grace period.
    const sweep = (): void => {
      server.closeIdleConnections();
      endEventStreams(responses);
    };
    const sweeper = setInterval(sweep, 20);
    const cutOff = setTimeout(() => {
      server.closeAllConnections();
    }, SHUTDOWN_GRACE_MS);
    server.close((error) => {
      clearInterval(sweeper);
      clearTimeout(cutOff);
      emulator.close().then(() => {
        if (error) reject(error);
        else resolve();
      }, reject);
    });
    sweep();
  });
}

/** Cuts the connections that carry a server-sent event stream (`GET /_gt/api/events`). */
function endEventStreams(responses: ReadonlySet<ServerResponse>): void {
  for (const response of responses) {
    const type = response.getHeader("content-type");
    if (typeof type === "string" && type.startsWith("text/event-stream")) response.socket?.destroy();
  }
}

/** The responses the server has not finished, so that a shutdown can tell streams from the rest. */
function trackResponses(server: Server): ReadonlySet<ServerResponse> {
  const open = new Set<ServerResponse>();
  server.on("request", (_request: IncomingMessage, response: ServerResponse) => {
    open.add(response);
    response.on("close", () => open.delete(response));
  });
  return open;
}
