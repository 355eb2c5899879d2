/**
 * Target 4's output half: a job whose objects all carry their answers, brought to Completed by the
 * real engine, which writes the whole output tree (worker responses, consolidation files,
 * intermediate and final manifests) into the embedded store on disk. Answers are put straight into
 * the job's tables (the task loop's speed is target 3's business); the clock starts when the engine
 * is told, batch by batch as a real job's answers arrive, so it runs its iterations as usual.
 */
import { DescribeLabelingJobCommand, type SageMakerClient } from "@aws-sdk/client-sagemaker";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ClaimIndex } from "../../emulator/engine/tasks/claim-index.js";
import { DataObjectRepository } from "../../emulator/engine/tasks/object-repository.js";
import { TaskRepository } from "../../emulator/engine/tasks/task-repository.js";
import { startServer, type RunningServer } from "../../server/start-server.js";
import { createJob, jobRequest, manifestText, s3For, sagemakerFor, uploadInputs } from "./job-setup.js";

export interface OutputRun {
  method: string;
  objects: number;
  /** Time the engine spent consolidating and writing, summed over the batches. */
  engineMs: number;
  iterations: number;
  files: number;
  bytes: number;
}

const BATCHES = 10;

function countOutput(server: RunningServer, prefix: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  let after: string | undefined;
  for (;;) {
    const page = server.emulator.s3?.listObjects({
      bucket: "bucket",
      prefix,
      maxKeys: 1000,
      ...(after === undefined ? {} : { after }),
    });
    if (!page) break;
    files += page.objects.length;
    for (const object of page.objects) bytes += object.size;
    if (!page.isTruncated || page.lastEntry === undefined) break;
    after = page.lastEntry;
  }
  return { files, bytes };
}

async function waitInProgress(
  server: RunningServer,
  sagemaker: SageMakerClient,
  name: string,
): Promise<string> {
  for (let attempt = 0; attempt < 3000; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    await server.emulator.engine.idle();
    const job = await sagemaker.send(new DescribeLabelingJobCommand({ LabelingJobName: name }));
    if (job.LabelingJobStatus === "InProgress") return job.LabelingJobArn ?? "";
    if (job.LabelingJobStatus !== "Initializing")
      throw new Error(`job ${name} is ${String(job.LabelingJobStatus)}`);
  }
  throw new Error(`job ${name} did not start within 30 s`);
}

export async function runOutputJob(
  objects: number,
  labels: readonly string[],
  method: "majority-vote" | "dawid-skene",
): Promise<OutputRun> {
  const dataDir = mkdtempSync(join(tmpdir(), "gt-local-bench-output-"));
  const server = await startServer({
    port: 0,
    dataDir,
    logLevel: "silent",
    startDelayMs: 0,
    consolidation: method,
  });
  const sagemaker = sagemakerFor(server.url);
  const s3 = s3For(server.url);
  try {
    const name = `output-${method}`;
    await uploadInputs(s3, manifestText(objects), labels);
    await createJob(sagemaker, jobRequest(name, { workers: 3, maxConcurrent: 1000 }));
    const arn = await waitInProgress(server, sagemaker, name);

    const db = server.emulator.db;
    // Repositories of the bench's own: the server's claim index never sees these rows, which is
    // safe (its proposals are checked against SQL) and moot (nobody claims in this job).
    const claims = new ClaimIndex();
    const dataObjects = new DataObjectRepository(db, claims);
    const tasks = new TaskRepository(db, claims);
    const perBatch = Math.ceil(objects / BATCHES);
    let engineMs = 0;
    for (let first = 0; first < objects; first += perBatch) {
      const now = Date.now();
      dataObjects.transaction(() => {
        for (let objectId = first; objectId < Math.min(objects, first + perBatch); objectId++) {
          for (let k = 0; k < 3; k++) {
            const id = `bench-${objectId}-${k}`;
            // 100 workers; most agree, every seventh answer differs, so consolidation has work to do.
            const label = labels[(objectId + ((objectId + k) % 7 === 0 ? k + 1 : 0)) % labels.length] ?? "";
            tasks.insert({
              id,
              job_arn: arn,
              object_id: objectId,
              worker_id: `w${(objectId + k * 37) % 100}`,
              state: "claimed",
              claimed_ms: now,
              deadline_ms: now + 300_000,
              finished_ms: null,
              answer_json: null,
            });
            tasks.finish(
              { id, job_arn: arn, object_id: objectId },
              "submitted",
              now,
              JSON.stringify({ "crowd-classifier": { label } }),
            );
          }
          dataObjects.finish(arn, objectId, { state: "labeled", by: "human" }, now);
        }
      });
      const start = performance.now();
      await server.emulator.engine.objectsChanged(arn);
      await server.emulator.engine.idle();
      engineMs += performance.now() - start;
    }
    const done = await sagemaker.send(new DescribeLabelingJobCommand({ LabelingJobName: name }));
    if (done.LabelingJobStatus !== "Completed") {
      throw new Error(`job ${name} ended ${String(done.LabelingJobStatus)}: ${String(done.FailureReason)}`);
    }
    const iterations = db
      .prepare<[string], { iterations: number }>("SELECT iterations FROM job_runs WHERE job_arn = ?")
      .get(arn)?.iterations;
    const { files, bytes } = countOutput(server, `path/file-to-store-output-data/${name}/`);
    return {
      method,
      objects,
      engineMs,
      iterations: iterations ?? Number.NaN,
      files,
      bytes,
    };
  } finally {
    sagemaker.destroy();
    s3.destroy();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
