import type { LabelingJobStatus } from "../admin/admin-api.js";

const TERMINAL: ReadonlySet<LabelingJobStatus> = new Set(["Completed", "Failed", "Stopped"]);

/**
 * Resolves when the job reaches `status` (at once if it has), listening to the server's job events
 * (`GET /_gt/api/events`) rather than polling. Rejects if the job ends in another status or
 * `timeoutMs` passes.
 */
export async function waitForStatus(
  endpoint: string,
  jobName: string,
  status: LabelingJobStatus,
  timeoutMs: number,
): Promise<void> {
  const abort = new AbortController();
  const timer = setTimeout(() => {
    abort.abort();
  }, timeoutMs);
  try {
    // Subscribe first, then look: a change between the two is not missed.
    const events = await fetch(`${endpoint}/_gt/api/events`, { signal: abort.signal });
    const current = await statusOf(endpoint, jobName);
    if (current === status) return;
    if (TERMINAL.has(current)) throw new Error(`Labeling job ${jobName} ended ${current}, not ${status}`);
    const reader = events.body?.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const chunk = await reader?.read();
      if (!chunk || chunk.done) throw new Error(`The event stream closed before ${jobName} was ${status}`);
      buffer += chunk.value;
      const blocks = buffer.split("\n\n");
      buffer = blocks.pop() ?? "";
      for (const block of blocks) {
        const reached = statusIn(block, jobName);
        if (reached === undefined) continue;
        if (reached === status) return;
        if (TERMINAL.has(reached)) throw new Error(`Labeling job ${jobName} ended ${reached}, not ${status}`);
      }
    }
  } catch (error) {
    if (abort.signal.aborted) {
      throw new Error(`Labeling job ${jobName} was not ${status} within ${String(timeoutMs)} ms`, {
        cause: error,
      });
    }
    throw error;
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}

/** The status a server-sent event block reports for this job, if it is about this job. */
function statusIn(block: string, jobName: string): LabelingJobStatus | undefined {
  const data = /^data: (.*)$/mu.exec(block)?.[1];
  if (data === undefined) return undefined;
  const event = JSON.parse(data) as { resources: string[]; detail: { LabelingJobStatus: LabelingJobStatus } };
  // Job ARNs carry the name in lower case.
  if (!event.resources.some((arn) => arn.endsWith(`/${jobName.toLowerCase()}`))) return undefined;
  return event.detail.LabelingJobStatus;
}

/** DescribeLabelingJob over the SageMaker wire (unsigned requests use the server's region). */
async function statusOf(endpoint: string, jobName: string): Promise<LabelingJobStatus> {
  const response = await fetch(`${endpoint}/`, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": "SageMaker.DescribeLabelingJob",
    },
    body: JSON.stringify({ LabelingJobName: jobName }),
  });
  const body = (await response.json()) as { LabelingJobStatus?: LabelingJobStatus; message?: string };
  if (!response.ok || body.LabelingJobStatus === undefined) {
    throw new Error(body.message ?? `HTTP ${String(response.status)}`);
  }
  return body.LabelingJobStatus;
}
