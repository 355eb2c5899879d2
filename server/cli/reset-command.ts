import { Option, type Command } from "commander";
import { guarded } from "./cli-error.js";
import { withConnection, withConnectionOptions, type ConnectionOptions } from "./connection.js";

/** `gt-local reset`: POST /_gt/api/reset, back to the seed state (if any) or to empty. */
export function addResetCommand(program: Command): void {
  withConnectionOptions(
    program
      .command("reset")
      .description("remove every job, worker, team, bucket and object (or go back to the --seed-state)")
      .addOption(
        new Option("--to <state>", "empty, or seed (default: seed when the server has one)").choices([
          "empty",
          "seed",
        ]),
      ),
  ).action(async (options: ConnectionOptions & { to?: "empty" | "seed" }) => {
    await guarded(options.endpoint, () =>
      withConnection(options, async ({ admin, endpoint }) => {
        const to = await admin.reset(options.to === undefined ? {} : { to: options.to });
        process.stdout.write(
          `Reset gt-local at ${endpoint} to ${to === "seed" ? "its seed state" : "empty"}.\n`,
        );
      }),
    );
  });
}
