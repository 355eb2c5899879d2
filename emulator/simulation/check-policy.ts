import { validationError } from "../errors.js";
import {
  MAX_SIMULATED_WORKERS,
  resolveWorkers,
  type ConfusionMatrix,
  type ScriptedAnswer,
  type SimulatedWorkerSpec,
  type SimulationPolicy,
  type TruthSource,
} from "./policy.js";

type JsonObject = Record<string, unknown>;

/** A local worker's id rules (WorkerService): a simulated worker's name becomes one. */
const WORKER_ID = /^[A-Za-z0-9_-]{1,64}$/u;

/**
 * Checks a policy that arrived as JSON (the admin API, `--simulate`, `GT_LOCAL_SIMULATE`) and
 * returns it typed. Unknown fields are refused, as everywhere in the testing API, so a misspelt
 * `acuracy` fails loudly instead of silently meaning 1. Messages name the field's path.
 */
export function checkSimulationPolicy(input: unknown): SimulationPolicy {
  const body = objectAt(input, "The simulation policy");
  refuseUnknown(body, ["workers", "accuracy", "truth", "seed", "scripted"], "The simulation policy");
  const policy: SimulationPolicy = {};
  if (body.workers !== undefined) policy.workers = checkWorkers(body.workers);
  if (body.accuracy !== undefined) policy.accuracy = checkAccuracy(body.accuracy, '"accuracy"');
  if (body.truth !== undefined) policy.truth = checkTruth(body.truth);
  if (body.seed !== undefined) policy.seed = checkSeed(body.seed);
  if (body.scripted !== undefined) policy.scripted = checkScripted(body.scripted);
  if (Array.isArray(policy.workers)) {
    const ids = resolveWorkers(policy, 0).map((worker) => worker.id);
    const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
    if (repeated !== undefined) {
      throw validationError(`Two simulated workers are named "${repeated}"; names must be unique.`);
    }
  }
  return policy;
}

function checkWorkers(value: unknown): number | SimulatedWorkerSpec[] {
  if (typeof value === "number") {
    if (!Number.isInteger(value) || value < 1 || value > MAX_SIMULATED_WORKERS) {
      throw validationError(
        `"workers" must be a whole number from 1 to ${String(MAX_SIMULATED_WORKERS)}, or a list of workers; not ${describe(value)}.`,
      );
    }
    return value;
  }
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_SIMULATED_WORKERS) {
    throw validationError(
      `"workers" must be a number or a list of 1 to ${String(MAX_SIMULATED_WORKERS)} workers, not ${describe(value)}.`,
    );
  }
  const items: unknown[] = value;
  return items.map((item, index) => {
    const path = `"workers[${String(index)}]"`;
    const spec = objectAt(item, path);
    refuseUnknown(spec, ["name", "accuracy", "confusion"], path);
    const checked: SimulatedWorkerSpec = {};
    if (spec.name !== undefined) {
      if (typeof spec.name !== "string" || !WORKER_ID.test(spec.name)) {
        throw validationError(
          `${path}.name must be 1 to 64 letters, digits, hyphens or underscores (it becomes a worker id), not ${describe(spec.name)}.`,
        );
      }
      checked.name = spec.name;
    }
    if (spec.accuracy !== undefined && spec.confusion !== undefined) {
      throw validationError(`${path} gives both "accuracy" and "confusion"; give one.`);
    }
    if (spec.accuracy !== undefined) checked.accuracy = checkAccuracy(spec.accuracy, `${path}.accuracy`);
    if (spec.confusion !== undefined) checked.confusion = checkConfusion(spec.confusion, `${path}.confusion`);
    return checked;
  });
}

function checkAccuracy(value: unknown, path: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > 1) {
    throw validationError(`${path} must be a number from 0 to 1, not ${describe(value)}.`);
  }
  return value;
}

function checkConfusion(value: unknown, path: string): ConfusionMatrix {
  const rows = objectAt(value, path);
  if (Object.keys(rows).length === 0) {
    throw validationError(`${path} needs at least one row (a true label and the weights of its answers).`);
  }
  const matrix: ConfusionMatrix = {};
  for (const [truth, row] of Object.entries(rows)) {
    const rowPath = `${path}[${JSON.stringify(truth)}]`;
    const weights = objectAt(row, rowPath);
    let total = 0;
    for (const [answered, weight] of Object.entries(weights)) {
      if (typeof weight !== "number" || !Number.isFinite(weight) || weight < 0) {
        throw validationError(
          `${rowPath}[${JSON.stringify(answered)}] must be a weight of 0 or more, not ${describe(weight)}.`,
        );
      }
      total += weight;
    }
    if (total <= 0) throw validationError(`The weights of ${rowPath} must add up to more than 0.`);
    matrix[truth] = weights as Record<string, number>;
  }
  return matrix;
}

