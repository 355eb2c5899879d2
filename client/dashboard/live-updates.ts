/**
 * Live updates: job status changes arrive as server-sent events from `/_gt/api/events`. Counters
 * move without a status change (each submitted answer), so while a job is running the page also
 * refreshes itself every few seconds, only while the tab is visible.
 */
export interface JobStateChange {
  region: string;
  resources: [string];
  detail: { LabelingJobStatus: string };
}

export type Connection = "connecting" | "live" | "reconnecting";

const POLL_MS = 5_000;

export function subscribeToJobEvents(
  onChange: (event: JobStateChange) => void,
  onConnection: (state: Connection) => void,
): void {
  const source = new EventSource("/_gt/api/events");
  onConnection("connecting");
  source.addEventListener("open", () => {
    onConnection("live");
  });
  // EventSource reconnects by itself; say so meanwhile.
  source.addEventListener("error", () => {
    onConnection("reconnecting");
  });
  source.addEventListener("labeling-job-state-change", (message) => {
    onChange(JSON.parse((message as MessageEvent<string>).data) as JobStateChange);
  });
}

/** Calls `refresh` every few seconds while `wanted()` holds and the page is visible. */
export function refreshWhileRunning(wanted: () => boolean, refresh: () => Promise<void>): void {
  const tick = (): void => {
    const due = wanted() && document.visibilityState === "visible";
    (due ? refresh() : Promise.resolve()).finally(() => setTimeout(tick, POLL_MS)).catch(() => undefined);
  };
  setTimeout(tick, POLL_MS);
}

/** Statuses after which nothing about a job changes again. */
export const isRunning = (status: string): boolean =>
  status === "Initializing" || status === "InProgress" || status === "Stopping";

/** The job name in a labeling job ARN (lower-cased by AWS, so compare without case). */
export const jobNameOfArn = (arn: string): string => arn.slice(arn.indexOf("/") + 1);

/** A small "Live" indicator next to a page title. */
export function connectionBadge(): { element: HTMLElement; set: (state: Connection) => void } {
  const element = document.createElement("span");
  element.className = "live connecting";
  element.textContent = "Connecting…";
  const set = (state: Connection): void => {
    element.className = `live ${state}`;
    element.textContent =
      state === "live" ? "Live" : state === "connecting" ? "Connecting…" : "Reconnecting…";
    element.title =
      state === "live" ? "Job status changes appear here as they happen" : "Waiting for the event stream";
  };
  return { element, set };
}
