import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { DescribeLabelingJobCommand, SageMakerClient } from "@aws-sdk/client-sagemaker";
import { readdirSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { GtLocalAdmin } from "../../server/programmatic/index.js";
import { SAMPLE_VIDEOS, spawnCli, temporaryFolder, type CliRun } from "./cli-process.js";

const credentials = { accessKeyId: "test", secretAccessKey: "test" };

/** Starts `gt-local start --demo ...` and resolves with its demo log line (the endpoint is in the URL). */
async function startDemo(args: string[]): Promise<{ run: CliRun; portalUrl: string; outcome: string }> {
  const run = spawnCli(["start", "--demo", "--port", "0", ...args]);
  const entry = JSON.parse(await run.line(/"demoJob":"gt-local-demo"/u)) as {
    portalUrl: string;
    outcome: string;
  };
  return { run, portalUrl: entry.portalUrl, outcome: entry.outcome };
}

describe("gt-local start --demo", () => {
  const running: CliRun[] = [];
  afterEach(async () => {
    for (const run of running.splice(0)) {
      run.child.kill("SIGTERM");
      await run.exit();
    }
  });

  it("creates a ready video classification job on the sample clips, in memory", async () => {
    const { run, portalUrl, outcome } = await startDemo(["--in-memory"]);
    running.push(run);
    expect(outcome).toBe("created");
    expect(portalUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/_gt\/$/u);
    const endpoint = portalUrl.replace(/\/_gt\/$/u, "");
    expect((await fetch(portalUrl)).status).toBe(200);

    await new GtLocalAdmin(endpoint).waitFor("gt-local-demo", "InProgress");
    const sagemaker = new SageMakerClient({ endpoint, region: "us-east-1", credentials });
    const job = await sagemaker.send(new DescribeLabelingJobCommand({ LabelingJobName: "gt-local-demo" }));
    sagemaker.destroy();
    expect(job.LabelCounters?.Unlabeled).toBe(readdirSync(SAMPLE_VIDEOS).length);
    expect(job.HumanTaskConfig?.NumberOfHumanWorkersPerDataObject).toBe(1);
    expect(job.HumanTaskConfig?.WorkteamArn).toMatch(/workteam\/private-crowd\/example-team$/u);

    const s3 = new S3Client({ endpoint, region: "us-east-1", credentials, forcePathStyle: true });
    const categories = await s3.send(
      new GetObjectCommand({ Bucket: "gt-local-demo", Key: "label-categories.json" }),
    );
    const labels = (
      JSON.parse((await categories.Body?.transformToString()) ?? "") as { labels: { label: string }[] }
    ).labels;
    s3.destroy();
    expect(labels.map((entry) => entry.label)).toEqual(["Test card", "Fractal", "Automaton"]);

    // The default worker gets a task at once: the first thing a newcomer sees is work.
    const task = await new GtLocalAdmin(endpoint).claimTask("localworker00001", "gt-local-demo");
    expect(task?.taskInput).toMatchObject({ labels: ["Test card", "Fractal", "Automaton"] });
  });

  it("leaves the job alone when it already exists (a restart on the same data dir)", async () => {
    const data = temporaryFolder();
    try {
      const first = await startDemo(["--data-dir", data.dir]);
      expect(first.outcome).toBe("created");
      first.run.child.kill("SIGTERM");
      expect(await first.run.exit()).toBe(0);
      const second = await startDemo(["--data-dir", data.dir]);
      running.push(second.run);
      expect(second.outcome).toBe("existed");
    } finally {
      for (const run of running.splice(0)) {
        run.child.kill("SIGTERM");
        await run.exit();
      }
      data.remove();
    }
  });
});
