import { CreateBucketCommand, HeadObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { ListLabelingJobsCommand, SageMakerClient } from "@aws-sdk/client-sagemaker";
import { readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGtLocal, type GtLocal } from "../../server/programmatic/index.js";
import { s3ClientFor } from "../helpers/job-fixtures.js";
import {
  expectOneLineError,
  freePort,
  runCli,
  SAMPLE_TRUTH,
  SAMPLE_VIDEOS,
  spawnCli,
  temporaryFolder,
} from "./cli-process.js";

const truth = JSON.parse(readFileSync(SAMPLE_TRUTH, "utf8")) as Record<string, string>;
const LABELS = "Test card,Fractal,Automaton";

/** Class names of the output manifest, keyed by clip name. */
function labelsIn(path: string): Record<string, string> {
  const lines = readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as { "source-ref": string; "label-metadata": { "class-name": string } });
  return Object.fromEntries(
    lines.map((line) => [basename(line["source-ref"]), line["label-metadata"]["class-name"]]),
  );
}

describe("gt-local label, run again after it was stopped", () => {
  let gt: GtLocal;
  let sagemaker: SageMakerClient;
  const work = temporaryFolder();

  beforeAll(async () => {
    gt = await startGtLocal();
    sagemaker = new SageMakerClient({
      endpoint: gt.endpoint,
      region: gt.region,
      credentials: gt.credentials,
    });
    writeFileSync(join(work.dir, "policy.json"), JSON.stringify({ truth: { map: truth } }));
  });
  afterAll(async () => {
    sagemaker.destroy();
    await gt.stop();
    work.remove();
  });

  it("after Ctrl-C while waiting, says how to resume, and resumes the same job without uploading again", async () => {
    await gt.admin.reset();
    const args = ["label", SAMPLE_VIDEOS, "--labels", LABELS, "--endpoint", gt.endpoint];
    // No simulated workers: the job waits for people, so the interrupt lands while waiting.
    const first = spawnCli(args, { cwd: work.dir });
    const jobName = /as job (\S+)\./u.exec(await first.line(/as job /u))?.[1] ?? "";
    await first.line(/^Waiting for /u);
    const before = await jobsAndVideos(jobName);
    first.child.kill("SIGINT");
    expect(await first.exit()).toBe(130);
    const message = expectOneLineError(first.stderr());
    expect(message).toContain(`job ${jobName} keeps what was done`);
    expect(message).toContain(
      `Resume it with: gt-local label ${SAMPLE_VIDEOS} --labels 'Test card,Fractal,Automaton'`,
    );

    const second = await runCli([...args, "--simulate", "@policy.json"], { cwd: work.dir });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain(`Resuming labeling job ${jobName} (InProgress, 0/6 labeled)`);
    expect(second.stdout).not.toContain("Uploaded");
    expect(await jobsAndVideos(jobName)).toEqual(before);
    expect(labelsIn(join(work.dir, `${jobName}.output.manifest`))).toEqual(truth);
  });

  it("uploads only the videos that are missing or changed, then creates the job", async () => {
    await gt.admin.reset();
    const s3 = s3ClientFor({ url: gt.endpoint });
    const prefix = "half-done/videos";
    // As if an earlier run had stopped mid-upload: two clips are there, one of them with other bytes.
    await s3.send(new CreateBucketCommand({ Bucket: "gt-local-label" }));
    const put = (name: string, body: Buffer | string) =>
      s3.send(new PutObjectCommand({ Bucket: "gt-local-label", Key: `${prefix}/${name}`, Body: body }));
    await put("color-bars.webm", readFileSync(join(SAMPLE_VIDEOS, "color-bars.webm")));
    await put("test-pattern.mp4", "not the clip");
    s3.destroy();

    const result = await runCli(
      [
        "label",
        SAMPLE_VIDEOS,
        "--labels",
        LABELS,
        "--job",
        "half-done",
        "--simulate",
        "@policy.json",
        "--endpoint",
        gt.endpoint,
      ],
      { cwd: work.dir },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("1 of 6 videos are already uploaded.");
    const uploaded = [...result.stdout.matchAll(/^Uploaded (\S+)/gmu)].map((match) => match[1]);
    expect(uploaded).toEqual([
      "cellular-automaton.mp4",
      "fractal-zoom.mp4",
      "rgb-stripes.webm",
      "sierpinski-carpet.webm",
      "test-pattern.mp4",
    ]);
    expect(labelsIn(join(work.dir, "half-done.output.manifest"))).toEqual(truth);
  });

  it("after the process is killed, finds the job in the state of the gt-local it started", async () => {
    const endpoint = `http://127.0.0.1:${String(await freePort())}`;
    const args = [
      "label",
      SAMPLE_VIDEOS,
      "--labels",
      LABELS,
      "--endpoint",
      endpoint,
      "--data-dir",
      join(work.dir, "state"),
    ];
    const first = spawnCli(args, { cwd: work.dir });
    const jobName = /as job (\S+)\./u.exec(await first.line(/as job /u))?.[1] ?? "";
    await first.line(/^Waiting for /u);
    first.child.kill("SIGKILL");
    await first.exit();

    const second = await runCli([...args, "--simulate", "@policy.json"], { cwd: work.dir });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain(`Started gt-local at ${endpoint}`);
    expect(second.stdout).toContain(`Resuming labeling job ${jobName}`);
    expect(second.stdout).not.toContain("Uploaded");
    expect(labelsIn(join(work.dir, `${jobName}.output.manifest`))).toEqual(truth);
  });

  /** What must not change when a job is resumed: the one job's creation, and each stored video. */
  async function jobsAndVideos(jobName: string): Promise<unknown> {
    const jobs = await sagemaker.send(new ListLabelingJobsCommand({}));
    const s3 = s3ClientFor({ url: gt.endpoint });
    const videos = await Promise.all(
      Object.keys(truth).map(async (clip) => {
        const head = await s3.send(
          new HeadObjectCommand({ Bucket: "gt-local-label", Key: `${jobName}/videos/${clip}` }),
        );
        return [clip, head.ETag, head.LastModified?.toISOString()];
      }),
    );
    s3.destroy();
    return {
      jobs: jobs.LabelingJobSummaryList?.map((job) => [job.LabelingJobName, job.CreationTime?.toISOString()]),
      videos,
    };
  }
});
