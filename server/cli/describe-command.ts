import type { Command } from "commander";
import { guarded } from "./cli-error.js";
import { withConnection, withConnectionOptions, type ConnectionOptions } from "./connection.js";

/** `gt-local describe <job>`: DescribeLabelingJob's answer as pretty JSON (dates in ISO-8601). */
export function addDescribeCommand(program: Command): void {
  withConnectionOptions(
    program
      .command("describe")
      .description("print a labeling job as DescribeLabelingJob returns it (JSON)")
      .argument("<job>", "the labeling job's name"),
  ).action(async (job: string, options: ConnectionOptions) => {
    await guarded(options.endpoint, () =>
      withConnection(options, async ({ sagemaker }) => {
        // Loaded here rather than with the program, which `gt-local start` also loads.
        const { DescribeLabelingJobCommand } = await import("@aws-sdk/client-sagemaker");
        const { $metadata: _metadata, ...description } = await sagemaker.send(
          new DescribeLabelingJobCommand({ LabelingJobName: job }),
        );
        process.stdout.write(`${JSON.stringify(description, null, 2)}\n`);
      }),
    );
  });
}
