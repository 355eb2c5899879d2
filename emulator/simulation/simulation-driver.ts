import type { Clock } from "../clock.js";
import type { Task } from "../engine/task.js";
import { taskProfileOf } from "../engine/task-profile.js";
import type { DataObjectRepository } from "../engine/tasks/object-repository.js";
import type { TaskService } from "../engine/tasks/task-service.js";
import { GtError } from "../errors.js";
import type { LabelingJob } from "../jobs/labeling-job.js";
import { answerJson, scriptedAnswerJson, simulatedLabels } from "./answer-generation.js";
import { answerKeyOf } from "./crowd-element.js";
import type { ResolvedWorker } from "./policy.js";
import { randomFor } from "./seeded-random.js";
import type { Simulation } from "./simulation.js";
import { truthFor } from "./truth.js";

export interface DriverDependencies {
  clock: Clock;
  jobs: { findByArn(arn: string): LabelingJob | undefined };
  objects: DataObjectRepository;
  tasks: TaskService;
  onInternalError: (error: unknown) => void;
}

/**
 * Works a job's open objects with its simulated workers, through the same claim and submit a person
 * uses: team membership, distinct workers per object, the concurrency cap and the answer check all
 * apply. It runs when the engine says work may be available and stops when a full pass over the
 * workers finds none, so it needs no timer of its own (and a ManualClock drives it as it drives
 * the engine).
 */
export class SimulationDriver {
  constructor(private readonly deps: DriverDependencies) {}

  /** Starts a pass, or asks the one running for another (new objects may have opened meanwhile). */
  async drive(simulation: Simulation): Promise<void> {
    if (simulation.driving) {
      simulation.again = true;
      return;
    }
    simulation.driving = true;
    try {
      do {
        simulation.again = false;
        while (simulation.active && (await this.round(simulation))) {
          // Another round: someone got a task, so answering may have opened more work.
        }
      } while (wantsAnotherPass(simulation));
    } catch (error) {
      // The job vanished (a reset) or gt-local has a bug: either way this simulation is over.
      simulation.active = false;
      if (!(error instanceof GtError && error.code === "ResourceNotFound")) {
        this.deps.onInternalError(error);
        this.record(simulation, {
          message: "The simulation stopped on an internal error; see the server log.",
        });
      }
    } finally {
      simulation.driving = false;
    }
  }

  /** Each worker takes tasks until it gets none; true when anyone got one. */
  private async round(simulation: Simulation): Promise<boolean> {
    let progressed = false;
    for (const worker of simulation.workers) {
      let previous: string | undefined;
      for (;;) {
        if (!simulation.active) return false;
        const task = this.claim(simulation, worker);
        // A claim gives back a task the worker still holds: one that could not be handed back
        // must not be answered in a loop.
        if (!task || task.id === previous) break;
        previous = task.id;
        progressed = true;
        await this.answer(simulation, worker, task);
      }
    }
    return progressed;
  }

  private claim(simulation: Simulation, worker: ResolvedWorker): Task | undefined {
    try {
      return this.deps.tasks.claimNext({
        workerId: worker.id,
        jobName: simulation.jobName,
        region: simulation.region,
      });
    } catch (error) {
      // e.g. the team's member definitions changed and this worker is no longer in it.
      if (!(error instanceof GtError) || error.code === "ResourceNotFound") throw error;
      this.record(simulation, { workerId: worker.id, message: error.message });
      return undefined;
    }
  }

  private async answer(simulation: Simulation, worker: ResolvedWorker, task: Task): Promise<void> {
    const job = this.deps.jobs.findByArn(simulation.jobArn);
    const run = this.deps.objects.run(simulation.jobArn);
    const row = this.deps.objects.find(simulation.jobArn, Number(task.datasetObjectId));
    if (!job || !run || !row) return;
    const line = JSON.parse(row.line_json) as Record<string, unknown>;
    const labels = run.labels_json === null ? [] : (JSON.parse(run.labels_json) as string[]);
    const { multiLabel } = taskProfileOf(job.spec);
    const key = answerKeyOf(run.template ?? undefined, multiLabel);
    const where = { workerId: worker.id, datasetObjectId: task.datasetObjectId };

    const script = simulation.scriptFor(worker.id, [task.datasetObjectId, line["source-ref"], line.source]);
    let answer: Record<string, unknown>;
    if (script !== undefined) {
      answer = scriptedAnswerJson(script, key, multiLabel);
    } else {
      const object = { datasetObjectId: task.datasetObjectId, line };
      const truth = truthFor(simulation.policy.truth ?? "uniform-random", object, {
        labels,
        seed: simulation.seed,
        multiLabel,
      });
      if ("error" in truth) {
        this.record(simulation, { ...where, message: truth.error });
        await this.giveBack(task, worker);
        return;
      }
      const random = randomFor(simulation.seed, "answer", worker.id, task.datasetObjectId);
      answer = answerJson(key, simulatedLabels(worker.behaviour, truth.labels, labels, random), multiLabel);
    }

    try {
      await this.deps.tasks.submit(task.id, worker.id, answer);
    } catch (error) {
      if (!(error instanceof GtError) || !this.stillOpen(task)) {
        // The job stopped or the claim was withdrawn meanwhile: nothing went wrong with the answer.
        if (error instanceof GtError) return;
        throw error;
      }
      // The job's answer check refused it, exactly as it would a person's: report it, and hand the
      // object back so the job's own rules (other workers, availability) decide what becomes of it.
      this.record(simulation, { ...where, message: `Answer refused: ${error.message}` });
      await this.giveBack(task, worker);
      return;
    }
    simulation.answers.push({ ...where, answer, scripted: script !== undefined, at: this.deps.clock.now() });
  }

  /** Declines the task: this worker will not be given the object again; others may take it. */
  private async giveBack(task: Task, worker: ResolvedWorker): Promise<void> {
    if (!this.stillOpen(task)) return;
    await this.deps.tasks.decline(task.id, worker.id).catch((error: unknown) => {
      if (!(error instanceof GtError)) throw error;
    });
  }

  private stillOpen(task: Task): boolean {
    const current = this.deps.tasks.get(task.id);
    const job = this.deps.jobs.findByArn(task.jobArn);
    return current.state === "claimed" && job?.status === "InProgress";
  }

  private record(
    simulation: Simulation,
    error: { workerId?: string; datasetObjectId?: string; message: string },
  ): void {
    simulation.errors.push({ ...error, at: this.deps.clock.now() });
  }
}

/** The engine asked again while a pass ran (a function, so the flag is read fresh after awaits). */
function wantsAnotherPass(simulation: Simulation): boolean {
  return simulation.again && simulation.active;
}
