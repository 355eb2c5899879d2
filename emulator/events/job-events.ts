import { randomUUID } from "node:crypto";
import type { LabelingJob, LabelingJobStatus } from "../jobs/labeling-job.js";

/**
 * "SageMaker Ground Truth Labeling Job State Change", shaped as EventBridge delivers it
 * (`source: aws.sagemaker`, `resources: [jobArn]`, `detail.LabelingJobStatus`).
 */
export interface LabelingJobStateChange {
  version: "0";
  id: string;
  "detail-type": "SageMaker Ground Truth Labeling Job State Change";
  source: "aws.sagemaker";
  account: string;
  time: string;
  region: string;
  resources: [string];
  detail: { LabelingJobStatus: LabelingJobStatus };
}

/** The statuses for which AWS sends this event to EventBridge. */
export const EVENTBRIDGE_STATUSES: ReadonlySet<LabelingJobStatus> = new Set([
  "Completed",
  "Failed",
  "Stopped",
]);

export function stateChangeEvent(job: LabelingJob, accountId: string, at: Date): LabelingJobStateChange {
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": "SageMaker Ground Truth Labeling Job State Change",
    source: "aws.sagemaker",
    account: accountId,
    time: `${at.toISOString().slice(0, 19)}Z`,
    region: job.region,
    resources: [job.arn],
    detail: { LabelingJobStatus: job.status },
  };
}

export type JobEventListener = (event: LabelingJobStateChange) => void;

/** In-process fan-out of job state changes (webhook delivery, the SSE stream, the dashboard). */
export class JobEventBus {
  private readonly listeners = new Set<JobEventListener>();

  subscribe(listener: JobEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(event: LabelingJobStateChange): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A failing subscriber must not stop the job that changed state, nor other subscribers.
      }
    }
  }
}
