/**
 * The model-driven input validator: emulates AWS's server-side ("Coral") deserialization and
 * constraint validation of a JSON request body against an input shape.
 *
 * - A value of the wrong JSON type anywhere throws `SerializationException` at once
 *   (deserialization fails before any constraint is looked at).
 * - Constraint violations (required, length, range, enum, pattern) are all collected, depth-first
 *   in model member order, and thrown once as `ValidationException` with Coral's wording.
 * - Unknown members are dropped; JSON `null` counts as absent. Timestamps become `Date`.
 */
import { GtError } from "../../../emulator/errors.js";
import { formatValue } from "./format-value.js";
import {
  MISSING_VALUE,
  constraintText,
  formatValidationMessage,
  quoteValue,
  type ConstraintViolation,
} from "./format-message.js";
import { ROOT_PATH, listItemPath, mapEntryPath, memberPath } from "./member-path.js";
import { codePointLength, matchesPattern } from "./patterns.js";
import type { IntegerSpec, ListSpec, MapSpec, ShapeTable, StringSpec, StructureSpec } from "./shape-spec.js";
import { parseTimestamp } from "./timestamp.js";

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The member of a JSON object, or `undefined` when it is absent or `null`. */
function memberOf(object: JsonObject, name: string): unknown {
  return Object.hasOwn(object, name) && object[name] !== null ? object[name] : undefined;
}

export function typeMismatch(path: string, expected: string): GtError {
  const message =
    path === ROOT_PATH
      ? `Unexpected request body: expected ${expected}`
      : `Unexpected value type for '${path}': expected ${expected}`;
  return new GtError("SerializationException", message);
}

class InputWalker<N extends string> {
  readonly violations: ConstraintViolation[] = [];

  constructor(private readonly shapes: ShapeTable<N>) {}

  /** Validates a present (non-null) value of shape `name` and returns its clean copy. */
  value(name: N, value: unknown, path: string): unknown {
    const spec = this.shapes[name];
    switch (spec.type) {
      case "structure":
        return this.structure(spec, value, path);
      case "list":
        return this.list(name, spec, value, path);
      case "map":
        return this.map(name, spec, value, path);
      case "string":
        return this.string(spec, value, path);
      case "integer":
        return this.integer(spec, value, path);
      case "boolean":
        if (typeof value !== "boolean") throw typeMismatch(path, "a boolean");
        return value;
      case "timestamp": {
        const date = parseTimestamp(value);
        if (date === undefined) {
          throw typeMismatch(path, "a timestamp (epoch seconds or an ISO-8601 date-time)");
        }
        return date;
      }
    }
  }

  private violation(path: string, shownValue: string | undefined, constraint: string): void {
    this.violations.push({ path, shownValue, constraint });
  }

  private missing(path: string): void {
    this.violation(path, MISSING_VALUE, constraintText.notNull());
  }

  /** How a present value is echoed: quoted, or left out when the shape is sensitive. */
  private shown(name: N, clean: unknown): string | undefined {
    return this.shapes[name].sensitive === true
      ? undefined
      : quoteValue(formatValue(this.shapes, name, clean));
  }

  private structure(spec: StructureSpec<N>, value: unknown, path: string): JsonObject {
    if (!isJsonObject(value)) throw typeMismatch(path, "an object");
    const entries: [string, unknown][] = [];
    for (const member of spec.members) {
      const raw = memberOf(value, member.name);
      const childPath = memberPath(path, member.name);
      if (raw === undefined) {
        if (member.required) this.missing(childPath);
        continue;
      }
      entries.push([member.name, this.value(member.shape, raw, childPath)]);
    }
    return Object.fromEntries(entries);
  }

  /**
   * The size check of a list or map is reported before the violations of its items (depth-first,
   * parent first), but needs the clean copy to echo the value, so it is inserted afterwards.
   */
  private sizeCheck(
    name: N,
    bounds: { readonly min?: number; readonly max?: number },
    size: number,
    clean: unknown,
    path: string,
    insertAt: number,
  ): void {
    const found: ConstraintViolation[] = [];
    const shownValue = (): string | undefined => this.shown(name, clean);
    if (bounds.min !== undefined && size < bounds.min) {
      found.push({ path, shownValue: shownValue(), constraint: constraintText.minLength(bounds.min) });
    }
    if (bounds.max !== undefined && size > bounds.max) {
      found.push({ path, shownValue: shownValue(), constraint: constraintText.maxLength(bounds.max) });
    }
    this.violations.splice(insertAt, 0, ...found);
  }

