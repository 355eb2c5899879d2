import type { Clock } from "../clock.js";
import { inUse, notFound, validationError } from "../errors.js";
import { newJobReferenceCode } from "../ids.js";
import { decodeCursor, toPage, type Page } from "../pagination.js";
import { labelingJobArn, parseArn, type Scope } from "../scope.js";
import type { TagRepository } from "../tags/tag-repository.js";
import type { Tag } from "../tags/tag.js";
import type { WorkteamService } from "../workteams/workteam-service.js";
import { checkJobRequest } from "./check-job-request.js";
import { cursorLength, cursorOf, type JobQuery, type JobRepository } from "./job-repository.js";
import { ZERO_COUNTERS, type LabelingJob, type LabelingJobSpec } from "./labeling-job.js";
import { assertStoppable, transition } from "./lifecycle.js";

export type ListJobsQuery = Omit<JobQuery, "region" | "after" | "limit"> & {
  nextToken?: string;
  maxResults: number;
};

/** What the job engine wants to hear about, without the service depending on the engine. */
export interface JobLifecycleHooks {
  created(job: LabelingJob, tags: readonly Tag[]): void;
  stopped(job: LabelingJob): void;
}

/** The AWS account that owns the public (Mechanical Turk) crowd's work team ARN. */
const PUBLIC_CROWD_ACCOUNT = "394669845002";

export class LabelingJobService {
  constructor(
    private readonly jobs: JobRepository,
    private readonly workteams: WorkteamService,
    private readonly tags: TagRepository,
    private readonly clock: Clock,
    private readonly hooks: JobLifecycleHooks = { created: () => undefined, stopped: () => undefined },
  ) {}

  create(scope: Scope, name: string, spec: LabelingJobSpec, tags: readonly Tag[]): LabelingJob {
    checkJobRequest(spec);
    const existing = this.jobs.findByName(scope.region, name);
    if (existing) {
      throw inUse(
        `Labeling job names must be unique within an AWS account and region, and a labeling job with this name already exists (${existing.arn})`,
      );
    }
    this.assertWorkteamUsable(scope, spec.humanTask.workteamArn);
    const now = this.clock.now();
    const job: LabelingJob = {
      region: scope.region,
      name,
      arn: labelingJobArn(scope, name),
      status: "Initializing",
      jobReferenceCode: newJobReferenceCode(scope.accountId),
      spec,
      counters: { ...ZERO_COUNTERS },
      creationTime: now,
      lastModifiedTime: now,
    };
    this.jobs.insert(job);
    this.tags.put(job.arn, tags);
    this.hooks.created(job, tags);
    return job;
  }

  /**
   * Private teams must exist in the job's account and region; AWS's public crowd and vendor
   * teams are accepted as given (their workers are simulated or local).
   */
  private assertWorkteamUsable(scope: Scope, arn: string): void {
    const parsed = parseArn(arn);
    const resource = parsed?.resource ?? "";
    if (resource === "workteam/public-crowd/default" && parsed?.accountId === PUBLIC_CROWD_ACCOUNT) return;
    if (resource.startsWith("workteam/vendor-crowd/")) return;
    const team = this.workteams.findByArn(arn);
    if (!team || team.region !== scope.region) {
      throw validationError(`The work team ${arn} does not exist.`);
    }
  }

  describe(scope: Scope, name: string): LabelingJob {
    const job = this.jobs.findByName(scope.region, name);
    if (!job) throw notFound(`Could not find labeling job with name ${name}`);
    return job;
  }

  findByArn(arn: string): LabelingJob | undefined {
    return this.jobs.findByArn(arn);
  }

  list(scope: Scope, query: ListJobsQuery): Page<LabelingJob> {
    const { nextToken, maxResults, ...filters } = query;
    const after = decodeCursor(nextToken, cursorLength(query.sortBy));
    const rows = this.jobs.query({
      ...filters,
      region: scope.region,
      limit: maxResults + 1,
      ...(after ? { after } : {}),
    });
    return toPage(rows, maxResults, (job) => cursorOf(job, query.sortBy));
  }

  /** Jobs handed to a work team, newest or oldest first (the only sort AWS offers is CreationTime). */
  listForWorkteam(
    scope: Scope,
    workteamArn: string,
    query: Omit<ListJobsQuery, "sortBy" | "workteamArn">,
  ): Page<LabelingJob> {
    const team = this.workteams.findByArn(workteamArn);
    if (!team || team.region !== scope.region) {
      throw notFound(`The work team ${workteamArn} does not exist.`);
    }
    return this.list(scope, { ...query, sortBy: "CreationTime", workteamArn });
  }

  /**
   * StopLabelingJob: the job turns Stopping; the engine withdraws its claims, writes what was
   * labeled and ends it Stopped. A job that never started has nothing to write: it stops at once.
   */
  stop(scope: Scope, name: string): LabelingJob {
    const job = this.describe(scope, name);
    if (job.status === "Stopping") return job;
    assertStoppable(job);
    const now = this.clock.now();
    const stopping = transition(job, "requestStop", now);
    if (job.status === "Initializing") {
      const stopped = transition(stopping, "finishStop", now);
      this.jobs.saveState(stopped);
      return stopped;
    }
    this.jobs.saveState(stopping);
    this.hooks.stopped(stopping);
    return stopping;
  }
}
