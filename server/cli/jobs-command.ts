import type { LabelingJobSummary, SageMakerClient } from "@aws-sdk/client-sagemaker";
import type { Command } from "commander";
import { guarded } from "./cli-error.js";
import { withConnection, withConnectionOptions, type ConnectionOptions } from "./connection.js";
import { localTime, progressText } from "./format.js";
import { renderTable } from "./table.js";

/** `gt-local jobs`: every labeling job in the region, newest first, with its status and progress. */
export function addJobsCommand(program: Command): void {
  withConnectionOptions(
    program.command("jobs").description("list the labeling jobs: name, status, progress, created"),
  ).action(async (options: ConnectionOptions) => {
    await guarded(options.endpoint, () =>
      withConnection(options, async ({ sagemaker, region }) => {
        const jobs = await listAllJobs(sagemaker);
        if (jobs.length === 0) {
          process.stdout.write(`No labeling jobs in ${region}.\n`);
          return;
        }
        const rows = jobs.map((job) => [
          job.LabelingJobName ?? "",
          job.LabelingJobStatus ?? "",
          progressText(job.LabelCounters),
          localTime(job.CreationTime),
        ]);
        process.stdout.write(`${await renderTable(["Name", "Status", "Labeled", "Created"], rows)}\n`);
      }),
    );
  });
}

async function listAllJobs(sagemaker: SageMakerClient): Promise<LabelingJobSummary[]> {
  // Loaded here rather than with the program, which `gt-local start` also loads.
  const { ListLabelingJobsCommand } = await import("@aws-sdk/client-sagemaker");
  const jobs: LabelingJobSummary[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sagemaker.send(
      new ListLabelingJobsCommand({
        SortBy: "CreationTime",
        SortOrder: "Descending",
        MaxResults: 100,
        ...(nextToken === undefined ? {} : { NextToken: nextToken }),
      }),
    );
    jobs.push(...(page.LabelingJobSummaryList ?? []));
    nextToken = page.NextToken;
  } while (nextToken !== undefined);
  return jobs;
}
