import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SystemClock, type Clock } from "./clock.js";
import { JobEngine, type EngineOptions } from "./engine/job-engine.js";
import type { LambdaRunner } from "./engine/pre-annotation.js";
import { ClaimIndex } from "./engine/tasks/claim-index.js";
import { DataObjectRepository } from "./engine/tasks/object-repository.js";
import { TaskRepository } from "./engine/tasks/task-repository.js";
import { TaskService } from "./engine/tasks/task-service.js";
import { ConsolidationRepository } from "./engine/output/consolidation-repository.js";
import { JobEventBus, stateChangeEvent } from "./events/job-events.js";
import { createTemplateEngine, type TemplateEngine } from "./templates/render-template.js";
import { CONSOLIDATION_TAG } from "./engine/job-engine.js";
import { JobRepository } from "./jobs/job-repository.js";
import type { LabelingJob } from "./jobs/labeling-job.js";
import type { WorkerIdentity } from "./output/worker-response.js";
import type { ConsolidationMethod } from "./consolidation/index.js";
import type { Tag } from "./tags/tag.js";
import { LabelingJobService } from "./jobs/labeling-job-service.js";
import { BlobStore } from "./objects/embedded/blob-store.js";
import { InlineBlobs } from "./objects/embedded/inline-blobs.js";
import { NOT_EXPORTED_TABLES } from "./storage/migrations.js";
import { EmbeddedObjectStore } from "./objects/embedded/embedded-object-store.js";
import { EmbeddedS3Engine } from "./objects/embedded/embedded-s3-engine.js";
import { ObjectRepository } from "./objects/embedded/object-repository.js";
import type { S3Engine } from "./objects/embedded/s3-engine.js";
import type { ObjectStore, UrlSigner } from "./objects/object-store.js";
import { parseArn, type Scope } from "./scope.js";
import { closeDatabase, openDatabase, type SqliteDatabase } from "./storage/database.js";
import { TagRepository } from "./tags/tag-repository.js";
import { TagService } from "./tags/tag-service.js";
import { DEFAULT_WORKTEAM_NAME, defaultMemberDefinitions } from "./workteams/defaults.js";
import { WorkforceService } from "./workteams/workforce-service.js";
import { WorkteamRepository } from "./workteams/workteam-repository.js";
import { WorkteamService } from "./workteams/workteam-service.js";
import { WorkerRepository } from "./workers/worker-repository.js";
import { WorkerService } from "./workers/worker-service.js";
import type { SimulationPolicy } from "./simulation/policy.js";
import { SimulationService } from "./simulation/simulation-service.js";
import { StateService } from "./state/state-service.js";

export interface EmulatorOptions {
  /** Folder for persistent state; ignored when `inMemory`. The schema lives under `v1/`. */
  dataDir: string;
  inMemory: boolean;
  accountId: string;
  /** Region of buckets the core creates itself (the embedded store). */
  defaultRegion: string;
  clock?: Clock;
  /** An external S3 (MinIO, LocalStack, AWS) instead of the embedded store. */
  externalObjectStore?: ObjectStore;
  /** Runs Lambda ARNs that are not Ground Truth built-ins (local modules, a Lambda endpoint). */
  lambdas?: LambdaRunner;
  engine?: Partial<EngineOptions>;
  /** Errors that are gt-local's own bugs, for the log. */
  onInternalError?: (error: unknown) => void;
  /** Simulate every new job's workforce under this policy (the `--simulate` server option). */
  simulate?: SimulationPolicy;
}

/** AWS's defaults: a job starts within about a second; 100,000 objects per job. */
export const DEFAULT_ENGINE_OPTIONS: EngineOptions = {
  startDelayMs: 500,
  maxObjectsPerJob: 100_000,
  consolidation: "majority-vote",
};

/**
 * Every table, children first, for reset(). A new migration's tables must be added here (a test in
 * emulator/state/ compares this list with the database's tables).
 */
export const RESET_ORDER = [
  "tasks",
  "opened_objects",
  "data_objects",
  "job_runs",
  "workers",
  "s3_parts",
  "s3_uploads",
  "s3_objects",
  "s3_buckets",
  "tags",
  "labeling_jobs",
  "workteams",
  "workforces",
  "seeded_regions",
] as const;

/** A job's `gt-local:consolidation` tag, when it names a method gt-local has. */
function consolidationMethodFrom(tags: readonly Tag[]): ConsolidationMethod | undefined {
  const value = tags.find((tag) => tag.key === CONSOLIDATION_TAG)?.value;
  return value === "majority-vote" || value === "dawid-skene" ? value : undefined;
}

/** Where the database lives inside a data dir; the `v1` folder versions the on-disk layout. */
export const databaseFileIn = (dataDir: string): string => join(dataDir, "v1", "gt-local.sqlite");
export const blobDirIn = (dataDir: string): string => join(dataDir, "v1", "blobs");

