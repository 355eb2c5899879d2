import type { Clock } from "../clock.js";
import { inUse, notFound, validationError } from "../errors.js";
import { randomAlphanumeric } from "../ids.js";
import { DEFAULT_WORKER_GROUP } from "../workteams/defaults.js";
import type { WorkerRepository } from "./worker-repository.js";
import type { Worker } from "./worker.js";

/** The worker that exists from the first start, in the default team's group. */
export const DEFAULT_WORKER_ID = "localworker00001";

export interface NewWorker {
  id?: string;
  displayName: string;
  email?: string;
  groups?: string[];
}

const WORKER_ID = /^[A-Za-z0-9_-]{1,64}$/u;

export class WorkerService {
  constructor(
    private readonly repository: WorkerRepository,
    private readonly clock: Clock,
  ) {}

  create(input: NewWorker): Worker {
    const id = input.id ?? randomAlphanumeric(16).toLowerCase();
    if (!WORKER_ID.test(id)) {
      throw validationError("A worker id is 1 to 64 letters, digits, hyphens or underscores.");
    }
    if (input.displayName.trim() === "") throw validationError("A worker needs a display name.");
    if (this.repository.find(id)) throw inUse(`A worker with id ${id} already exists.`);
    const worker: Worker = {
      id,
      displayName: input.displayName.trim(),
      email: input.email ?? `${id}@workers.gt-local.test`,
      groups: input.groups ?? [DEFAULT_WORKER_GROUP],
      createdAt: this.clock.now(),
    };
    this.repository.insert(worker);
    return worker;
  }

  /** Creates the default worker once; a no-op when it exists. */
  ensureDefault(): Worker {
    return (
      this.repository.find(DEFAULT_WORKER_ID) ??
      this.create({ id: DEFAULT_WORKER_ID, displayName: "Local Worker", email: "worker@gt-local.test" })
    );
  }

  get(id: string): Worker {
    const worker = this.repository.find(id);
    if (!worker) throw notFound(`Worker ${id} does not exist.`);
    return worker;
  }

  list(): Worker[] {
    return this.repository.list();
  }

  find(id: string): Worker | undefined {
    return this.repository.find(id);
  }

  /** Adds groups a worker lacks (simulated workers joining another job's team keep their old ones). */
  addGroups(id: string, groups: readonly string[]): Worker {
    const worker = this.get(id);
    const missing = groups.filter((group) => !worker.groups.includes(group));
    if (missing.length === 0) return worker;
    const updated = { ...worker, groups: [...worker.groups, ...missing] };
    this.repository.updateGroups(id, updated.groups);
    return updated;
  }
}
