/**
 * Test support for validate-input.test.ts: sample values for every shape of the vendored model and
 * the table of constraint cases derived from it (so a new constraint in the model is tested
 * without anyone writing a case for it).
 */
import { fileURLToPath } from "node:url";
import { GtError } from "../../../emulator/errors.js";
import {
  OPERATION_INPUT_SHAPE,
  SAGEMAKER_OPERATIONS,
  SHAPES,
  type SageMakerOperation,
  type ShapeName,
} from "../generated/model.js";
import { parseOperationInput } from "./index.js";
import { STRING_SAMPLES } from "./string-samples.js";

export { STRING_SAMPLES };
import type { StringSpec } from "./shape-spec.js";

export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
export const FIXTURE = new URL(
  "../../../test/fixtures/create-labeling-job.video-classification.json",
  import.meta.url,
);

export type JsonObject = Record<string, unknown>;

export function thrownBy(action: () => unknown): GtError {
  try {
    action();
  } catch (error) {
    if (error instanceof GtError) return error;
    throw error;
  }
  throw new Error("expected a GtError, but nothing was thrown");
}

export function validationFailure(
  operation: SageMakerOperation,
  body: unknown,
): { code: string; message: string } {
  const error = thrownBy(() => parseOperationInput(operation, body));
  return { code: error.code, message: error.message };
}

export const oneError = (text: string): { code: string; message: string } => ({
  code: "ValidationException",
  message: `1 validation error detected: ${text}`,
});

// ---------------------------------------------------------------------------------------------
// An independent oracle of the rules, written from the brief (not from the validator's code)
// ---------------------------------------------------------------------------------------------

const lowerCamel = (name: string): string => name.slice(0, 1).toLowerCase() + name.slice(1);
const codePoints = (value: string): number => Array.from(value).length;
const wholeMatch = (pattern: string, value: string): boolean =>
  new RegExp(`^(?:${pattern})$`, "u").test(value);

/** The constraints a string value fails, in the order Coral reports them. */
export function stringFailures(spec: StringSpec, value: string): string[] {
  const failures: string[] = [];
  const length = codePoints(value);
  if (spec.min !== undefined && length < spec.min) {
    failures.push(`Member must have length greater than or equal to ${spec.min}`);
  }
  if (spec.max !== undefined && length > spec.max) {
    failures.push(`Member must have length less than or equal to ${spec.max}`);
  }
  if (spec.enum !== undefined && !spec.enum.includes(value)) {
    failures.push(`Member must satisfy enum value set: [${spec.enum.join(", ")}]`);
  }
  if (spec.pattern !== undefined && !wholeMatch(spec.pattern, value)) {
    failures.push(`Member must satisfy regular expression pattern: ${spec.pattern}`);
  }
  return failures;
}

