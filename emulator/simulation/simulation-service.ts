import { GtError, notFound, validationError } from "../errors.js";
import type { LabelingJob } from "../jobs/labeling-job.js";
import type { WorkerService } from "../workers/worker-service.js";
import type { WorkteamService } from "../workteams/workteam-service.js";
import { checkSimulationPolicy } from "./check-policy.js";
import { resolveWorkers, type ResolvedWorker, type SimulationPolicy } from "./policy.js";
import { provisionWorkers } from "./simulated-workers.js";
import { SimulationDriver, type DriverDependencies } from "./simulation-driver.js";
import { Simulation, type SimulationState } from "./simulation.js";

export interface SimulationServiceDependencies extends DriverDependencies {
  workers: WorkerService;
  workteams: WorkteamService;
  /** The server option: every new job is simulated under this policy. */
  defaultPolicy?: SimulationPolicy | undefined;
}

const ENDED = new Set(["Completed", "Failed", "Stopped"]);

/**
 * Simulated workforces, one per job: start one (or replace it), read what it did, stop it. The
 * engine calls `workAvailable` after it hands out work, which is what keeps simulations going.
 *
 * By design, simulations live in the server process: after a restart, start them again (the
 * server option applies again by itself, to every job still running). Answers they gave are
 * tasks like every other and persist.
 */
export class SimulationService {
  private readonly simulations = new Map<string, Simulation>();
  private readonly driver: SimulationDriver;
  private readonly defaultPolicy: SimulationPolicy | undefined;
  private closed = false;

  constructor(private readonly deps: SimulationServiceDependencies) {
    this.driver = new SimulationDriver(deps);
    // A bad server option must stop the server from starting, not surface at the first job.
    this.defaultPolicy =
      deps.defaultPolicy === undefined ? undefined : checkSimulationPolicy(deps.defaultPolicy);
  }

  /**
   * Simulates `job` under `policy` (JSON as received), replacing a simulation it already has. A
   * policy that does not fit the job, or a job that has ended, is a ValidationException.
   */
  start(job: LabelingJob, policy: unknown): SimulationState {
    const checked = checkSimulationPolicy(policy);
    if (ENDED.has(job.status)) {
      throw validationError(
        `The labeling job ${job.name} has ended (${job.status}); there is nothing to answer.`,
      );
    }
    const workers = this.workersFor(job, checked);
    provisionWorkers(job, workers, this.deps);
    const previous = this.simulations.get(job.arn);
    if (previous) previous.active = false;
    const simulation = new Simulation(job, checked, workers);
    this.simulations.set(job.arn, simulation);
    void this.driver.drive(simulation);
    return simulation.view(job);
  }

  /**
   * A job was created: with the server option, simulate it. CreateLabelingJob cannot be refused for
   * the simulation's sake, so a policy that does not fit is kept as a `refused` simulation whose
   * error the testing API shows.
   */
  jobCreated(job: LabelingJob): void {
    if (this.defaultPolicy === undefined || this.closed) return;
    try {
      this.start(job, this.defaultPolicy);
    } catch (error) {
      if (!(error instanceof GtError)) throw error;
      const refused = new Simulation(job, this.defaultPolicy, []);
      refused.active = false;
      refused.refused = true;
      refused.errors.push({ message: error.message, at: this.deps.clock.now() });
      this.simulations.set(job.arn, refused);
    }
  }

  /** After a restart, the server option takes up the jobs that are still running. */
  resume(jobArns: readonly string[]): void {
    for (const arn of jobArns) {
      const job = this.deps.jobs.findByArn(arn);
      if (job && !this.simulations.has(arn)) this.jobCreated(job);
    }
  }

  /** The engine handed out work (or took some back): let the job's simulated workers look. */
  workAvailable(jobArn: string): void {
    const simulation = this.simulations.get(jobArn);
    if (simulation?.active && !this.closed) void this.driver.drive(simulation);
  }

  state(job: LabelingJob): SimulationState {
    return this.simulationOf(job).view(job);
  }

  /** Stops answering; answers already given stay. What was done remains readable. */
  stop(job: LabelingJob): SimulationState {
    const simulation = this.simulationOf(job);
    simulation.active = false;
    simulation.stoppedByRequest = true;
    return simulation.view(job);
  }

  /** Forgets every simulation (the testing API's reset). */
  clear(): void {
    for (const simulation of this.simulations.values()) simulation.active = false;
    this.simulations.clear();
  }

  close(): void {
    this.closed = true;
    this.clear();
  }

  private simulationOf(job: LabelingJob): Simulation {
    const simulation = this.simulations.get(job.arn);
    if (!simulation) {
      throw notFound(
        `The labeling job ${job.name} has no simulated workforce. Start one with POST /_gt/api/jobs/${job.name}/simulate.`,
      );
    }
    return simulation;
  }

  private workersFor(job: LabelingJob, policy: SimulationPolicy): ResolvedWorker[] {
    const needed = job.spec.humanTask.workersPerDataObject;
    const workers = resolveWorkers(policy, needed);
    if (workers.length < needed) {
      throw validationError(
        `The labeling job ${job.name} needs ${String(needed)} different workers per data object (NumberOfHumanWorkersPerDataObject), but the policy has ${String(workers.length)} simulated worker${workers.length === 1 ? "" : "s"}.`,
      );
    }
    const names = new Set(workers.map((worker) => worker.id));
    const stranger = policy.scripted?.find((entry) => !names.has(entry.worker));
    if (stranger) {
      throw validationError(
        `A scripted answer names worker "${stranger.worker}", who is not one of the simulated workers (${[...names].join(", ")}).`,
      );
    }
    return workers;
  }
}
