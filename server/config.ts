import { DEFAULT_ENGINE_OPTIONS } from "../emulator/emulator.js";
import type { SimulationPolicy } from "../emulator/simulation/policy.js";
import type { AccessKey } from "./auth/access-keys.js";

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
  /** An external S3 endpoint (MinIO, LocalStack, AWS) instead of the embedded store. */
  s3Endpoint?: string;
  /** Path-style addressing for the external S3 (what most local S3s need). */
  s3ForcePathStyle: boolean;
  /** Region of the external S3; defaults to `region`. */
  s3Region?: string;
  /**
   * The S3 endpoint as workers' browsers reach it, for the URLs `grant_read_access` signs (e.g.
   * `http://localhost:9000` when gt-local itself reaches MinIO at `http://minio:9000`). Defaults to
   * `s3Endpoint`, or gt-local's own URL with the embedded store.
   */
  s3PublicEndpoint?: string;
  /** How long a new job stays Initializing, in milliseconds. */
  startDelayMs: number;
  /** Data objects one job may have (AWS's quota is 100,000). */
  maxObjectsPerJob: number;
  /** Time stands still until the testing API advances it (a ManualClock starting now). */
  manualClock: boolean;
  /** `<arn or function name>=<handler file>` pairs (`--lambda`), over gt-local.config.json's. */
  lambdaPairs: string[];
  /** A Lambda Invoke API endpoint (e.g. `sam local start-lambda`) for other custom ARNs. */
  lambdaEndpoint?: string;
  /** Where gt-local.config.json is looked for, and relative handler paths start. */
  configDir: string;
  /** When set, the worker portal and the testing API ask for this password. */
  portalPassword?: string;
  /** Refuse SageMaker and S3 requests that are not SigV4-signed by one of `accessKeys`. */
  verifySignatures: boolean;
  /** The keys `verifySignatures` accepts; the first also signs gt-local's own presigned URLs. */
  accessKeys: AccessKey[];
  /** When set, the testing/admin API needs `Authorization: Bearer <token>` (or a portal session). */
  adminToken?: string;
  /**
   * Bind beyond loopback with neither signature verification nor a portal password, e.g. inside a
   * container whose published port is the real boundary. Without it such a start is refused.
   */
  insecureBind: boolean;
  /** Where EventBridge-shaped job state change events are POSTed (Completed, Failed, Stopped). */
  eventsWebhook?: string;
  /** The built-in consolidation for jobs without a `gt-local:consolidation` tag. */
  consolidation: "majority-vote" | "dawid-skene";
  /**
   * A state export to start from and reset to (`--seed-state`). Imported at start only into a
   * fresh state; relative to the working directory.
   */
  seedState?: string;
  /** Simulated workers label every new job under this policy (README, "Simulated workers"). */
  simulate?: SimulationPolicy;
}

export const DEFAULT_OPTIONS: ServerOptions = {
  port: 4700,
  host: "127.0.0.1",
  dataDir: "./.gt-local",
  inMemory: false,
  accountId: "123456789012",
  region: "us-east-1",
  logLevel: "info",
  s3ForcePathStyle: false,
  startDelayMs: DEFAULT_ENGINE_OPTIONS.startDelayMs,
  maxObjectsPerJob: DEFAULT_ENGINE_OPTIONS.maxObjectsPerJob,
  manualClock: false,
  lambdaPairs: [],
  configDir: ".",
  consolidation: DEFAULT_ENGINE_OPTIONS.consolidation,
  verifySignatures: false,
  accessKeys: [],
  insecureBind: false,
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
