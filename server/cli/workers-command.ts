import type { Command } from "commander";
import { guarded } from "./cli-error.js";
import { withConnection, withConnectionOptions, type ConnectionOptions } from "./connection.js";
import { renderTable } from "./table.js";

interface AddWorkerOptions extends ConnectionOptions {
  email?: string;
  groups?: string[];
  id?: string;
}

const commaList = (value: string): string[] =>
  value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");

/** `gt-local workers add|list`: the local workers who label in the portal (the testing API's). */
export function addWorkersCommand(program: Command): void {
  const workers = program.command("workers").description("add or list the local workers of the portal");

  withConnectionOptions(
    workers
      .command("add")
      .description("add a local worker (in the default team's group unless --groups)")
      .argument("<name>", "the display name")
      .option("--email <email>", "the worker's email (default: <id>@workers.gt-local.test)")
      .option("--groups <groups>", "comma-separated user groups (default: gt-local-workers)", commaList)
      .option("--id <id>", "the worker id: letters, digits, - and _ (default: a random one)"),
  ).action(async (name: string, options: AddWorkerOptions) => {
    await guarded(options.endpoint, () =>
      withConnection(options, async ({ admin }) => {
        const worker = await admin.createWorker({
          displayName: name,
          ...(options.email === undefined ? {} : { email: options.email }),
          ...(options.groups === undefined ? {} : { groups: options.groups }),
          ...(options.id === undefined ? {} : { id: options.id }),
        });
        process.stdout.write(
          `Added worker ${worker.id} (${worker.displayName}, ${worker.email}) in ${worker.groups.join(", ")}.\n`,
        );
      }),
    );
  });

  withConnectionOptions(workers.command("list").description("list the local workers")).action(
    async (options: ConnectionOptions) => {
      await guarded(options.endpoint, () =>
        withConnection(options, async ({ admin }) => {
          const rows = (await admin.listWorkers()).map((worker) => [
            worker.id,
            worker.displayName,
            worker.email,
            worker.groups.join(", "),
          ]);
          process.stdout.write(`${await renderTable(["Id", "Name", "Email", "Groups"], rows)}\n`);
        }),
      );
    },
  );
}
