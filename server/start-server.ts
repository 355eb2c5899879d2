import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { pino, type Logger } from "pino";
import type { Clock } from "../emulator/clock.js";
import { Emulator } from "../emulator/emulator.js";
import { createApp } from "./app.js";
import { DEFAULT_OPTIONS, isLoopback, type ServerOptions } from "./config.js";

export interface RunningServer {
  /** `http://host:port`, the endpoint URL to give every AWS client. */
  url: string;
  port: number;
  emulator: Emulator;
  logger: Logger;
  /** Stops accepting connections, finishes in-flight requests, closes the database. */
  close(): Promise<void>;
}

export interface StartOptions extends Partial<ServerOptions> {
  clock?: Clock;
  logger?: Logger;
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const config: ServerOptions = { ...DEFAULT_OPTIONS, ...definedOnly(options) };
  const logger = options.logger ?? pino({ level: config.logLevel, base: { service: "gt-local" } });
  const emulator = new Emulator({
    dataDir: config.dataDir,
    inMemory: config.inMemory,
    accountId: config.accountId,
    defaultRegion: config.region,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const app = createApp({ emulator, logger, defaultRegion: config.region });
  const server = createServer(app);
  // Keep-alive sockets outlive idle SDK clients; do not let them hold a shutdown open.
  server.keepAliveTimeout = 5_000;
  await listen(server, config.port, config.host).catch(async (error: unknown) => {
    await emulator.close();
    throw error;
  });
  const { port } = server.address() as AddressInfo;
  if (!isLoopback(config.host)) {
    logger.warn(
      { host: config.host },
      "gt-local is listening beyond loopback: anyone who can reach this address can use it",
    );
  }
  const displayHost = config.host.includes(":") ? `[${config.host}]` : config.host;
  return {
    url: `http://${displayHost === "0.0.0.0" ? "127.0.0.1" : displayHost}:${port}`,
    port,
    emulator,
    logger,
    close: () => close(server, emulator),
  };
}

function definedOnly(options: StartOptions): Partial<ServerOptions> {
  const { clock: _clock, logger: _logger, ...rest } = options;
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

function close(server: Server, emulator: Emulator): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => {
      emulator.close().then(() => {
        if (error) reject(error);
        else resolve();
      }, reject);
    });
    server.closeIdleConnections();
  });
}
