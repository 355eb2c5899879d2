import { Command, Option } from "commander";
import { GT_LOCAL_VERSION } from "../http/health.js";
import { addDescribeCommand } from "./describe-command.js";
import { addExportCommand } from "./export-command.js";
import { addJobsCommand } from "./jobs-command.js";
import { addLabelCommand } from "./label/label-command.js";
import { addResetCommand } from "./reset-command.js";
import { addStartCommand } from "./start/start-command.js";
import { addWorkersCommand } from "./workers-command.js";

/** The exit code for "the command line itself is wrong" (unknown option, missing argument). */
const USAGE_ERROR = 2;

/**
 * The `gt-local` program: `start` (the default, so `gt-local` alone and `npm start` run the server)
 * and the client commands that talk to a running gt-local. Usage errors are one `gt-local: ...`
 * line with exit code 2; failures while running are one line with exit code 1 (cli-error.ts).
 */
export function buildProgram(): Command {
  const program = new Command()
    .name("gt-local")
    .description("A local emulator of Amazon SageMaker Ground Truth")
    .version(GT_LOCAL_VERSION)
    .addOption(new Option("--debug", "print the stack trace of an error").env("GT_LOCAL_DEBUG"))
    // Set before the commands are made: `command()` copies these settings into each one.
    .configureOutput({
      outputError: (message, write) => {
        write(`gt-local: ${message.replace(/^error: /u, "")}`);
      },
    })
    .exitOverride((error) => {
      const clean = ["commander.helpDisplayed", "commander.help", "commander.version"].includes(error.code);
      process.exit(clean ? 0 : USAGE_ERROR);
    });
  addStartCommand(program);
  addLabelCommand(program);
  addJobsCommand(program);
  addDescribeCommand(program);
  addExportCommand(program);
  addWorkersCommand(program);
  addResetCommand(program);
  return program;
}
