import { InvalidArgumentError, Option } from "commander";
import type { SimulationPolicy } from "../../../emulator/simulation/policy.js";
import { DEFAULT_OPTIONS, LOG_LEVELS, type ServerOptions } from "../../config.js";
import { readSimulationOption } from "../../simulation-option.js";
import { parseAccessKeyList, type AccessKey } from "../../auth/access-keys.js";

/**
 * Every option of `gt-local start` (the default command), as data: each has a `GT_LOCAL_*`
 * environment variable but `--lambda`, and flags win over the environment. The README's
 * configuration table lists the same options.
 */

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new InvalidArgumentError("must be a whole number from 0 to 65535");
  }
  return port;
}

function parseCount(value: string): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count < 0) throw new InvalidArgumentError("must be a whole number");
  return count;
}

function parseAccountId(value: string): string {
  if (!/^\d{12}$/u.test(value)) throw new InvalidArgumentError("must be 12 digits");
  return value;
}

function parseHttpUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === "http:" || url.protocol === "https:") return value;
  } catch {
    // Reported below with the expected shape.
  }
  throw new InvalidArgumentError("must be an http:// or https:// URL");
}

function parseSimulation(value: string): SimulationPolicy {
  try {
    return readSimulationOption(value);
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
  }
}

/** `--access-key` repeats, and its variable holds a comma-separated list: both add up. */
function parseAccessKeys(value: string, previous: AccessKey[]): AccessKey[] {
  try {
    return [...previous, ...parseAccessKeyList(value)];
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
  }
}

