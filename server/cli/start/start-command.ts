import type { Command } from "commander";
import { GT_LOCAL_VERSION } from "../../http/health.js";
import { startServer, type RunningServer } from "../../start-server.js";
import { errorLine } from "../cli-error.js";
import { serverOptionsFrom, startOptions, type StartCommandOptions } from "./start-options.js";

/** `gt-local start` (also `gt-local` with no command, and `npm start`): runs the server until a signal. */
export function addStartCommand(program: Command): void {
  const command = program
    .command("start", { isDefault: true })
    .description("start the emulator: SageMaker, S3, the worker portal and the testing API on one port")
    .addHelpText(
      "after",
      "\nEvery option but --lambda also reads the GT_LOCAL_* environment variable shown; flags win.",
    )
    // As the default command, start receives whichever word was not a command: name it as such.
    .allowExcessArguments();
  for (const option of startOptions()) command.addOption(option);
  command.action(async (options: StartCommandOptions, self: Command) => {
    const [word] = self.args;
    if (word !== undefined) self.error(`unknown command '${word}' (gt-local --help lists them)`);
    await runServer(options);
  });
}

async function runServer(options: StartCommandOptions): Promise<void> {
  const config = serverOptionsFrom(options);
  let server: RunningServer;
  try {
    server = await startServer(config);
  } catch (error) {
    process.stderr.write(`gt-local: could not start: ${errorLine(error)}\n`);
    process.exitCode = 1;
    return;
  }
  server.logger.info(
    {
      endpoint: server.url,
      dataDir: config.inMemory ? ":memory:" : config.dataDir,
      s3: config.s3Endpoint ?? "embedded",
    },
    `gt-local ${GT_LOCAL_VERSION} listening on ${server.url}`,
  );
  stopOnSignals(server);
  if (options.demo === true) await announceDemo(server, config.region);
}

async function announceDemo(server: RunningServer, region: string): Promise<void> {
  const portalUrl = `${server.url}/_gt/`;
  try {
    // Loaded for --demo only: it talks to the server through the AWS SDK's SageMaker client.
    const { createDemoJob, DEMO_JOB_NAME } = await import("./demo-job.js");
    const outcome = await createDemoJob(server, region);
    const message = `demo job ${DEMO_JOB_NAME} is ready: open ${portalUrl} and press Start working`;
    server.logger.info({ demoJob: DEMO_JOB_NAME, portalUrl, outcome }, message);
    // The URL is the point of --demo: say it even when the log is quieter than info.
    if (!server.logger.isLevelEnabled("info")) process.stdout.write(`gt-local: ${message}\n`);
  } catch (error) {
    // The server itself is fine: keep serving, and say why there is no demo.
    process.stderr.write(`gt-local: the demo job could not be created: ${errorLine(error)}\n`);
  }
}

function stopOnSignals(server: RunningServer): void {
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
}
