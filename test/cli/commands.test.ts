import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { ListLabelingJobsCommand, SageMakerClient } from "@aws-sdk/client-sagemaker";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGtLocal, type GtLocal } from "../../server/programmatic/index.js";
import { s3ClientFor } from "../helpers/job-fixtures.js";
import { expectOneLineError, runCli, SAMPLE_TRUTH, SAMPLE_VIDEOS, temporaryFolder } from "./cli-process.js";

/**
 * The commands beside `label`, each once, against a gt-local the test runs (`--endpoint`), with
 * one job that `label` made and simulated workers finished.
 */
describe("gt-local jobs, describe, export, workers and reset", () => {
  let gt: GtLocal;
  let sagemaker: SageMakerClient;
  const work = temporaryFolder();
  const JOB = "cli-commands";
  const cli = (args: string[]) => runCli([...args, "--endpoint", gt.endpoint], { cwd: work.dir });

  beforeAll(async () => {
    gt = await startGtLocal();
    sagemaker = new SageMakerClient({
      endpoint: gt.endpoint,
      region: gt.region,
      credentials: gt.credentials,
    });
    const truth = readFileSync(SAMPLE_TRUTH, "utf8");
    const made = await cli([
      "label",
      join(SAMPLE_VIDEOS, "*.mp4"),
      "--labels",
      "Test card,Fractal,Automaton",
      "--job",
      JOB,
      "--simulate",
      `{"truth": {"map": ${truth}}}`,
    ]);
    expect(made.code, made.stderr).toBe(0);
  });
  afterAll(async () => {
    sagemaker.destroy();
    await gt.stop();
    work.remove();
  });

  it("jobs: a table with name, status, progress and creation time", async () => {
    const result = await cli(["jobs"]);
    expect(result.code, result.stderr).toBe(0);
    const row = result.stdout.split("\n").find((line) => line.includes(JOB)) ?? "";
    expect(row).toMatch(/│ cli-commands\s+│ Completed\s+│ 3\/3\s+│ \d{4}-\d\d-\d\d \d\d:\d\d:\d\d │/u);
    expect(result.stdout).toMatch(/│ Name\s+│ Status\s+│ Labeled\s+│ Created\s+│/u);
  });

  it("describe: DescribeLabelingJob as JSON, and one line for a job that does not exist", async () => {
    const result = await cli(["describe", JOB]);
    expect(result.code, result.stderr).toBe(0);
    const job = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(job).toMatchObject({
      LabelingJobName: JOB,
      LabelingJobStatus: "Completed",
      LabelCounters: { TotalLabeled: 3, HumanLabeled: 3 },
      OutputConfig: { S3OutputPath: `s3://gt-local-label/${JOB}/output` },
    });
    expect(job).not.toHaveProperty("$metadata");

    const missing = await cli(["describe", "no-such-job"]);
    expect(missing.code).toBe(1);
    expect(expectOneLineError(missing.stderr)).toMatch(/^gt-local: ResourceNotFound: .*no-such-job/u);
  });

  it("export: every object under <S3OutputPath>/<job>/, with its relative layout", async () => {
    const out = join(work.dir, "export");
    const result = await cli(["export", JOB, "--out", out]);
    expect(result.code, result.stderr).toBe(0);
    const s3 = s3ClientFor({ url: gt.endpoint });
    const prefix = `${JOB}/output/${JOB}/`;
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: "gt-local-label", Prefix: prefix }));
    s3.destroy();
    const keys = (listed.Contents ?? []).map((object) => object.Key?.slice(prefix.length) ?? "");
    expect(keys).toContain("manifests/output/output.manifest");
    expect(keys.some((key) => key.startsWith("annotations/worker-response/iteration-1/"))).toBe(true);
    for (const key of keys) expect(existsSync(join(out, key)), key).toBe(true);
    expect(result.stdout).toContain(`Exported ${String(keys.length)} files`);
    const written = readFileSync(join(out, "manifests/output/output.manifest"), "utf8");
    expect(written.trim().split("\n")).toHaveLength(3);
  });

  it("workers add and list", async () => {
    const added = await cli([
      "workers",
      "add",
      "Ada Lovelace",
      "--id",
      "ada",
      "--groups",
      "reviewers, gt-local-workers",
    ]);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain(
      "Added worker ada (Ada Lovelace, ada@workers.gt-local.test) in reviewers, gt-local-workers.",
    );
    const worker = (await gt.admin.listWorkers()).find((each) => each.id === "ada");
    expect(worker?.groups).toEqual(["reviewers", "gt-local-workers"]);

    const listed = await cli(["workers", "list"]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(
      /│ ada\s+│ Ada Lovelace\s+│ ada@workers\.gt-local\.test\s+│ reviewers, gt-local-workers\s+│/u,
    );
    expect(listed.stdout).toContain("localworker00001");

    const again = await cli(["workers", "add", "Ada", "--id", "ada"]);
    expect(again.code).toBe(1);
    expect(expectOneLineError(again.stderr)).toBe(
      "gt-local: ResourceInUse: A worker with id ada already exists.",
    );
  });

  it("reset: empties gt-local (runs last: it removes the job the others read)", async () => {
    const result = await cli(["reset", "--to", "empty"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`Reset gt-local at ${gt.endpoint} to empty.\n`);
    const jobs = await sagemaker.send(new ListLabelingJobsCommand({}));
    expect(jobs.LabelingJobSummaryList).toEqual([]);
    expect((await cli(["jobs"])).stdout).toBe("No labeling jobs in us-east-1.\n");
  });

  it("says in one line that nothing answers at the endpoint", async () => {
    const result = await runCli(["jobs", "--endpoint", "http://127.0.0.1:9"]);
    expect(result.code).toBe(1);
    expect(expectOneLineError(result.stderr)).toBe(
      "gt-local: nothing answers at http://127.0.0.1:9: start gt-local there (gt-local start) or pass --endpoint",
    );
  });
});
