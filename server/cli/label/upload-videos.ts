import { HeadObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { videoContentType } from "../video-files.js";
import { videoKey, type JobLayout } from "../video-job-request.js";
import type { VideoFile } from "./find-videos.js";
import { uploadProgress } from "./upload-progress.js";

/**
 * Puts the videos into S3 under `<prefix>videos/`. A video already there with the same size and
 * ETag (an MD5 for single-part objects) is not sent again: that is what makes a rerun after Ctrl-C
 * cheap.
 */
export async function uploadVideos(
  s3: S3Client,
  layout: JobLayout,
  videos: readonly VideoFile[],
): Promise<{ uploaded: number; skipped: number }> {
  const pending: VideoFile[] = [];
  for (const video of videos) {
    if (!(await alreadyThere(s3, layout, video))) pending.push(video);
  }
  const skipped = videos.length - pending.length;
  if (skipped > 0) process.stdout.write(`${skipped} of ${videos.length} videos are already uploaded.\n`);
  if (pending.length === 0) return { uploaded: 0, skipped };
  const progress = uploadProgress(
    pending.reduce((sum, video) => sum + video.size, 0),
    pending.length,
  );
  try {
    for (const video of pending) {
      await s3.send(
        new PutObjectCommand({
          Bucket: layout.bucket,
          Key: videoKey(layout, video.relativePath),
          Body: countingReader(video.absolutePath, (bytes) => {
            progress.sent(bytes);
          }),
          ContentLength: video.size,
          ContentType: videoContentType(video.relativePath),
        }),
      );
      progress.uploaded(video.relativePath, video.size);
    }
  } finally {
    progress.stop();
  }
  return { uploaded: pending.length, skipped };
}

async function alreadyThere(s3: S3Client, layout: JobLayout, video: VideoFile): Promise<boolean> {
  try {
    const head = await s3.send(
      new HeadObjectCommand({ Bucket: layout.bucket, Key: videoKey(layout, video.relativePath) }),
    );
    if (head.ContentLength !== video.size) return false;
    return head.ETag?.replaceAll('"', "") === (await md5Of(video.absolutePath));
  } catch (error) {
    if (error instanceof Error && (error.name === "NotFound" || error.name === "NoSuchKey")) return false;
    throw error;
  }
}

async function md5Of(path: string): Promise<string> {
  const hash = createHash("md5");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** The file's bytes, reporting each chunk as the request reads it (what moves the progress bar). */
function countingReader(path: string, onBytes: (bytes: number) => void): Transform {
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      onBytes(chunk.length);
      done(null, chunk);
    },
  });
  pipeline(createReadStream(path), counter).catch((error: unknown) => {
    counter.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return counter;
}
