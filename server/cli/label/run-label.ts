import type { DescribeLabelingJobCommandOutput } from "@aws-sdk/client-sagemaker";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import open from "open";
import type { SimulationPolicy } from "../../../emulator/simulation/policy.js";
import { CliError, errorLine } from "../cli-error.js";
import { connect, type Connection } from "../connection.js";
import { progressText, shellQuote } from "../format.js";
import { videoTemplatePath } from "../samples.js";
import { s3Uri, videoKey } from "../video-job-request.js";
import { workteamArn } from "../workteams.js";
import { ensureServer, type LabelServer } from "./ensure-server.js";
import { findVideos, type VideoSelection } from "./find-videos.js";
import { checkSameLabels, createLabelJob, findJob, layoutFor } from "./job-inputs.js";
import { jobNameFor } from "./job-name.js";
import type { LabelOptions } from "./label-options.js";
import { readLabelSimulation, withSourceRefs } from "./simulation-policy.js";
import { waitForJob } from "./wait-for-job.js";
import { writeOutputManifest } from "./write-output.js";

/**
 * The work of `gt-local label` (label-command.ts defines the command): find the videos, start or
 * resume the job, wait for it, write the output manifest.
 */
export async function label(target: string, options: LabelOptions): Promise<void> {
  // Everything that can be wrong on this machine is checked before anything is sent.
  const selection = await findVideos(target);
  const template = await readTemplate(options.template ?? videoTemplatePath());
  const policy = options.simulate === undefined ? undefined : readLabelSimulation(options.simulate);
  const jobName = options.job ?? jobNameFor(selection.stem, selection.identity);
  const out = resolve(options.out ?? `${jobName}.output.manifest`);

  const server = await ensureServer(options.endpoint, options.dataDir);
  const connection = await connect(options);
  const stopOnInterrupt = interruptHandler(jobName, server, connection);
  try {
    const job = await startOrResume(connection, jobName, selection, template, options);
    if (policy !== undefined && !isTerminal(job)) await simulate(connection, jobName, selection, policy);
    const finished = isTerminal(job) ? job : await follow(connection, jobName, options.open === true);
    await finish(connection, finished, options.labels, out);
  } finally {
    stopOnInterrupt();
    connection.close();
    await server.close();
  }
}

async function startOrResume(
  connection: Connection,
  jobName: string,
  selection: VideoSelection,
  template: string,
  options: LabelOptions,
): Promise<DescribeLabelingJobCommandOutput> {
  const existing = await findJob(connection, jobName);
  if (existing !== undefined) {
    await checkSameLabels(connection.s3, existing, options.labels);
    process.stdout.write(
      `${isTerminal(existing) ? "Found" : "Resuming"} labeling job ${jobName} (${existing.LabelingJobStatus ?? ""}, ${progressText(existing.LabelCounters)} labeled).\n`,
    );
    return existing;
  }
  const arn = await workteamArn(connection.sagemaker, connection.region, options.team);
  process.stdout.write(
    `Labeling ${selection.videos.length} videos in ${selection.baseDir} as job ${jobName}.\n`,
  );
  await createLabelJob(connection, {
    name: jobName,
    layout: layoutFor(jobName),
    videos: selection.videos,
    labels: options.labels,
    template,
    workteamArn: arn,
    workers: options.workers,
    title: `Classify the videos of ${selection.stem}`,
  });
  const created = await findJob(connection, jobName);
  if (created === undefined) throw new CliError(`job ${jobName} vanished right after it was created`);
  return created;
}

async function simulate(
  connection: Connection,
  jobName: string,
  selection: VideoSelection,
  policy: SimulationPolicy,
): Promise<void> {
  const layout = layoutFor(jobName);
  const refs = new Map(
    selection.videos.map((video) => [
      video.relativePath,
      s3Uri(layout, videoKey(layout, video.relativePath)),
    ]),
  );
  const simulation = await connection.admin.simulate(jobName, withSourceRefs(policy, refs));
  process.stdout.write(
    `Simulated workers label the job: ${simulation.workers.map((worker) => worker.id).join(", ")}.\n`,
  );
}

async function follow(
  connection: Connection,
  jobName: string,
  openPortal: boolean,
): Promise<DescribeLabelingJobCommandOutput> {
  const portal = `${connection.endpoint}/_gt/`;
  process.stdout.write(
    `Label in the worker portal: ${portal}\n` +
      `Follow the job on the dashboard: ${connection.endpoint}/_gt/dashboard/jobs/${encodeURIComponent(jobName)}?region=${connection.region}\n`,
  );
  if (openPortal) {
    await open(portal).catch((error: unknown) => {
      process.stderr.write(
        `gt-local: could not open a browser (${errorLine(error)}); open ${portal} yourself\n`,
      );
    });
  }
  process.stdout.write(
    `Waiting for ${jobName} to finish (Ctrl-C stops waiting; the job keeps its answers).\n`,
  );
  return waitForJob(connection.endpoint, connection.sagemaker, jobName);
}

async function finish(
  connection: Connection,
  job: DescribeLabelingJobCommandOutput,
  labels: readonly string[],
  out: string,
): Promise<void> {
  const name = job.LabelingJobName ?? "";
  const status = job.LabelingJobStatus ?? "";
  if (status === "Failed")
    throw new CliError(`job ${name} failed: ${job.FailureReason ?? "no reason given"}`);
  const { lines, labelCounts } = await writeOutputManifest(connection.s3, job, out);
  const counts = labels
    .filter((labelName) => labelCounts.has(labelName))
    .map((labelName) => `${labelName} ${labelCounts.get(labelName) ?? 0}`)
    .join(", ");
  process.stdout.write(
    `Job ${name} is ${status}: ${progressText(job.LabelCounters)} labeled${counts === "" ? "" : ` (${counts})`}.\n` +
      `Wrote the output manifest (${lines} lines) to ${out}\n`,
  );
}

const isTerminal = (job: DescribeLabelingJobCommandOutput): boolean =>
  ["Completed", "Failed", "Stopped"].includes(job.LabelingJobStatus ?? "");

async function readTemplate(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new CliError(`cannot read the template ${path}: ${errorLine(error)}`, { cause: error });
  }
}

/**
 * Ctrl-C (or SIGTERM) while uploading or waiting: say how to resume, stop the server this process
 * started (its state is saved), and exit 130 as shells expect after an interrupt.
 */
function interruptHandler(jobName: string, server: LabelServer, connection: Connection): () => void {
  const onSignal = (): void => {
    // Show the cursor again (the progress bar hides it) and leave the progress line.
    if (process.stdout.isTTY) process.stdout.write("\x1b[?25h\n");
    const again = ["gt-local", ...process.argv.slice(2)].map(shellQuote).join(" ");
    process.stderr.write(`gt-local: stopped; job ${jobName} keeps what was done. Resume it with: ${again}\n`);
    connection.close();
    server.close().then(
      () => process.exit(130),
      () => process.exit(130),
    );
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  return () => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  };
}
