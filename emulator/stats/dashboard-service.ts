import { taskProfileOf } from "../engine/task-profile.js";
import { ConsolidationRepository } from "../engine/output/consolidation-repository.js";
import { ClaimIndex } from "../engine/tasks/claim-index.js";
import { DataObjectRepository } from "../engine/tasks/object-repository.js";
import type { LabelingJobService } from "../jobs/labeling-job-service.js";
import type { LabelCounters, LabelingJob, LabelingJobStatus } from "../jobs/labeling-job.js";
import type { ObjectStore, UrlSigner } from "../objects/object-store.js";
import type { Scope } from "../scope.js";
import type { SqliteDatabase } from "../storage/database.js";
import type { WorkerService } from "../workers/worker-service.js";
import { answerValue, consolidatedValue, failureReasonOf, type ConsolidatedValue } from "./answer-values.js";
import { DashboardRepository } from "./dashboard-repository.js";
import { signedUrl, sourceOf, type GalleryItem } from "./gallery-item.js";
import { jobStats, type JobStats } from "./job-stats.js";
import { readOutputManifest, type OutputManifestPage } from "./output-manifest.js";
import type { StatAnswer } from "./stat-inputs.js";
import type { WorkerStats } from "./worker-throughput.js";

export interface JobOverview {
  name: string;
  region: string;
  arn: string;
  status: LabelingJobStatus;
  title: string;
  /** The built-in classification type, or `Custom`. */
  taskType: string;
  createdAt: Date;
  lastModifiedAt: Date;
  counters: LabelCounters;
  /** Every object of the job (labeled, failed or not yet). */
  objects: number;
  workersPerObject: number;
  failureReason?: string;
  outputDatasetS3Uri?: string;
}

export interface JobDetail {
  job: JobOverview & { labelAttributeName: string; consolidation: string | undefined; labels: string[] };
  stats: Omit<JobStats, "perObject" | "workers"> & {
    workers: (WorkerStats & { displayName: string | undefined })[];
  };
  gallery: { offset: number; limit: number; total: number; items: GalleryItem[] };
  /** Once the job has written its output manifest. */
  manifest: OutputManifestPage | undefined;
}

export interface DashboardDependencies {
  db: SqliteDatabase;
  jobs: LabelingJobService;
  store: ObjectStore;
  workers: WorkerService;
  accountId: string;
}

/** Consolidated results are read this many objects at a time. */
const PAGE = 1000;

/**
 * What the dashboard shows, read from the job engine's own tables: every job with its counters,
 * and per job the statistics (emulator/stats), a page of objects for the gallery and a page of the
 * output manifest. Read-only: it never changes a job.
 */
export class DashboardService {
  private readonly listing: DashboardRepository;
  private readonly objects: DataObjectRepository;
  private readonly consolidation: ConsolidationRepository;

  constructor(private readonly deps: DashboardDependencies) {
    this.listing = new DashboardRepository(deps.db);
    // Read-only: it never changes an object, so a claim index of its own is never touched.
    this.objects = new DataObjectRepository(deps.db, new ClaimIndex());
    this.consolidation = new ConsolidationRepository(deps.db);
  }

  /** Every job of every region, newest first. */
  listJobs(): JobOverview[] {
    return this.listing.jobArnsNewestFirst().flatMap((arn) => {
      const job = this.deps.jobs.findByArn(arn);
      return job ? [overviewOf(job)] : [];
    });
  }