  private list(name: N, spec: ListSpec<N>, value: unknown, path: string): unknown[] {
    if (!Array.isArray(value)) throw typeMismatch(path, "a list");
    const insertAt = this.violations.length;
    const clean = value.map((item: unknown, index) => {
      const itemPath = listItemPath(path, index);
      if (item === null || item === undefined) {
        this.missing(itemPath);
        return null;
      }
      return this.value(spec.member, item, itemPath);
    });
    this.sizeCheck(name, spec, clean.length, clean, path, insertAt);
    return clean;
  }

  private map(name: N, spec: MapSpec<N>, value: unknown, path: string): JsonObject {
    if (!isJsonObject(value)) throw typeMismatch(path, "an object");
    const insertAt = this.violations.length;
    const entries = Object.entries(value).map(([key, item]): [string, unknown] => {
      // A key's own violations are reported at the map's path; a value's at `<map>.<key>`.
      this.value(spec.key, key, path);
      const entryPath = mapEntryPath(path, key);
      if (item === null) {
        this.missing(entryPath);
        return [key, null];
      }
      return [key, this.value(spec.value, item, entryPath)];
    });
    const clean = Object.fromEntries(entries);
    this.sizeCheck(name, spec, entries.length, clean, path, insertAt);
    return clean;
  }

  private string(spec: StringSpec, value: unknown, path: string): string {
    if (typeof value !== "string") throw typeMismatch(path, "a string");
    const shownValue = spec.sensitive === true ? undefined : quoteValue(value);
    const length = spec.min !== undefined || spec.max !== undefined ? codePointLength(value) : 0;
    if (spec.min !== undefined && length < spec.min) {
      this.violation(path, shownValue, constraintText.minLength(spec.min));
    }
    if (spec.max !== undefined && length > spec.max) {
      this.violation(path, shownValue, constraintText.maxLength(spec.max));
    }
    if (spec.enum !== undefined && !spec.enum.includes(value)) {
      this.violation(path, shownValue, constraintText.enumValues(spec.enum));
    }
    if (spec.pattern !== undefined && !matchesPattern(spec.pattern, value)) {
      this.violation(path, shownValue, constraintText.pattern(spec.pattern));
    }
    return value;
  }

  private integer(spec: IntegerSpec, value: unknown, path: string): number {
    if (typeof value !== "number" || !Number.isInteger(value)) throw typeMismatch(path, "an integer");
    if (value < INT32_MIN || value > INT32_MAX) throw typeMismatch(path, "a 32-bit integer");
    const shownValue = spec.sensitive === true ? undefined : quoteValue(String(value));
    if (spec.min !== undefined && value < spec.min) {
      this.violation(path, shownValue, constraintText.minValue(spec.min));
    }
    if (spec.max !== undefined && value > spec.max) {
      this.violation(path, shownValue, constraintText.maxValue(spec.max));
    }
    return value;
  }
}

/**
 * Validates `body` against the structure `shapeName` of `shapes` and returns a clean copy (known
 * members only, in model order, timestamps as `Date`): a value of the TypeScript type generated for
 * that shape, which a generic walker cannot express, hence `unknown`. Throws `GtError`
 * SerializationException or ValidationException.
 */
export function validateInput<N extends string>(shapes: ShapeTable<N>, shapeName: N, body: unknown): unknown {
  if (shapes[shapeName].type !== "structure") {
    throw new GtError("InternalFailure", `Input shape ${shapeName} is not a structure`);
  }
  if (!isJsonObject(body)) throw typeMismatch(ROOT_PATH, "a JSON object");
  const walker = new InputWalker(shapes);
  const clean = walker.value(shapeName, body, ROOT_PATH);
  if (walker.violations.length > 0) {
    throw new GtError("ValidationException", formatValidationMessage(walker.violations));
  }
  return clean;
}