/** The composition root of the domain core: one database, one clock, the services over them. */
export class Emulator {
  readonly clock: Clock;
  readonly accountId: string;
  readonly db: SqliteDatabase;
  readonly jobs: LabelingJobService;
  readonly workteams: WorkteamService;
  readonly workforces: WorkforceService;
  readonly tags: TagService;
  /** Every job status change, as EventBridge's "Labeling Job State Change" event. */
  readonly events = new JobEventBus();
  readonly workers: WorkerService;
  readonly tasks: TaskService;
  readonly engine: JobEngine;
  /** Simulated workforces that answer jobs through the same claims and submits as people. */
  readonly simulations: SimulationService;
  /** The only way the core reads and writes objects, embedded or external. */
  readonly objects: ObjectStore;
  /** The embedded S3 engine behind gt-local's own S3 API; undefined with an external S3. */
  readonly s3: S3Engine | undefined;
  /** Export and import of the whole state, and the seed state a reset returns to. */
  readonly state: StateService;
  private readonly blobs: BlobStore | undefined;
  private readonly seededRegions = new Set<string>();
  private signer: UrlSigner | undefined;
  private templateEngine: TemplateEngine | undefined;
  private readonly temporaryBlobDir: string | undefined;
  /** Forgets the rows repositories keep in memory (see CommittedRows). */
  private readonly forgetKeptRows: () => void;

  constructor(options: EmulatorOptions) {
    this.clock = options.clock ?? new SystemClock();
    this.accountId = options.accountId;
    this.db = openDatabase(options.inMemory ? ":memory:" : databaseFileIn(options.dataDir));
    const tagRepository = new TagRepository(this.db);
    const teamRepository = new WorkteamRepository(this.db);
    const jobRepository = new JobRepository(this.db, (job) => {
      this.events.publish(stateChangeEvent(job, this.accountId, this.clock.now()));
    });
    this.workforces = new WorkforceService(teamRepository, tagRepository, this.clock);
    this.workteams = new WorkteamService(teamRepository, this.workforces, tagRepository, this.clock);
    this.tags = new TagService(tagRepository, (arn) => this.resourceExists(arn));

    if (options.externalObjectStore) {
      this.objects = options.externalObjectStore;
      this.s3 = undefined;
    } else {
      // In memory, object bytes still go to files: a throwaway folder removed at close.
      this.temporaryBlobDir = options.inMemory ? mkdtempSync(join(tmpdir(), "gt-local-blobs-")) : undefined;
      this.blobs = new BlobStore(
        this.temporaryBlobDir ?? blobDirIn(options.dataDir),
        new InlineBlobs(this.db),
      );
      const engine = new EmbeddedS3Engine(new ObjectRepository(this.db), this.blobs, this.clock);
      this.s3 = engine;
      this.objects = new EmbeddedObjectStore(engine, options.defaultRegion);
    }

    const claimIndex = new ClaimIndex();
    const objectRepository = new DataObjectRepository(this.db, claimIndex);
    const taskRepository = new TaskRepository(this.db, claimIndex);
    this.engine = new JobEngine({
      clock: this.clock,
      jobs: jobRepository,
      objects: objectRepository,
      tasks: taskRepository,
      store: this.objects,
      lambdas: options.lambdas,
      options: { ...DEFAULT_ENGINE_OPTIONS, ...options.engine },
      onInternalError: options.onInternalError ?? (() => undefined),
      consolidation: new ConsolidationRepository(this.db),
      identityFor: (job) => this.workerIdentityFor(job),
      onWorkAvailable: (jobArn) => {
        this.simulations.workAvailable(jobArn);
      },
    });
    this.jobs = new LabelingJobService(jobRepository, this.workteams, tagRepository, this.clock, {
      created: (job, tags) => {
        this.engine.jobCreated(job, consolidationMethodFrom(tags));
        this.simulations.jobCreated(job);
      },
      stopped: (job) => {
        this.engine.stopped(job);
      },
    });
    const workerRepository = new WorkerRepository(this.db);
    this.workers = new WorkerService(workerRepository, this.clock);
    this.forgetKeptRows = () => {
      claimIndex.forgetAll();
      objectRepository.forgetKept();
      jobRepository.forgetKept();
      teamRepository.forgetKept();
      workerRepository.forgetKept();
    };
    this.workers.ensureDefault();
    this.tasks = new TaskService({
      clock: this.clock,
      jobs: jobRepository,
      objects: objectRepository,
      tasks: taskRepository,
      workers: this.workers,
      workteams: this.workteams,
      engine: this.engine,
      defaultRegion: options.defaultRegion,
    });
    this.simulations = new SimulationService({
      clock: this.clock,
      jobs: jobRepository,
      objects: objectRepository,
      tasks: this.tasks,
      workers: this.workers,
      workteams: this.workteams,
      onInternalError: options.onInternalError ?? (() => undefined),
      defaultPolicy: options.simulate,
    });
    // The server option applies to jobs a previous run left Initializing or InProgress.
    this.simulations.resume([
      ...objectRepository.dueStarts(Number.MAX_SAFE_INTEGER),
      ...objectRepository.inProgressJobs(),
    ]);
    // Pick up where a previous run stopped: starts, deadlines and refills are all persisted.
    this.engine.resume();
    this.state = new StateService({
      db: this.db,
      clock: this.clock,
      blobs: this.blobs,
      idle: () => this.engine.idle(),
      resetToEmpty: () => this.reset(),
      forgetCaches: () => {
        this.forgetCaches();
      },
      // An import replaced every row: carry on over them exactly as a start-up does (above).
      resumeAsAtStart: () => {
        this.workers.ensureDefault();
        this.simulations.resume([
          ...objectRepository.dueStarts(Number.MAX_SAFE_INTEGER),
          ...objectRepository.inProgressJobs(),
        ]);
        this.engine.resume();
      },
    });
  }

