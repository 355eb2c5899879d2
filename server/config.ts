/** Everything a gt-local server can be told at start (flags, environment, or the programmatic API). */
export interface ServerOptions {
  port: number;
  host: string;
  dataDir: string;
  inMemory: boolean;
  accountId: string;
  /** Region for requests without a SigV4 credential scope (browsers, curl). */
  region: string;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
}

export const DEFAULT_OPTIONS: ServerOptions = {
  port: 4700,
  host: "127.0.0.1",
  dataDir: "./.gt-local",
  inMemory: false,
  accountId: "123456789012",
  region: "us-east-1",
  logLevel: "info",
};

export const LOG_LEVELS: readonly ServerOptions["logLevel"][] = [
  "fatal",
  "error",
  "warn",
  "info",
  "debug",
  "trace",
  "silent",
];

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/u;
export const isLoopback = (host: string): boolean => LOOPBACK.test(host);
