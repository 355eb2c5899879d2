import { SingleBar } from "cli-progress";
import { formatBytes } from "../format.js";

/**
 * How an upload shows itself: a progress bar on a terminal (bytes as they leave), plain lines
 * elsewhere (one per video, readable in CI logs and in tests that read the output).
 */
export interface UploadProgress {
  sent(bytes: number): void;
  uploaded(relativePath: string, size: number): void;
  stop(): void;
}

export function uploadProgress(totalBytes: number, count: number): UploadProgress {
  if (process.stdout.isTTY) return barProgress(totalBytes, count);
  return {
    sent: () => undefined,
    uploaded: (relativePath, size) => {
      process.stdout.write(`Uploaded ${relativePath} (${formatBytes(size)})\n`);
    },
    stop: () => undefined,
  };
}

function barProgress(totalBytes: number, count: number): UploadProgress {
  let videos = 0;
  let bytes = 0;
  const bar = new SingleBar({
    format: "Uploading {bar} {percentage}% | {videos}/{count} videos | {sent} of {size}",
    hideCursor: true,
    clearOnComplete: false,
    barsize: 30,
  });
  const payload = () => ({ videos, count, sent: formatBytes(bytes), size: formatBytes(totalBytes) });
  // An empty total would divide by zero; a bar of one unit reads 0% then 100%.
  bar.start(Math.max(totalBytes, 1), 0, payload());
  return {
    sent: (more) => {
      bytes += more;
      bar.update(bytes, payload());
    },
    uploaded: () => {
      videos += 1;
      bar.update(bytes, payload());
    },
    stop: () => {
      bar.stop();
    },
  };
}