  /**
   * The scope of a request in `region`. The first time a region is used, its default workforce and
   * team are created, once for the life of the data dir (deleting them later is respected).
   */
  scopeFor(region: string): Scope {
    const scope: Scope = { accountId: this.accountId, region };
    if (this.seededRegions.has(region)) return scope;
    this.db.transaction(() => {
      const inserted = this.db
        .prepare("INSERT OR IGNORE INTO seeded_regions (region) VALUES (?)")
        .run(region);
      if (inserted.changes === 0) return;
      this.workforces.ensureDefault(scope);
      this.workteams.seed(scope, DEFAULT_WORKTEAM_NAME, {
        description: "The team of gt-local's local workers (created at first start)",
        memberDefinitions: defaultMemberDefinitions(scope),
      });
    })();
    this.seededRegions.add(region);
    return scope;
  }

  /** The identity provider of a job's private team: its Cognito user pool, or the OIDC issuer. */
  private workerIdentityFor(job: LabelingJob): WorkerIdentity {
    const team = this.workteams.findByArn(job.spec.humanTask.workteamArn);
    const pool = team?.memberDefinitions.find((member) => member.cognito)?.cognito?.userPool;
    const issuer = team
      ? this.workforces.find(this.scopeFor(team.region), team.workforceName)?.oidc?.issuer
      : undefined;
    return {
      region: job.region,
      ...(pool === undefined ? {} : { cognitoUserPool: pool }),
      ...(issuer === undefined || pool !== undefined ? {} : { oidcIssuer: issuer }),
    };
  }

  private resourceExists(arn: string): boolean {
    const parsed = parseArn(arn);
    if (parsed?.service !== "sagemaker" || parsed.accountId !== this.accountId) return false;
    const scope = this.scopeFor(parsed.region);
    const [kind, ...rest] = parsed.resource.split("/");
    const table: Record<string, () => boolean> = {
      "labeling-job": () => rest.length === 1 && this.jobs.findByArn(arn) !== undefined,
      workteam: () => this.workteams.findByArn(arn) !== undefined,
      workforce: () => rest.length === 1 && this.workforces.find(scope, rest[0] ?? "")?.arn === arn,
    };
    return table[kind ?? ""]?.() ?? false;
  }

  /**
   * Empties every table and every stored object, then seeds the defaults again: the state of a
   * fresh start (the testing API's reset). Runs between requests, so nothing is half-done.
   */
  async reset(): Promise<void> {
    await this.engine.idle();
    const buckets = this.s3?.listBuckets() ?? [];
    for (const bucket of buckets) {
      for (;;) {
        const page = this.s3?.listObjects({ bucket: bucket.name, maxKeys: 1000 });
        if (!page || page.objects.length === 0) break;
        this.s3?.deleteObjects(
          bucket.name,
          page.objects.map((object) => object.key),
        );
      }
    }
    this.db.transaction(() => {
      // Children before parents (foreign keys); every table of every migration.
      for (const table of RESET_ORDER) this.db.prepare(`DELETE FROM ${table}`).run();
      // Counts that triggers took to zero, and the bytes of the parts just deleted.
      for (const table of NOT_EXPORTED_TABLES) this.db.prepare(`DELETE FROM ${table}`).run();
    })();
    this.forgetCaches();
    this.workers.ensureDefault();
  }

  /** Every row was replaced or removed (an import or reset): nothing kept in memory about them holds. */
  private forgetCaches(): void {
    this.forgetKeptRows();
    this.engine.forgetCaches();
    this.seededRegions.clear();
    this.simulations.clear();
  }

  /** The server supplies the signer once it knows the URL it listens on. */
  useUrlSigner(signer: UrlSigner): void {
    this.signer = signer;
    this.templateEngine = undefined;
  }

  /** Ground Truth's Liquid, with `grant_read_access` signing for the active object store. */
  get templates(): TemplateEngine {
    this.templateEngine ??= createTemplateEngine(this.urlSigner);
    return this.templateEngine;
  }

  get urlSigner(): UrlSigner {
    if (!this.signer) throw new Error("No UrlSigner yet: the server sets one when it starts listening");
    return this.signer;
  }

  async close(): Promise<void> {
    this.state.dispose();
    this.simulations.close();
    this.engine.close();
    await this.engine.idle();
    await this.objects.close();
    closeDatabase(this.db);
    if (this.temporaryBlobDir !== undefined) rmSync(this.temporaryBlobDir, { recursive: true, force: true });
  }
}
