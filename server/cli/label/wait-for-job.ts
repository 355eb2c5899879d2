import {
  DescribeLabelingJobCommand,
  type DescribeLabelingJobCommandOutput,
  type SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import { request as httpRequest, type ClientRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { progressText } from "../format.js";

/**
 * Waits for a labeling job to end, with a live progress line made from its counters. It follows the
 * job's status events (`GET /_gt/api/events`) and re-reads DescribeLabelingJob when one arrives;
 * since counters move without a status change, it also re-reads them once a second while it waits
 * (one small request, as the dashboard does every 5 s), never in a tight loop.
 */
const TERMINAL = new Set(["Completed", "Failed", "Stopped"]);
const REFRESH_MS = 1_000;

export async function waitForJob(
  endpoint: string,
  sagemaker: SageMakerClient,
  jobName: string,
): Promise<DescribeLabelingJobCommandOutput> {
  const events = followJobEvents(endpoint, jobName);
  const line = progressLine();
  try {
    // Subscribed first, then read: a change in between wakes the loop instead of being missed.
    await events.ready;
    for (;;) {
      const job = await sagemaker.send(new DescribeLabelingJobCommand({ LabelingJobName: jobName }));
      const status = job.LabelingJobStatus ?? "";
      // Before the manifest is read the job has no objects yet: "0/0 labeled" would mislead.
      const counted = (job.LabelCounters?.TotalLabeled ?? 0) + (job.LabelCounters?.Unlabeled ?? 0) > 0;
      line.show(counted ? `${status}: ${progressText(job.LabelCounters)} labeled` : `${status}...`);
      if (TERMINAL.has(status)) return job;
      await events.next(REFRESH_MS);
    }
  } finally {
    line.end();
    events.close();
  }
}

interface JobEvents {
  /** Resolves once the stream is open (or could not be: the timer alone then drives the loop). */
  ready: Promise<void>;
  /** Resolves at the job's next status change, or after `timeoutMs`. */
  next(timeoutMs: number): Promise<void>;
  close(): void;
}

function followJobEvents(endpoint: string, jobName: string): JobEvents {
  // An event that arrives while the loop is reading the job is kept, so the next wait ends at once.
  let missed = false;
  let wake: (() => void) | undefined;
  const suffix = `/${jobName.toLowerCase()}`;
  const stream = openEventStream(endpoint, (resources) => {
    if (!resources.some((arn) => arn.endsWith(suffix))) return;
    if (wake) wake();
    else missed = true;
  });
  return {
    ready: stream.ready,
    next: (timeoutMs) =>
      new Promise<void>((resolve) => {
        if (missed) {
          missed = false;
          resolve();
          return;
        }
        const done = (): void => {
          clearTimeout(timer);
          wake = undefined;
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        wake = done;
      }),
    close: () => {
      stream.close();
    },
  };
}

/**
 * `GET /_gt/api/events` through node:http rather than fetch: destroying the request closes its
 * socket at once, so a gt-local this process started can shut down without waiting out the event
 * stream's grace period.
 */
function openEventStream(
  endpoint: string,
  onEvent: (resources: string[]) => void,
): { ready: Promise<void>; close(): void } {
  const url = new URL("/_gt/api/events", endpoint);
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  let request: ClientRequest | undefined;
  const ready = new Promise<void>((resolve) => {
    request = send(url, { headers: { accept: "text/event-stream" } }, (response) => {
      response.setEncoding("utf8");
      let buffer = "";
      response.on("data", (chunk: string) => {
        buffer += chunk;
        const blocks = buffer.split("\n\n");
        buffer = blocks.pop() ?? "";
        for (const block of blocks) {
          const data = /^data: (.*)$/mu.exec(block)?.[1];
          if (data !== undefined) onEvent(resourcesOf(data));
        }
      });
      response.on("error", () => undefined);
      resolve();
    });
    // Without the stream (an old server, a proxy), the once-a-second refresh alone drives the wait.
    request.on("error", () => {
      resolve();
    });
    request.end();
  });
  return {
    ready,
    close: () => {
      request?.destroy();
    },
  };
}

/** The ARNs an event names; an event that is not JSON names none (the timer still refreshes). */
function resourcesOf(data: string): string[] {
  try {
    return (JSON.parse(data) as { resources?: string[] }).resources ?? [];
  } catch {
    return [];
  }
}

/** One line rewritten in place on a terminal; elsewhere a new line only when the text changes. */
function progressLine(): { show(text: string): void; end(): void } {
  const tty = process.stdout.isTTY;
  let last = "";
  return {
    show: (text) => {
      if (text === last) return;
      last = text;
      process.stdout.write(tty ? `\r\x1b[2K${text}` : `${text}\n`);
    },
    end: () => {
      if (tty && last !== "") process.stdout.write("\n");
      last = "";
    },
  };
}
