import { MAX_JSON_DEPTH, nestsDeeperThan } from "../../emulator/engine/ingest/json-depth.js";
import { GtError, validationError } from "../../emulator/errors.js";
import { readBodyText, type BodyLimit } from "../http/bounded-body.js";
import type { AdminRequest } from "./admin-context.js";

export type JsonObject = Record<string, unknown>;

/**
 * Reads a request body as a JSON object (an empty body is `{}`, so `curl -X POST` works) and
 * refuses fields the route does not take: in a test script, a misspelt `jobname` would otherwise
 * silently widen a claim to every job. The Content-Type is not checked (curl's `-d` sends a form
 * type).
 */
export async function readJsonObject(request: Request, fields: readonly string[]): Promise<JsonObject> {
  return parseJsonObject(await readBodyText(request, BODY_LIMIT), fields);
}

/** `readJsonObject` for a body already read as text (the task fast path, server/http/task-fast-path.ts). */
export function parseJsonObject(text: string, fields: readonly string[]): JsonObject {
  let parsed: unknown = {};
  if (text.trim() !== "") {
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      const reason = error instanceof Error ? ` (${error.message})` : "";
      throw new GtError("SerializationException", `The request body is not valid JSON${reason}.`);
    }
  }
  if (!isJsonObject(parsed)) {
    throw new GtError(
      "SerializationException",
      `The request body must be a JSON object, not ${typeName(parsed)}.`,
    );
  }
  // Answers and policies are stored and serialized again; a value nested thousands deep would
  // overflow the stack there (a 500) instead of being refused here.
  if (nestsDeeperThan(parsed)) {
    throw validationError(`The request body nests JSON deeper than ${MAX_JSON_DEPTH} levels.`);
  }
  const unknown = Object.keys(parsed).filter((key) => !fields.includes(key));
  if (unknown.length > 0) {
    const takes = fields.length === 0 ? "no fields" : fields.map((field) => `"${field}"`).join(", ");
    throw validationError(
      `Unknown field${unknown.length === 1 ? "" : "s"} ${unknown.map((key) => `"${key}"`).join(", ")}. This route takes ${takes}.`,
    );
  }
  return parsed;
}

/**
 * The largest admin request body read. Bodies are small JSON documents; the largest, a simulation
 * policy with a truth map for a 100,000-object job, is a few MB.
 */
export const MAX_ADMIN_BODY_BYTES = 16 * 1024 * 1024;

const BODY_LIMIT: BodyLimit = {
  maxBytes: MAX_ADMIN_BODY_BYTES,
  tooLarge: () =>
    validationError(
      `The request body is larger than ${MAX_ADMIN_BODY_BYTES} bytes (16 MiB), the most the admin API reads.`,
    ),
};

/** A `:name` segment of the route, percent-decoded (itty-router leaves it encoded). */
export function pathParam(request: AdminRequest, name: string): string {
  return decodePathParam(request.params[name] ?? "", name);
}

/** A path segment as the route received it (still percent-encoded), decoded. */
export function decodePathParam(raw: string, name: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw validationError(`The ${name} in the path is not valid percent-encoding: ${raw}`);
  }
}

export function requiredString(body: JsonObject, name: string): string {
  const value = optionalString(body, name);
  if (value === undefined) throw validationError(`"${name}" is required (a non-empty string).`);
  return value;
}

/** An optional string field; `null` counts as absent. */
export function optionalString(body: JsonObject, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string" || value === "") {
    throw validationError(`"${name}" must be a non-empty string, not ${typeName(value)}.`);
  }
  return value;
}

export function optionalStringList(body: JsonObject, name: string): string[] | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    throw validationError(`"${name}" must be a list of non-empty strings, not ${typeName(value)}.`);
  }
  const items: unknown[] = value;
  const bad = items.findIndex((item) => typeof item !== "string" || item === "");
  if (bad >= 0) {
    throw validationError(
      `"${name}" must be a list of non-empty strings; item ${bad + 1} is ${typeName(items[bad])}.`,
    );
  }
  return items as string[];
}

export function optionalNumber(body: JsonObject, name: string): number | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw validationError(`"${name}" must be a number, not ${typeName(value)}.`);
  }
  return value;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** How a JSON value is named in messages: `a string ("x")`, `a list`, `null`, ... */
function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return value.length === 0 ? "an empty list" : "a list";
  if (typeof value === "string")
    return value === "" ? "an empty string" : `a string (${JSON.stringify(value)})`;
  if (typeof value === "number") return `a number (${String(value)})`;
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}
