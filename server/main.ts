import { Command, InvalidArgumentError, Option } from "commander";
import { DEFAULT_OPTIONS, LOG_LEVELS, type ServerOptions } from "./config.js";
import { GT_LOCAL_VERSION } from "./http/health.js";
import { startServer } from "./start-server.js";

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

const program = new Command()
  .name("gt-local")
  .description("A local emulator of Amazon SageMaker Ground Truth")
  .version(GT_LOCAL_VERSION)
  .addOption(
    new Option("--port <port>", "port to listen on (0 picks a free one)")
      .env("GT_LOCAL_PORT")
      .default(DEFAULT_OPTIONS.port)
      .argParser(parsePort),
  )
  .addOption(
    new Option("--host <host>", "address to bind; beyond loopback prints a warning")
      .env("GT_LOCAL_HOST")
      .default(DEFAULT_OPTIONS.host),
  )
  .addOption(
    new Option("--data-dir <dir>", "where state persists (versioned inside: v1/)")
      .env("GT_LOCAL_DATA_DIR")
      .default(DEFAULT_OPTIONS.dataDir),
  )
  .addOption(
    new Option("--in-memory", "keep all state in memory; nothing is written to disk").env(
      "GT_LOCAL_IN_MEMORY",
    ),
  )
  .addOption(
    new Option("--account-id <id>", "AWS account id used in ARNs")
      .env("GT_LOCAL_ACCOUNT_ID")
      .default(DEFAULT_OPTIONS.accountId)
      .argParser(parseAccountId),
  )
  .addOption(
    new Option("--region <region>", "region for requests that carry no SigV4 credential scope")
      .env("GT_LOCAL_REGION")
      .default(DEFAULT_OPTIONS.region),
  )
  .addOption(
    new Option(
      "--s3-endpoint <url>",
      "keep objects in this external S3 (MinIO, LocalStack, AWS) instead of the embedded store",
    ).env("GT_LOCAL_S3_ENDPOINT"),
  )
  .addOption(
    new Option("--s3-force-path-style", "use path-style URLs with the external S3").env(
      "GT_LOCAL_S3_FORCE_PATH_STYLE",
    ),
  )
  .addOption(
    new Option("--s3-region <region>", "region of the external S3 (default: --region)").env(
      "GT_LOCAL_S3_REGION",
    ),
  )
  .addOption(
    new Option("--start-delay-ms <ms>", "how long a new job stays Initializing")
      .env("GT_LOCAL_START_DELAY_MS")
      .default(DEFAULT_OPTIONS.startDelayMs)
      .argParser(parseCount),
  )
  .addOption(
    new Option("--max-objects-per-job <n>", "data objects one job may have")
      .env("GT_LOCAL_MAX_OBJECTS_PER_JOB")
      .default(DEFAULT_OPTIONS.maxObjectsPerJob)
      .argParser(parseCount),
  )
  .addOption(
    new Option(
      "--lambda <arn=file>",
      "run a Lambda ARN (or function name) with a local handler file; repeatable",
    )
      .default([])
      .argParser((value: string, previous: string[]) => [...previous, value]),
  )
  .addOption(
    new Option(
      "--lambda-endpoint <url>",
      "Lambda Invoke API for other custom ARNs (e.g. sam local start-lambda)",
    ).env("GT_LOCAL_LAMBDA_ENDPOINT"),
  )
  .addOption(
    new Option("--config-dir <dir>", "where gt-local.config.json is read from")
      .env("GT_LOCAL_CONFIG_DIR")
      .default("."),
  )
  .addOption(
    new Option(
      "--consolidation <method>",
      "built-in consolidation for jobs without a gt-local:consolidation tag",
    )
      .env("GT_LOCAL_CONSOLIDATION")
      .default("majority-vote")
      .choices(["majority-vote", "dawid-skene"]),
  )
  .addOption(
    new Option(
      "--events-webhook <url>",
      "POST labeling job state change events (EventBridge-shaped) here",
    ).env("GT_LOCAL_EVENTS_WEBHOOK"),
  )
  .addOption(
    new Option(
      "--portal-password <password>",
      "ask workers for this password in the portal and the testing API",
    ).env("GT_LOCAL_PORTAL_PASSWORD"),
  )
  .addOption(
    new Option("--manual-clock", "stop time: it moves only through POST /_gt/api/clock/advance").env(
      "GT_LOCAL_MANUAL_CLOCK",
    ),
  )
  .addOption(
    new Option("--log-level <level>", "request log level")
      .env("GT_LOCAL_LOG_LEVEL")
      .default("info")
      .choices(LOG_LEVELS),
  );

program.parse();
const options = program.opts<
  Omit<ServerOptions, "inMemory" | "s3ForcePathStyle" | "manualClock"> & {
    inMemory?: boolean;
    s3ForcePathStyle?: boolean;
    manualClock?: boolean;
    lambda: string[];
  }
>();

try {
  const server = await startServer({
    ...options,
    inMemory: options.inMemory ?? false,
    s3ForcePathStyle: options.s3ForcePathStyle ?? false,
    manualClock: options.manualClock ?? false,
    lambdaPairs: options.lambda,
  });
  server.logger.info(
    {
      endpoint: server.url,
      dataDir: options.inMemory ? ":memory:" : options.dataDir,
      s3: options.s3Endpoint ?? "embedded",
    },
    `gt-local ${GT_LOCAL_VERSION} listening on ${server.url}`,
  );
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    server.logger.info({ signal }, "shutting down");
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.logger.error({ err: error }, "error during shutdown");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => {
    shutdown("SIGINT");
  });
  process.on("SIGTERM", () => {
    shutdown("SIGTERM");
  });
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`gt-local: could not start: ${message}\n`);
  process.exit(1);
}
