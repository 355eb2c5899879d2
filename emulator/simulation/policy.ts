/**
 * A simulated workforce's policy: who the workers are, how well they answer, what the right answer
 * is, and which answers are scripted. Every field is optional; the defaults are below and in the
 * README ("Simulated workers").
 */

/** Rows are the true label, columns the label answered; each row's weights are normalised. */
export type ConfusionMatrix = Record<string, Record<string, number>>;

export interface SimulatedWorkerSpec {
  /** The local worker's id (reused when it exists); default `sim-<position>`, counting from 1. */
  name?: string;
  /** The chance of answering the truth; otherwise a uniformly chosen other label. Default 1. */
  accuracy?: number;
  /** Instead of `accuracy`: how this worker answers each true label. */
  confusion?: ConfusionMatrix;
}

/** Where the right answer of each data object comes from. */
export type TruthSource =
  /** A manifest line attribute: a label, a list of labels, or label indices (Ground Truth output). */
  | { attribute: string }
  /** Keyed by `source-ref`, `source` or the dataset object id (`"0"`, `"1"`, ...). */
  | { map: Record<string, string | string[]> }
  /** One of the job's labels, drawn per object from the seed. */
  | "uniform-random";

export interface ScriptedAnswer {
  /** A simulated worker's name. */
  worker: string;
  /** The dataset object id (`"0"` is the manifest's first line), its `source-ref` or `source`. */
  object: string | number;
  /** A label, a list of labels (multi-label), or the whole answer JSON as a crowd-form builds it. */
  answer: string | string[] | Record<string, unknown>;
}

export interface SimulationPolicy {
  /** How many workers (`sim-1`, `sim-2`, ...) or each one; default NumberOfHumanWorkersPerDataObject. */
  workers?: number | SimulatedWorkerSpec[];
  /** The accuracy of every worker that sets neither `accuracy` nor `confusion`. Default 1. */
  accuracy?: number;
  /** Default `"uniform-random"`. */
  truth?: TruthSource;
  /** The same seed and policy give the same answers. Default 0. */
  seed?: number | string;
  /** Answers that win over the simulation for one (worker, object). */
  scripted?: ScriptedAnswer[];
}

/** How one resolved worker turns a true label into an answered one. */
export type AnswerBehaviour =
  { kind: "accuracy"; accuracy: number } | { kind: "confusion"; matrix: ConfusionMatrix };

export interface ResolvedWorker {
  id: string;
  behaviour: AnswerBehaviour;
}

export const DEFAULT_SEED = 0;
export const DEFAULT_ACCURACY = 1;
export const MAX_SIMULATED_WORKERS = 1_000;

/** The workers a policy describes for a job that wants `workersPerObject` answers per object. */
export function resolveWorkers(policy: SimulationPolicy, workersPerObject: number): ResolvedWorker[] {
  const fallback: AnswerBehaviour = { kind: "accuracy", accuracy: policy.accuracy ?? DEFAULT_ACCURACY };
  const specs: SimulatedWorkerSpec[] = Array.isArray(policy.workers)
    ? policy.workers
    : Array.from({ length: policy.workers ?? workersPerObject }, () => ({}));
  return specs.map((spec, index) => ({
    id: spec.name ?? `sim-${String(index + 1)}`,
    behaviour:
      spec.confusion !== undefined
        ? { kind: "confusion", matrix: spec.confusion }
        : spec.accuracy !== undefined
          ? { kind: "accuracy", accuracy: spec.accuracy }
          : fallback,
  }));
}
