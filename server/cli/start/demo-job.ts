import {
  DescribeLabelingJobCommand,
  CreateLabelingJobCommand,
  SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { RunningServer } from "../../start-server.js";
import { sampleVideosDir, videoTemplatePath } from "../samples.js";
import { isVideoFile, videoContentType } from "../video-files.js";
import {
  categoriesKey,
  labelCategoriesText,
  manifestKey,
  manifestText,
  templateKey,
  videoClassificationRequest,
  videoKey,
  type JobLayout,
} from "../video-job-request.js";
import { workteamArn } from "../workteams.js";

/**
 * `gt-local start --demo`: a video classification job on the sample clips, ready in the portal, so
 * the first thing a newcomer sees is work. Idempotent: a restart with `--demo` on the same data dir
 * finds the job and leaves it (and its answers) alone.
 *
 * The files go through the emulator's object store rather than the S3 API, so the demo works with an
 * external S3 too (where gt-local's own S3 routes refuse requests); the job is created through the
 * SageMaker API, as a user's code would.
 */
export const DEMO_JOB_NAME = "gt-local-demo";
export const DEMO_LAYOUT: JobLayout = { bucket: "gt-local-demo", prefix: "" };
/** The categories of samples/truth.json. */
export const DEMO_LABELS = ["Test card", "Fractal", "Automaton"] as const;

export async function createDemoJob(server: RunningServer, region: string): Promise<"created" | "existed"> {
  const sagemaker = new SageMakerClient({
    endpoint: server.url,
    region,
    // The server's own keys: with --verify-signatures, ones it accepts.
    credentials: server.credentials,
    maxAttempts: 1,
  });
  try {
    if (await jobExists(sagemaker)) return "existed";
    await uploadDemoFiles(server);
    await sagemaker.send(
      new CreateLabelingJobCommand(
        videoClassificationRequest({
          name: DEMO_JOB_NAME,
          region,
          layout: DEMO_LAYOUT,
          workteamArn: await workteamArn(sagemaker, region, "example-team"),
          workers: 1,
          title: "gt-local demo: classify the sample clips",
          tags: [{ Key: "gt-local:demo", Value: "true" }],
        }),
      ),
    );
    return "created";
  } finally {
    sagemaker.destroy();
  }
}

async function jobExists(sagemaker: SageMakerClient): Promise<boolean> {
  try {
    await sagemaker.send(new DescribeLabelingJobCommand({ LabelingJobName: DEMO_JOB_NAME }));
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === "ResourceNotFound") return false;
    throw error;
  }
}

async function uploadDemoFiles(server: RunningServer): Promise<void> {
  const { objects } = server.emulator;
  const { bucket } = DEMO_LAYOUT;
  const folder = sampleVideosDir();
  const videos = (await readdir(folder)).filter(isVideoFile).sort();
  await objects.ensureBucket(bucket);
  for (const name of videos) {
    await objects.put({ bucket, key: videoKey(DEMO_LAYOUT, name) }, await readFile(join(folder, name)), {
      contentType: videoContentType(name),
    });
  }
  await objects.put({ bucket, key: manifestKey(DEMO_LAYOUT) }, manifestText(DEMO_LAYOUT, videos));
  await objects.put({ bucket, key: categoriesKey(DEMO_LAYOUT) }, labelCategoriesText(DEMO_LABELS), {
    contentType: "application/json",
  });
  await objects.put({ bucket, key: templateKey(DEMO_LAYOUT) }, await readFile(videoTemplatePath(), "utf8"), {
    contentType: "text/html",
  });
}
