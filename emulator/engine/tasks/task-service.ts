import type { Clock } from "../../clock.js";
import { GtError, notFound, validationError } from "../../errors.js";
import { newTaskId } from "../../ids.js";
import type { JobRepository } from "../../jobs/job-repository.js";
import type { LabelingJob } from "../../jobs/labeling-job.js";
import type { WorkerService } from "../../workers/worker-service.js";
import type { Worker } from "../../workers/worker.js";
import type { WorkteamService } from "../../workteams/workteam-service.js";
import type { JobEngine } from "../job-engine.js";
import type { ClaimRequest, Task, TaskState } from "../task.js";
import { taskProfileOf } from "../task-profile.js";
import { checkAnswer } from "./answer-check.js";
import type { DataObjectRepository } from "./object-repository.js";
import type { TaskRepository, TaskRow } from "./task-repository.js";

export interface TaskServiceDependencies {
  clock: Clock;
  jobs: JobRepository;
  objects: DataObjectRepository;
  tasks: TaskRepository;
  workers: WorkerService;
  workteams: WorkteamService;
  engine: JobEngine;
  defaultRegion: string;
}

type MemberDefinitions = NonNullable<ReturnType<WorkteamService["membersOf"]>>;

/**
 * The groups a team's member definitions name, by definitions: the repository keeps a team's
 * settings (frozen) while they last, so a claim need not list them again.
 */
const teamGroups = new WeakMap<MemberDefinitions, ReadonlySet<string>>();

function groupsOf(members: MemberDefinitions): ReadonlySet<string> {
  let groups = teamGroups.get(members);
  if (groups === undefined) {
    groups = new Set(
      members.flatMap((member) => [
        ...(member.cognito ? [member.cognito.userGroup] : []),
        ...(member.oidcGroups ?? []),
      ]),
    );
    teamGroups.set(members, groups);
  }
  return groups;
}

/**
 * Workers' side of a job: claim the next task, read it, submit an answer, decline or release it.
 * Every rule is enforced here, on the server: team membership, distinct workers per object, the
 * concurrency cap (through which objects are open) and the task time limit.
 */
export class TaskService {
  constructor(private readonly deps: TaskServiceDependencies) {}

  /** The worker's current task in a job, else a new one; undefined when there is no work. */
  claimNext(request: ClaimRequest): Task | undefined {
    const worker = this.deps.workers.get(request.workerId);
    for (const job of this.candidateJobs(worker, request)) {
      // No explicit transaction: the reads and the one INSERT run back to back, synchronously, on
      // the server's only connection (one server per data dir), so nothing can come between them,
      // and the INSERT commits on its own. BEGIN and COMMIT around them cost a fifth of a claim.
      const claimed = ((): TaskRow | undefined => {
        const current = this.deps.tasks.activeFor(worker.id, job.arn);
        if (current) return current;
        const objectId = this.deps.tasks.claimableObject(
          job.arn,
          worker.id,
          job.spec.humanTask.workersPerDataObject,
        );
        if (objectId === undefined) return undefined;
        const now = this.deps.clock.now().getTime();
        const inserted: TaskRow & { state: "claimed" } = {
          id: newTaskId(),
          job_arn: job.arn,
          object_id: objectId,
          worker_id: worker.id,
          state: "claimed",
          claimed_ms: now,
          deadline_ms: now + job.spec.humanTask.taskTimeLimitSeconds * 1000,
          finished_ms: null,
          answer_json: null,
        };
        this.deps.tasks.insert(inserted);
        // The row exactly as stored, without reading it back.
        return inserted;
      })();
      if (claimed) {
        this.deps.engine.taskClaimed(new Date(claimed.deadline_ms));
        return this.view(claimed, job);
      }
    }
    return undefined;
  }

  /** The jobs in progress that this worker may work on (their teams), oldest first. */
  jobsFor(workerId: string, region?: string): LabelingJob[] {
    return this.candidateJobs(
      this.deps.workers.get(workerId),
      region === undefined ? { workerId } : { workerId, region },
    );
  }

  get(taskId: string, workerId?: string): Task {
    const row = this.rowFor(taskId, workerId);
    return this.view(row, this.jobOf(row));
  }

  /** The job's worker template (read from UiTemplateS3Uri when the job started). */
  templateOf(task: Task): string | undefined {
    return this.deps.objects.run(task.jobArn)?.template ?? undefined;
  }

  async submit(taskId: string, workerId: string, answer: unknown): Promise<Task> {
    const { row, job } = this.claimedRow(taskId, workerId);
    checkAnswer(answer, taskProfileOf(job.spec), this.deps.objects.labels(job.arn));
    const now = this.deps.clock.now().getTime();
    const answerJson = JSON.stringify(answer);
    // The object is labeled by its last answer: the answers before this one (this task is still
    // claimed, so not among them) and this one. Counted first, the usual answer (not the last)
    // needs no transaction: its one UPDATE commits on its own, and nothing runs in between on the
    // server's only connection (as in claimNext). BEGIN and COMMIT are for the last answer, which
    // must label its object in the same commit.
    const labeled =
      this.deps.tasks.submittedCount(job.arn, row.object_id) + 1 >= job.spec.humanTask.workersPerDataObject;
    const finishTask = (): void => {
      if (!this.deps.tasks.finish(row, "submitted", now, answerJson)) {
        throw new GtError("ResourceInUse", `Task ${taskId} is no longer claimed.`);
      }
    };
    if (labeled) {
      this.deps.objects.transaction(() => {
        finishTask();
        this.deps.objects.finish(job.arn, row.object_id, { state: "labeled", by: "human" }, now);
      });
    } else {
      finishTask();
    }
    // An answer that leaves its object open changes nothing a refill or settle reads (open objects,
    // counters, what awaits consolidation), nor frees work for anyone: only the object's last
    // answer needs them (as a claim needs neither, see JobEngine.taskClaimed).
    if (labeled) await this.deps.engine.objectsChanged(job.arn);
    // The row as the transaction left it, and the job read above (its names never change).
    return this.view({ ...row, state: "submitted", finished_ms: now, answer_json: answerJson }, job);
  }

