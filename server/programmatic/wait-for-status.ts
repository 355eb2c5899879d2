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
  access: { region: string; headers: Record<string, string> } = { region: "us-east-1", headers: {} },
): Promise<void> {
  const abort = new AbortController();
  const timer = setTimeout(() => {
    abort.abort();
  }, timeoutMs);
  try {
    // Subscribe first, then look: a change between the two is not missed.
    const events = await fetch(`${endpoint}/_gt/api/events`, {
      signal: abort.signal,
      headers: access.headers,
    });
    if (!events.ok) throw new Error(`GET /_gt/api/events answered HTTP ${String(events.status)}`);
    const current = await statusOf(endpoint, jobName, access);
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

/**
 * The job's status from the admin API's job list (the same token as the events; a SageMaker call
 * would need signing keys the admin client does not have). The job in the client's region, else
 * the only job of that name.
 */
async function statusOf(
  endpoint: string,
  jobName: string,
  access: { region: string; headers: Record<string, string> },
): Promise<LabelingJobStatus> {
  const response = await fetch(`${endpoint}/_gt/api/dashboard/jobs`, { headers: access.headers });
  const body = (await response.json()) as {
    jobs?: { name: string; region: string; status: LabelingJobStatus }[];
    error?: { message: string };
  };
  if (!response.ok || body.jobs === undefined) {
    throw new Error(body.error?.message ?? `HTTP ${String(response.status)}`);
  }
  const named = body.jobs.filter((job) => job.name === jobName);
  const job =
    named.find((candidate) => candidate.region === access.region) ??
    (named.length === 1 ? named[0] : undefined);
  if (job === undefined) throw new Error(`Could not find labeling job with name ${jobName}`);
  return job.status;
}
