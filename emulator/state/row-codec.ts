/**
 * How one SQLite value is written in a JSON line. Text, numbers and NULL are themselves; a BLOB is
 * `{"base64": "..."}` and an integer beyond JavaScript's safe range `{"bigint": "..."}`, so no
 * value changes on the way through JSON. (A TEXT column never holds a JSON object, so the two
 * wrappers cannot be confused with a stored value.)
 */
export type SqliteValue = string | number | bigint | Buffer | null;

export type EncodedValue = string | number | null | { base64: string } | { bigint: string };

export function encodeValue(value: unknown): EncodedValue {
  if (value === null || typeof value === "string" || typeof value === "number") return value;
  if (typeof value === "bigint") return { bigint: value.toString() };
  if (Buffer.isBuffer(value)) return { base64: value.toString("base64") };
  throw new Error(`SQLite returned a value of type ${typeof value}, which a state export cannot hold`);
}

/** The inverse of encodeValue; `problem` says what was wrong, for the caller's message. */
export function decodeValue(value: unknown): { value: SqliteValue } | { problem: string } {
  if (value === null || typeof value === "string") return { value };
  if (typeof value === "number") {
    return Number.isFinite(value) ? { value } : { problem: "a number must be finite" };
  }
  if (typeof value === "object" && !Array.isArray(value)) {
    const entries = Object.entries(value);
    const [name, inner] = entries[0] ?? [];
    if (entries.length === 1 && typeof inner === "string") {
      if (name === "base64") return { value: Buffer.from(inner, "base64") };
      if (name === "bigint" && /^-?\d+$/u.test(inner)) return { value: BigInt(inner) };
    }
  }
  return {
    problem: `expected a string, a number, null, {"base64": "..."} or {"bigint": "..."}, not ${JSON.stringify(value)}`,
  };
}
