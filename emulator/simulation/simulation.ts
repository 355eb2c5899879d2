import type { LabelingJob, LabelingJobStatus } from "../jobs/labeling-job.js";
import { DEFAULT_SEED, type ResolvedWorker, type ScriptedAnswer, type SimulationPolicy } from "./policy.js";

/** `running` until the job ends (`finished`) or DELETE stops it; `refused` when it never could start. */
export type SimulationStatus = "running" | "stopped" | "finished" | "refused";

export interface SimulatedAnswer {
  workerId: string;
  datasetObjectId: string;
  /** The answer JSON that went through the task's submit, as a crowd-form builds it. */
  answer: unknown;
  scripted: boolean;
  at: Date;
}

/** Something the simulation could not do, kept for the testing API rather than thrown anywhere. */
export interface SimulationError {
  workerId?: string;
  datasetObjectId?: string;
  message: string;
  at: Date;
}

export interface SimulationState {
  jobName: string;
  jobArn: string;
  region: string;
  status: SimulationStatus;
  policy: SimulationPolicy;
  workers: { id: string; answered: number }[];
  /** In submission order. */
  answers: SimulatedAnswer[];
  errors: SimulationError[];
}

const ENDED: ReadonlySet<LabelingJobStatus> = new Set(["Completed", "Failed", "Stopped"]);

/** One job's simulated workforce: its policy, its workers, and what they have done so far. */
export class Simulation {
  readonly jobArn: string;
  readonly jobName: string;
  readonly region: string;
  readonly seed: string;
  /** False once stopped, replaced or refused: the driver checks it before every claim. */
  active = true;
  stoppedByRequest = false;
  /** Set when the policy does not fit the job (the server option cannot refuse CreateLabelingJob). */
  refused = false;
  /** The driver is looping over this job's work; `again` asks it for one more pass. */
  driving = false;
  again = false;
  readonly answers: SimulatedAnswer[] = [];
  readonly errors: SimulationError[] = [];
  private readonly scripts = new Map<string, ScriptedAnswer["answer"]>();

  constructor(
    job: LabelingJob,
    readonly policy: SimulationPolicy,
    readonly workers: readonly ResolvedWorker[],
  ) {
    this.jobArn = job.arn;
    this.jobName = job.name;
    this.region = job.region;
    this.seed = String(policy.seed ?? DEFAULT_SEED);
    for (const entry of policy.scripted ?? []) {
      this.scripts.set(scriptKey(entry.worker, String(entry.object)), entry.answer);
    }
  }

  /** The scripted answer of `workerId` for the first of the object's names that has one. */
  scriptFor(workerId: string, objectNames: readonly unknown[]): ScriptedAnswer["answer"] | undefined {
    for (const name of objectNames) {
      if (typeof name !== "string") continue;
      const answer = this.scripts.get(scriptKey(workerId, name));
      if (answer !== undefined) return answer;
    }
    return undefined;
  }

  view(job: LabelingJob | undefined): SimulationState {
    const ended = job === undefined || ENDED.has(job.status);
    const status: SimulationStatus = this.stoppedByRequest
      ? "stopped"
      : this.refused
        ? "refused"
        : ended
          ? "finished"
          : "running";
    return {
      jobName: this.jobName,
      jobArn: this.jobArn,
      region: this.region,
      status,
      policy: this.policy,
      workers: this.workers.map((worker) => ({
        id: worker.id,
        answered: this.answers.filter((answer) => answer.workerId === worker.id).length,
      })),
      answers: [...this.answers],
      errors: [...this.errors],
    };
  }
}

const scriptKey = (workerId: string, object: string): string => JSON.stringify([workerId, object]);