/** Java-`toString`-like echo of a value: strings raw, lists `[a, b]`, objects `{K=v, ...}`. */
export function echo(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(echo).join(", ")}]`;
  if (typeof value === "object" && value !== null) {
    return `{${Object.entries(value)
      .map(([key, item]) => `${key}=${echo(item)}`)
      .join(", ")}}`;
  }
  return typeof value === "string" ? value : JSON.stringify(value);
}

function expectedMessage(path: string, shown: string | undefined, constraints: readonly string[]): string {
  const value = shown === undefined ? "Value" : `Value ${shown}`;
  const errors = constraints.map((c) => `${value} at '${path}' failed to satisfy constraint: ${c}`);
  const noun = errors.length === 1 ? "error" : "errors";
  return `${errors.length} validation ${noun} detected: ${errors.join("; ")}`;
}

// ---------------------------------------------------------------------------------------------
// Valid values per shape
// ---------------------------------------------------------------------------------------------

export const SHAPE_NAMES = Object.keys(SHAPES).filter((name): name is ShapeName => name in SHAPES);

export function sampleString(name: ShapeName, spec: StringSpec): string {
  return STRING_SAMPLES[name] ?? spec.enum?.[0] ?? "a".repeat(Math.max(spec.min ?? 0, 1));
}

/** A minimal valid value: structures with their required members only, lists at their minimum size. */
export function minimal(name: ShapeName): unknown {
  const spec = SHAPES[name];
  switch (spec.type) {
    case "structure":
      return Object.fromEntries(
        spec.members
          .filter((member) => member.required)
          .map((member) => [member.name, minimal(member.shape)]),
      );
    case "list":
      return Array.from({ length: spec.min ?? 0 }, () => minimal(spec.member));
    case "map":
      return mapOf(name, spec.min ?? 0);
    case "string":
      return sampleString(name, spec);
    case "integer":
      return Math.min(spec.min ?? 1, spec.max ?? Number.MAX_SAFE_INTEGER);
    case "boolean":
      return true;
    case "timestamp":
      return 1700000000;
  }
}

/** A map of `size` valid entries with distinct keys. */
function mapOf(name: ShapeName, size: number): JsonObject {
  const spec = SHAPES[name];
  if (spec.type !== "map") throw new Error(`${name} is not a map`);
  const key = minimal(spec.key);
  return Object.fromEntries(
    Array.from({ length: size }, (_, index) => [
      `${String(key)}${index === 0 ? "" : String(index)}`,
      minimal(spec.value),
    ]),
  );
}

// ---------------------------------------------------------------------------------------------
// Locations of constrained members, derived from the model
// ---------------------------------------------------------------------------------------------

type Step =
  { readonly kind: "member"; readonly name: string } | { readonly kind: "item" } | { readonly kind: "entry" };

interface Location {
  readonly operation: SageMakerOperation;
  readonly steps: readonly Step[];
  readonly shape: ShapeName;
  readonly required: boolean;
  readonly path: string;
}

const joinPath = (parent: string, child: string): string => (parent === "" ? child : `${parent}.${child}`);

function locations(operation: SageMakerOperation): Location[] {
  const found: Location[] = [];
  const visit = (shape: ShapeName, steps: Step[], path: string, stack: readonly ShapeName[]): void => {
    if (stack.includes(shape)) return; // recursive shapes: one level is enough
    const spec = SHAPES[shape];
    const inner = [...stack, shape];
    const add = (child: ShapeName, step: Step, childPath: string, required: boolean): void => {
      const childSteps = [...steps, step];
      found.push({ operation, steps: childSteps, shape: child, required, path: childPath });
      visit(child, childSteps, childPath, inner);
    };
    if (spec.type === "structure") {
      for (const member of spec.members) {
        add(
          member.shape,
          { kind: "member", name: member.name },
          joinPath(path, lowerCamel(member.name)),
          member.required,
        );
      }
    } else if (spec.type === "list") {
      add(spec.member, { kind: "item" }, joinPath(path, "1.member"), false);
    } else if (spec.type === "map") {
      add(spec.value, { kind: "entry" }, joinPath(path, String(minimal(spec.key))), false);
    }
  };
  visit(OPERATION_INPUT_SHAPE[operation], [], "", []);
  return found;
}

const DELETE = Symbol("delete");
const isList = (value: unknown): value is readonly unknown[] => Array.isArray(value);
type Leaf = (current: unknown) => unknown;

/** `current` (or a minimal valid value of `shape`) with the value at `steps` replaced by `leaf`. */
function withLeaf(shape: ShapeName, current: unknown, steps: readonly Step[], leaf: Leaf): unknown {
  const [step, ...rest] = steps;
  if (step === undefined) return leaf(current);
  const spec = SHAPES[shape];
  const base = current ?? minimal(shape);
  if (step.kind === "member" && spec.type === "structure") {
    const member = spec.members.find((m) => m.name === step.name);
    if (member === undefined || typeof base !== "object" || base === null) throw new Error("bad location");
    const object: JsonObject = { ...base };
    const child = withLeaf(member.shape, object[step.name], rest, leaf);
    if (child === DELETE)
      return Object.fromEntries(Object.entries(object).filter(([key]) => key !== step.name));
    return { ...object, [step.name]: child };
  }
  if (step.kind === "item" && spec.type === "list" && isList(base)) {
    const items: unknown[] = base.length === 0 ? [minimal(spec.member)] : [...base];
    items[0] = withLeaf(spec.member, items[0], rest, leaf);
    return items;
  }
  if (step.kind === "entry" && spec.type === "map") {
    const key = String(minimal(spec.key));
    const object: JsonObject = typeof base === "object" && base !== null ? { ...base } : {};
    return { ...object, [key]: withLeaf(spec.value, object[key], rest, leaf) };
  }
  throw new Error(`step ${step.kind} does not fit shape ${shape}`);
}

function inputWith(location: Location, leaf: Leaf): unknown {
  return withLeaf(OPERATION_INPUT_SHAPE[location.operation], undefined, location.steps, leaf);
}

interface ConstraintCase {
  readonly title: string;
  readonly operation: SageMakerOperation;
  readonly body: unknown;
  readonly message: string;
  /** Whether exactly one constraint is broken (false when the model makes that impossible). */
  readonly isolated: boolean;
}

const PATTERN_BREAKERS = ["\n", "!", " ", "\u0001", "#", "_", "é", "\u{1F600}", "~", "\uFFFF"];

/** Values of valid length that break the pattern, and lengthened values that keep it. */
function stringCandidates(name: ShapeName, spec: StringSpec): { value: string; target: string }[] {
  const sample = sampleString(name, spec);
  const chars = Array.from(sample);
  const candidates: { value: string; target: string }[] = [];
  if (spec.min !== undefined && spec.min > 0) {
    candidates.push({ value: chars.slice(0, spec.min - 1).join(""), target: "min" });
  }
  if (spec.max !== undefined) {
    const extra = spec.max + 1 - chars.length;
    for (const c of new Set([...chars.toReversed(), "a", "0", "-", " "])) {
      candidates.push({ value: sample + c.repeat(extra), target: "max" });
      candidates.push({ value: sample.slice(0, 1) + c.repeat(extra) + sample.slice(1), target: "max" });
    }
  }
  if (spec.enum !== undefined) candidates.push({ value: "NotAnEnumValue", target: "enum" });
  if (spec.pattern !== undefined) {
    for (const bad of PATTERN_BREAKERS) {
      const shorter = chars.slice(0, -1).join("");
      for (const value of [sample + bad, bad + sample, bad + sample.slice(1), shorter + bad, bad]) {
        candidates.push({ value, target: "pattern" });
      }
    }
  }
  return candidates;
}

/** The string cases of a map's key shape, each as a one-entry map with that key. */
function keyCases(location: Location, keyShape: ShapeName, valueShape: ShapeName): ConstraintCase[] {
  const keySpec = SHAPES[keyShape];
  if (keySpec.type !== "string") return [];
  const byTarget = new Map<string, { value: string; failures: string[] }>();
  for (const { value, target } of stringCandidates(keyShape, keySpec)) {
    const failures = stringFailures(keySpec, value);
    if (failures.length === 1 && !byTarget.has(target)) byTarget.set(target, { value, failures });
  }
  return [...byTarget].map(([target, { value, failures }]) => ({
    title: `${location.operation} ${location.path} key ${target}`,
    operation: location.operation,
    body: inputWith(location, () => ({ [value]: minimal(valueShape) })),
    message: expectedMessage(location.path, `'${value}'`, failures),
    isolated: true,
  }));
}

function casesAt(location: Location): ConstraintCase[] {
  const spec = SHAPES[location.shape];
  const { operation, path } = location;
  const cases: ConstraintCase[] = [];
  const add = (
    what: string,
    value: unknown,
    shown: string | undefined,
    failures: readonly string[],
  ): void => {
    cases.push({
      title: `${operation} ${path} ${what}`,
      operation,
      body: inputWith(location, () => value),
      message: expectedMessage(path, spec.sensitive === true ? undefined : shown, failures),
      isolated: failures.length === 1,
    });
  };
  if (location.required) {
    cases.push({
      title: `${operation} ${path} required`,
      operation,
      body: inputWith(location, () => DELETE),
      message: expectedMessage(path, "null", ["Member must not be null"]),
      isolated: true,
    });
  }
  switch (spec.type) {
    case "string": {
      // Per constraint, the first candidate breaking it alone; else the first one breaking it at all.
      const byTarget = new Map<string, { value: string; failures: string[] }>();
      for (const { value, target } of stringCandidates(location.shape, spec)) {
        const failures = stringFailures(spec, value);
        const previous = byTarget.get(target);
        const isolated = failures.length === 1;
        if (failures.length > 0 && (previous === undefined || (previous.failures.length > 1 && isolated))) {
          byTarget.set(target, { value, failures });
        }
      }
      for (const [target, { value, failures }] of byTarget) add(target, value, `'${value}'`, failures);
      break;
    }
    case "integer":
      if (spec.min !== undefined) {
        add("min", spec.min - 1, `'${spec.min - 1}'`, [
          `Member must have value greater than or equal to ${spec.min}`,
        ]);
      }
      if (spec.max !== undefined) {
        add("max", spec.max + 1, `'${spec.max + 1}'`, [
          `Member must have value less than or equal to ${spec.max}`,
        ]);
      }
      break;
    case "list":
    case "map": {
      // A map key's violations are reported at the map's own path.
      if (spec.type === "map") cases.push(...keyCases(location, spec.key, spec.value));
      const sized = (size: number): unknown =>
        spec.type === "list"
          ? Array.from({ length: size }, () => minimal(spec.member))
          : mapOf(location.shape, size);
      if (spec.min !== undefined && spec.min > 0) {
        const value = sized(spec.min - 1);
        add("min", value, `'${echo(value)}'`, [
          `Member must have length greater than or equal to ${spec.min}`,
        ]);
      }
      if (spec.max !== undefined) {
        const value = sized(spec.max + 1);
        add("max", value, `'${echo(value)}'`, [`Member must have length less than or equal to ${spec.max}`]);
      }
      break;
    }
    default:
      break;
  }
  return cases;
}

const ALL_LOCATIONS = SAGEMAKER_OPERATIONS.flatMap(locations);
export const CASES = ALL_LOCATIONS.flatMap(casesAt);