  /** Decline: the worker will not do this object; it goes back to the pool for others. */
  decline(taskId: string, workerId: string): Promise<Task> {
    return this.giveBack(taskId, workerId, "declined");
  }

  /** Release: the worker hands the task back unfinished; it goes back to the pool for others. */
  release(taskId: string, workerId: string): Promise<Task> {
    return this.giveBack(taskId, workerId, "released");
  }

  private async giveBack(taskId: string, workerId: string, state: TaskState): Promise<Task> {
    const { row } = this.claimedRow(taskId, workerId);
    this.deps.tasks.finish(row, state, this.deps.clock.now().getTime());
    await this.deps.engine.objectsChanged(row.job_arn);
    return this.get(taskId);
  }

  /** Jobs in progress that this worker's teams work on, oldest first (or the one asked for). */
  private candidateJobs(worker: Worker, request: ClaimRequest): LabelingJob[] {
    if (request.jobName !== undefined) {
      const job = this.deps.jobs.findByName(request.region ?? this.deps.defaultRegion, request.jobName);
      if (!job) throw notFound(`Could not find labeling job with name ${request.jobName}`);
      if (!this.isMember(worker, job)) {
        throw new GtError(
          "AccessDenied",
          `Worker ${worker.id} is not a member of the work team of ${job.name}.`,
        );
      }
      return job.status === "InProgress" ? [job] : [];
    }
    return this.deps.objects
      .inProgressJobs()
      .flatMap((arn) => {
        const job = this.deps.jobs.findByArn(arn);
        return job && (request.region === undefined || job.region === request.region) ? [job] : [];
      })
      .filter((job) => this.isMember(worker, job))
      .sort((a, b) => a.creationTime.getTime() - b.creationTime.getTime());
  }

  /**
   * Membership as AWS decides it: a worker belongs to a private team when one of their groups is
   * a Cognito user group or OIDC group in the team's MemberDefinitions. AWS's public and vendor
   * crowds are open to every local worker (they stand in for those workforces).
   */
  private isMember(worker: Worker, job: LabelingJob): boolean {
    const members = this.deps.workteams.membersOf(job.spec.humanTask.workteamArn);
    if (!members) return true;
    const groups = groupsOf(members);
    return worker.groups.some((group) => groups.has(group));
  }

  private rowFor(taskId: string, workerId: string | undefined): TaskRow {
    const row = this.deps.tasks.find(taskId);
    if (!row) throw notFound(`Task ${taskId} does not exist.`);
    if (workerId !== undefined && row.worker_id !== workerId) {
      throw new GtError("AccessDenied", `Task ${taskId} belongs to another worker.`);
    }
    return row;
  }

  /** A task the worker may still act on: claimed, within its time limit, in a running job. */
  private claimedRow(taskId: string, workerId: string): { row: TaskRow; job: LabelingJob } {
    const row = this.rowFor(taskId, workerId);
    const now = this.deps.clock.now().getTime();
    if (row.state === "claimed" && row.deadline_ms <= now) {
      this.deps.tasks.finish(row, "timed-out", now);
      void this.deps.engine.objectsChanged(row.job_arn);
      throw validationError(`The time limit of task ${taskId} has passed; it went back to the pool.`);
    }
    if (row.state === "timed-out") {
      throw validationError(`The time limit of task ${taskId} has passed; it went back to the pool.`);
    }
    if (row.state !== "claimed")
      throw new GtError("ResourceInUse", `Task ${taskId} is ${row.state}, not claimed.`);
    const job = this.jobOf(row);
    if (job.status !== "InProgress") {
      throw validationError(`The labeling job of task ${taskId} is no longer in progress.`);
    }
    return { row, job };
  }

  private jobOf(row: TaskRow): LabelingJob {
    const job = this.deps.jobs.findByArn(row.job_arn);
    if (!job) throw notFound(`The labeling job of task ${row.id} no longer exists.`);
    return job;
  }

  private view(row: TaskRow, job: LabelingJob): Task {
    const taskInputJson = this.deps.objects.taskInputJson(row.job_arn, row.object_id);
    const task: Task = {
      id: row.id,
      jobArn: job.arn,
      jobName: job.name,
      region: job.region,
      datasetObjectId: String(row.object_id),
      workerId: row.worker_id,
      state: row.state,
      taskInput: taskInputJson ? (JSON.parse(taskInputJson) as unknown) : null,
      claimedAt: new Date(row.claimed_ms),
      deadline: new Date(row.deadline_ms),
    };
    if (row.finished_ms !== null) task.finishedAt = new Date(row.finished_ms);
    if (row.answer_json !== null) task.answer = JSON.parse(row.answer_json) as unknown;
    return task;
  }
}
