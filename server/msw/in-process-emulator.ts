import type { Logger } from "pino";
import type { Clock } from "../../emulator/clock.js";
import type { ConsolidationMethod } from "../../emulator/consolidation/index.js";
import { Emulator } from "../../emulator/emulator.js";
import {
  createLambdaInvoker,
  loadLambdaConfig,
  type LambdaConfig,
  type LambdaInvoker,
} from "../../emulator/lambdas/lambda-invoker.js";
import { PresigningUrlSigner } from "../../emulator/objects/external/presigning-url-signer.js";
import type { SimulationPolicy } from "../../emulator/simulation/policy.js";
import { DEFAULT_OPTIONS } from "../config.js";

/** What an in-process gt-local can be told: startGtLocal's options that make sense without a port. */
export interface InProcessOptions {
  /** Region for requests without a SigV4 scope and for the admin client; default `us-east-1`. */
  region?: string;
  /** The AWS account id in ARNs; default `123456789012`. */
  accountId?: string;
  /** A ManualClock makes time (and so every timestamp) deterministic; default the system clock. */
  clock?: Clock;
  /** How long a new job stays Initializing; default 500 ms. */
  startDelayMs?: number;
  maxObjectsPerJob?: number;
  /** The built-in consolidation for jobs without a `gt-local:consolidation` tag. */
  consolidation?: ConsolidationMethod;
  /** Lambda resolution; by default `gt-local.config.json` in `configDir`, as the server reads it. */
  lambdaConfig?: LambdaConfig;
  configDir?: string;
  /** Keep state in this folder instead of memory (the default is in-memory, nothing on disk). */
  dataDir?: string;
  /** Simulated workers label every new job under this policy (the server's `--simulate`). */
  simulate?: SimulationPolicy;
}

export interface InProcessEmulator {
  emulator: Emulator;
  lambdas: LambdaInvoker;
}

/** The Emulator startServer would build, with the same defaults, minus the port. */
export function createInProcessEmulator(options: InProcessOptions, logger: Logger): InProcessEmulator {
  const lambdas = createLambdaInvoker(
    options.lambdaConfig ?? loadLambdaConfig({ dir: options.configDir ?? DEFAULT_OPTIONS.configDir }),
  );
  const emulator = new Emulator({
    lambdas,
    dataDir: options.dataDir ?? DEFAULT_OPTIONS.dataDir,
    inMemory: options.dataDir === undefined,
    accountId: options.accountId ?? DEFAULT_OPTIONS.accountId,
    defaultRegion: options.region ?? DEFAULT_OPTIONS.region,
    engine: {
      startDelayMs: options.startDelayMs ?? DEFAULT_OPTIONS.startDelayMs,
      maxObjectsPerJob: options.maxObjectsPerJob ?? DEFAULT_OPTIONS.maxObjectsPerJob,
      consolidation: options.consolidation ?? DEFAULT_OPTIONS.consolidation,
    },
    onInternalError: (error) => {
      logger.error({ err: error }, "gt-local failed while running a labeling job");
    },
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.simulate === undefined ? {} : { simulate: options.simulate }),
  });
  return { emulator, lambdas };
}

/**
 * `grant_read_access` URLs point at the endpoint the handlers answer on (path-style, every key pair is
 * accepted), so a test that fetches them is answered by the same handlers.
 */
export function signUrlsFor(emulator: Emulator, endpoint: string, region: string): void {
  emulator.useUrlSigner(
    new PresigningUrlSigner({
      endpoint,
      region,
      forcePathStyle: true,
      credentials: { accessKeyId: "gt-local", secretAccessKey: "gt-local" },
    }),
  );
}