  async jobDetail(
    region: string,
    name: string,
    page: { offset: number; limit: number },
    signer: UrlSigner,
  ): Promise<JobDetail> {
    const scope: Scope = { accountId: this.deps.accountId, region };
    const job = this.deps.jobs.describe(scope, name);
    const run = this.objects.run(job.arn);
    const labels = run?.labels_json ? (JSON.parse(run.labels_json) as string[]) : [];
    const attribute = job.spec.labelAttributeName;
    const multiLabel = taskProfileOf(job.spec).multiLabel;

    const answers: StatAnswer[] = this.consolidation.answers(job.arn).map((row) => ({
      objectId: row.object_id,
      workerId: row.worker_id,
      claimedMs: row.claimed_ms,
      finishedMs: row.finished_ms,
      value: answerValue(JSON.parse(row.answer_json), multiLabel),
    }));
    const consolidated = this.consolidatedLabels(job.arn, attribute);
    const { perObject, workers, ...stats } = jobStats(labels, answers, consolidated);
    const names = new Map(this.deps.workers.list().map((worker) => [worker.id, worker.displayName]));
    const agreementOf = new Map(perObject.map((entry) => [entry.objectId, entry]));

    const items: GalleryItem[] = [];
    for (const row of this.consolidation.linesAfter(job.arn, page.offset - 1, page.limit)) {
      const object = this.objects.find(job.arn, row.object_id);
      const source = sourceOf(row.line_json);
      const content: unknown = row.consolidated_json === null ? undefined : JSON.parse(row.consolidated_json);
      const label = consolidated.get(row.object_id);
      const agreement = agreementOf.get(row.object_id);
      const url = await signedUrl(signer, source.location);
      const failureReason = failureReasonOf(content, attribute) ?? object?.failure_reason ?? undefined;
      items.push({
        datasetObjectId: String(row.object_id),
        state: object?.state ?? "queued",
        kind: source.kind,
        source: source.source,
        ...(url === undefined ? {} : { url }),
        ...(label ? { labels: label.labels } : {}),
        ...(label?.confidence === undefined ? {} : { confidence: label.confidence }),
        answers: agreement?.answers ?? 0,
        ...(agreement ? { agreement: agreement.agreement } : {}),
        ...(failureReason === undefined ? {} : { failureReason }),
      });
    }

    return {
      job: {
        ...overviewOf(job),
        labelAttributeName: attribute,
        consolidation: run?.consolidation ?? undefined,
        labels,
      },
      stats: {
        ...stats,
        workers: workers.map((worker) => ({ ...worker, displayName: names.get(worker.workerId) })),
      },
      gallery: { offset: page.offset, limit: page.limit, total: run?.object_count ?? 0, items },
      manifest:
        job.outputDatasetS3Uri === undefined
          ? undefined
          : await readOutputManifest(job.outputDatasetS3Uri, this.deps.store, signer, page),
    };
  }

  /** Every object's consolidated label so far, read a page at a time. */
  private consolidatedLabels(jobArn: string, attribute: string): Map<number, ConsolidatedValue> {
    const labels = new Map<number, ConsolidatedValue>();
    for (let after = -1; ;) {
      const rows = this.consolidation.linesAfter(jobArn, after, PAGE);
      for (const row of rows) {
        if (row.consolidated_json === null) continue;
        const value = consolidatedValue(JSON.parse(row.consolidated_json), attribute);
        if (value) labels.set(row.object_id, value);
      }
      const last = rows.at(-1);
      if (!last || rows.length < PAGE) return labels;
      after = last.object_id;
    }
  }
}

function overviewOf(job: LabelingJob): JobOverview {
  const { humanLabeled, machineLabeled, failedNonRetryableError, unlabeled } = job.counters;
  return {
    name: job.name,
    region: job.region,
    arn: job.arn,
    status: job.status,
    title: job.spec.humanTask.taskTitle,
    taskType: taskProfileOf(job.spec).classification ?? "Custom",
    createdAt: job.creationTime,
    lastModifiedAt: job.lastModifiedTime,
    counters: job.counters,
    objects: humanLabeled + machineLabeled + failedNonRetryableError + unlabeled,
    workersPerObject: job.spec.humanTask.workersPerDataObject,
    ...(job.failureReason === undefined ? {} : { failureReason: job.failureReason }),
    ...(job.outputDatasetS3Uri === undefined ? {} : { outputDatasetS3Uri: job.outputDatasetS3Uri }),
  };
}