export function startOptions(): Option[] {
  return [
    new Option("--port <port>", "port to listen on (0 picks a free one)")
      .env("GT_LOCAL_PORT")
      .default(DEFAULT_OPTIONS.port)
      .argParser(parsePort),
    new Option("--host <host>", "address to bind; beyond loopback prints a warning")
      .env("GT_LOCAL_HOST")
      .default(DEFAULT_OPTIONS.host),
    new Option("--data-dir <dir>", "where state persists (versioned inside: v1/)")
      .env("GT_LOCAL_DATA_DIR")
      .default(DEFAULT_OPTIONS.dataDir),
    new Option("--in-memory", "keep all state in memory; nothing is written to disk").env(
      "GT_LOCAL_IN_MEMORY",
    ),
    new Option("--account-id <id>", "AWS account id used in ARNs")
      .env("GT_LOCAL_ACCOUNT_ID")
      .default(DEFAULT_OPTIONS.accountId)
      .argParser(parseAccountId),
    new Option("--region <region>", "region for requests that carry no SigV4 credential scope")
      .env("GT_LOCAL_REGION")
      .default(DEFAULT_OPTIONS.region),
    new Option(
      "--s3-endpoint <url>",
      "keep objects in this external S3 (MinIO, LocalStack, AWS) instead of the embedded store",
    ).env("GT_LOCAL_S3_ENDPOINT"),
    new Option("--s3-force-path-style", "use path-style URLs with the external S3").env(
      "GT_LOCAL_S3_FORCE_PATH_STYLE",
    ),
    new Option("--s3-region <region>", "region of the external S3 (default: --region)").env(
      "GT_LOCAL_S3_REGION",
    ),
    new Option(
      "--s3-public-endpoint <url>",
      "the S3 URL workers' browsers reach (signed video URLs); default: --s3-endpoint, or gt-local's own",
    )
      .env("GT_LOCAL_S3_PUBLIC_ENDPOINT")
      .argParser(parseHttpUrl),
    new Option("--start-delay-ms <ms>", "how long a new job stays Initializing")
      .env("GT_LOCAL_START_DELAY_MS")
      .default(DEFAULT_OPTIONS.startDelayMs)
      .argParser(parseCount),
    new Option("--max-objects-per-job <n>", "data objects one job may have")
      .env("GT_LOCAL_MAX_OBJECTS_PER_JOB")
      .default(DEFAULT_OPTIONS.maxObjectsPerJob)
      .argParser(parseCount),
    new Option(
      "--lambda <arn=file>",
      "run a Lambda ARN (or function name) with a local handler file; repeatable",
    )
      .default([])
      .argParser((value: string, previous: string[]) => [...previous, value]),
    new Option(
      "--lambda-endpoint <url>",
      "Lambda Invoke API for other custom ARNs (e.g. sam local start-lambda)",
    ).env("GT_LOCAL_LAMBDA_ENDPOINT"),
    new Option("--config-dir <dir>", "where gt-local.config.json is read from")
      .env("GT_LOCAL_CONFIG_DIR")
      .default("."),
    new Option(
      "--consolidation <method>",
      "built-in consolidation for jobs without a gt-local:consolidation tag",
    )
      .env("GT_LOCAL_CONSOLIDATION")
      .default("majority-vote")
      .choices(["majority-vote", "dawid-skene"]),
    new Option(
      "--events-webhook <url>",
      "POST labeling job state change events (EventBridge-shaped) here",
    ).env("GT_LOCAL_EVENTS_WEBHOOK"),
    new Option(
      "--portal-password <password>",
      "ask workers for this password in the portal and the testing API",
    ).env("GT_LOCAL_PORTAL_PASSWORD"),
    new Option(
      "--verify-signatures",
      "refuse SageMaker and S3 requests that are not SigV4-signed by an --access-key",
    ).env("GT_LOCAL_VERIFY_SIGNATURES"),
    new Option(
      "--access-key <id:secret>",
      "a key --verify-signatures accepts; repeatable (the variable takes id:secret,id:secret)",
    )
      .env("GT_LOCAL_ACCESS_KEYS")
      .default([])
      .argParser(parseAccessKeys),
    new Option(
      "--admin-token <token>",
      "the testing API then needs Authorization: Bearer <token> (or a portal session)",
    ).env("GT_LOCAL_ADMIN_TOKEN"),
    new Option(
      "--insecure-bind",
      "allow a --host beyond loopback with neither --verify-signatures nor --portal-password",
    ).env("GT_LOCAL_INSECURE_BIND"),
    new Option("--manual-clock", "stop time: it moves only through POST /_gt/api/clock/advance").env(
      "GT_LOCAL_MANUAL_CLOCK",
    ),
    new Option("--simulate <json|@file>", "simulated workers label every new job under this policy")
      .env("GT_LOCAL_SIMULATE")
      .argParser(parseSimulation),
    new Option(
      "--seed-state <dir>",
      "a state export to load at start (into a fresh state only) and to reset to",
    ).env("GT_LOCAL_SEED_STATE"),
    new Option(
      "--demo",
      "create a ready video classification job (gt-local-demo) on the sample clips once listening",
    ).env("GT_LOCAL_DEMO"),
    new Option("--log-level <level>", "request log level")
      .env("GT_LOCAL_LOG_LEVEL")
      .default("info")
      .choices(LOG_LEVELS),
  ];
}

/** What commander hands the start action: the server's options plus the CLI's own. */
export type StartCommandOptions = Omit<
  ServerOptions,
  | "inMemory"
  | "s3ForcePathStyle"
  | "manualClock"
  | "lambdaPairs"
  | "verifySignatures"
  | "accessKeys"
  | "insecureBind"
> & {
  inMemory?: boolean;
  s3ForcePathStyle?: boolean;
  manualClock?: boolean;
  verifySignatures?: boolean;
  insecureBind?: boolean;
  accessKey: AccessKey[];
  lambda: string[];
  demo?: boolean;
};

/** The options startServer takes, from what commander parsed. */
export function serverOptionsFrom(options: StartCommandOptions): ServerOptions {
  const { demo: _demo, lambda, accessKey, ...rest } = options;
  return {
    ...rest,
    inMemory: options.inMemory ?? false,
    s3ForcePathStyle: options.s3ForcePathStyle ?? false,
    manualClock: options.manualClock ?? false,
    verifySignatures: options.verifySignatures ?? false,
    insecureBind: options.insecureBind ?? false,
    accessKeys: accessKey,
    lambdaPairs: lambda,
  };
}