function checkTruth(value: unknown): TruthSource {
  if (value === "uniform-random") return value;
  if (typeof value === "string" || typeof value !== "object" || value === null || Array.isArray(value)) {
    throw validationError(
      `"truth" must be "uniform-random", {"attribute": "<manifest attribute>"} or {"map": {...}}, not ${describe(value)}.`,
    );
  }
  const truth = value as JsonObject;
  refuseUnknown(truth, ["attribute", "map"], '"truth"');
  if ((truth.attribute === undefined) === (truth.map === undefined)) {
    throw validationError('"truth" takes exactly one of "attribute" and "map".');
  }
  if (truth.attribute !== undefined) {
    if (typeof truth.attribute !== "string" || truth.attribute === "") {
      throw validationError(
        `"truth.attribute" must be a non-empty string, not ${describe(truth.attribute)}.`,
      );
    }
    return { attribute: truth.attribute };
  }
  const map = objectAt(truth.map, '"truth.map"');
  for (const [key, labels] of Object.entries(map)) {
    if (!isLabel(labels) && !isLabelList(labels)) {
      throw validationError(
        `"truth.map"[${JSON.stringify(key)}] must be a label or a non-empty list of labels, not ${describe(labels)}.`,
      );
    }
  }
  return { map: map as Record<string, string | string[]> };
}

function checkSeed(value: unknown): number | string {
  if ((typeof value === "number" && Number.isFinite(value)) || typeof value === "string") return value;
  throw validationError(`"seed" must be a number or a string, not ${describe(value)}.`);
}

function checkScripted(value: unknown): ScriptedAnswer[] {
  if (!Array.isArray(value)) throw validationError(`"scripted" must be a list, not ${describe(value)}.`);
  const items: unknown[] = value;
  const seen = new Set<string>();
  return items.map((item, index) => {
    const path = `"scripted[${String(index)}]"`;
    const entry = objectAt(item, path);
    refuseUnknown(entry, ["worker", "object", "answer"], path);
    if (typeof entry.worker !== "string" || entry.worker === "") {
      throw validationError(
        `${path}.worker must be a simulated worker's name, not ${describe(entry.worker)}.`,
      );
    }
    const object = entry.object;
    const validObject =
      (typeof object === "string" && object !== "") ||
      (typeof object === "number" && Number.isInteger(object) && object >= 0);
    if (!validObject) {
      throw validationError(
        `${path}.object must be a dataset object id (0 is the manifest's first line), a source-ref or a source, not ${describe(object)}.`,
      );
    }
    const answer = entry.answer;
    const validAnswer =
      isLabel(answer) ||
      isLabelList(answer) ||
      (typeof answer === "object" && answer !== null && !Array.isArray(answer));
    if (!validAnswer) {
      throw validationError(
        `${path}.answer must be a label, a list of labels or the answer JSON object, not ${describe(answer)}.`,
      );
    }
    const key = JSON.stringify([entry.worker, String(object)]);
    if (seen.has(key)) {
      throw validationError(
        `${path} scripts worker "${entry.worker}" on object ${JSON.stringify(String(object))} a second time.`,
      );
    }
    seen.add(key);
    return { worker: entry.worker, object: String(object), answer: answer as ScriptedAnswer["answer"] };
  });
}

const isLabel = (value: unknown): value is string => typeof value === "string" && value !== "";

function isLabelList(value: unknown): value is string[] {
  if (!Array.isArray(value) || value.length === 0) return false;
  const items: unknown[] = value;
  return items.every(isLabel);
}

function objectAt(value: unknown, path: string): JsonObject {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw validationError(`${path} must be a JSON object, not ${describe(value)}.`);
  }
  return value as JsonObject;
}

function refuseUnknown(body: JsonObject, fields: readonly string[], path: string): void {
  const unknown = Object.keys(body).filter((key) => !fields.includes(key));
  if (unknown.length > 0) {
    throw validationError(
      `${path} has unknown field${unknown.length === 1 ? "" : "s"} ${unknown.map((key) => `"${key}"`).join(", ")}; it takes ${fields.map((field) => `"${field}"`).join(", ")}.`,
    );
  }
}

/** How a JSON value is named in messages: `a string ("x")`, `a list`, `null`, ... */
function describe(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return value.length === 0 ? "an empty list" : "a list";
  if (typeof value === "string")
    return value === "" ? "an empty string" : `a string (${JSON.stringify(value)})`;
  if (typeof value === "number") return `the number ${String(value)}`;
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}
