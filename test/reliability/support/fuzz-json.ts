import fc from "fast-check";

/*
 * Arbitraries for damaged JSON requests: strings that break parsers and validators, values of the
 * wrong type, valid requests with one member changed, and JSON text damaged byte by byte.
 */

/**
 * Strings of every kind: every code point, lone surrogates, controls, markup, lengths around the
 * model's limits. (Huge strings are built inside properties from a printed size, so a failure
 * report stays readable.)
 */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "\ud800",
    "\udfff",
    "\u202e",
    "\ufeff",
    "\u2028",
    "𝕏𝕐",
    "../../etc/passwd",
    "%00%2e%2e",
    "{{ task.input }}",
    "{% include 'package.json' %}",
    "<script>alert(1)</script>",
    "'; DROP TABLE labeling_jobs;--",
    "\r\n",
    "__proto__",
    "constructor",
    "s3://",
    "arn:aws:sagemaker:us-east-1:123456789012:workteam/private-crowd/",
  ),
  fc.constantFrom(63, 64, 128, 256, 257, 1_024, 2_048).map((size) => "x".repeat(size)),
);

/**
 * The JSON text of `depth` nested lists or objects around a scalar, built as text: the test's own
 * JSON.stringify would overflow its stack long before the server is in danger.
 */
export const deeplyNestedText = (depth: number, asObject: boolean): string =>
  asObject ? `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}` : `${"[".repeat(depth)}1${"]".repeat(depth)}`;

/** Values of whichever JSON type, including the numbers that break integer and timestamp parsing. */
export const weirdValue: fc.Arbitrary<unknown> = fc.oneof(
  nastyString,
  fc.double(),
  fc.integer(),
  fc.constantFrom(2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 1, -0, 1e308, 5e-324, -1, 0, 1.5),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 3 }),
  fc
    .tuple(fc.integer({ min: 1, max: 150 }), fc.boolean())
    .map(([depth, asObject]) => JSON.parse(deeplyNestedText(depth, asObject)) as unknown),
  fc.array(nastyString, { maxLength: 60 }),
  fc.dictionary(nastyString, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }),
);

type Path = (string | number)[];

/** Every path into a JSON value, the root (`[]`) included. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const here: Path[] = [prefix];
  if (typeof value !== "object" || value === null) return here;
  for (const [key, child] of Object.entries(value)) {
    here.push(...pathsOf(child, [...prefix, Array.isArray(value) ? Number(key) : key]));
  }
  return here;
}

/** One change to a valid request: a member replaced, removed, or a new member added. */
export interface Mutation {
  at: number;
  kind: "replace" | "delete" | "add";
  key: string;
  value: unknown;
}

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom("replace", "delete", "add"),
  key: nastyString,
  value: weirdValue,
});

/** The request with the mutations applied, each at a path picked from the (changing) request. */
export function mutate(base: unknown, mutations: readonly Mutation[]): unknown {
  let root: unknown = structuredClone(base);
  for (const change of mutations) {
    const paths = pathsOf(root);
    const path = paths[change.at % paths.length] ?? [];
    if (path.length === 0) {
      if (change.kind === "replace") root = change.value;
      continue;
    }
    const parent = path
      .slice(0, -1)
      .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], root);
    const last = path[path.length - 1]!;
    const container = parent as Record<string | number, unknown>;
    if (change.kind === "replace") container[last] = change.value;
    else if (change.kind === "delete") Reflect.deleteProperty(container, last);
    else if (!Array.isArray(parent)) container[change.key] = change.value;
  }
  return root;
}

/** JSON.stringify, with "" for what has no JSON text (a mutation may replace the root by undefined). */
export function jsonText(value: unknown): string {
  const text = JSON.stringify(value) as string | undefined;
  return text ?? "";
}

/** A way to break the JSON text of a request: the result is bytes, so invalid UTF-8 is possible. */
export const textDamage = fc.oneof(
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: nastyString }),
  fc.record({
    kind: fc.constant("bytes" as const),
    at: fc.nat(),
    bytes: fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 8 }),
      fc.constantFrom(
        Uint8Array.of(0xff),
        Uint8Array.of(0xc0, 0x80),
        Uint8Array.of(0xed, 0xa0, 0x80),
        Uint8Array.of(0xef, 0xbb, 0xbf),
        Uint8Array.of(0xf4, 0x90, 0x80, 0x80),
        Uint8Array.of(0x00),
      ),
    ),
  }),
  fc.record({
    kind: fc.constant("number" as const),
    literal: fc.constantFrom("NaN", "Infinity", "-Infinity", "1e999", "0x10", "01", ".5", "+1", "1_000", "-"),
  }),
  fc.record({ kind: fc.constant("duplicate-key" as const), value: fc.json({ maxDepth: 2 }) }),
  fc.record({ kind: fc.constant("wrap" as const), before: nastyString, after: nastyString }),
);

export type TextDamage = typeof textDamage extends fc.Arbitrary<infer T> ? T : never;

/** The request's JSON text with one piece of damage. */
export function damage(json: string, change: TextDamage): Uint8Array {
  const text = Buffer.from(json, "utf8");
  const at = (position: number): number => position % (text.length + 1);
  switch (change.kind) {
    case "truncate":
      return text.subarray(0, at(change.at));
    case "insert":
      return Buffer.concat([
        text.subarray(0, at(change.at)),
        Buffer.from(change.text),
        text.subarray(at(change.at)),
      ]);
    case "bytes":
      return Buffer.concat([text.subarray(0, at(change.at)), change.bytes, text.subarray(at(change.at))]);
    case "number":
      return Buffer.from(
        /\d+/u.test(json) ? json.replace(/\d+/u, change.literal) : `{"MaxResults":${change.literal}}`,
      );
    case "duplicate-key": {
      const key = /^\{"([^"]+)"/u.exec(json)?.[1] ?? "LabelingJobName";
      return Buffer.from(json.replace("{", `{${JSON.stringify(key)}:${change.value},`));
    }
    case "wrap":
      return Buffer.from(`${change.before}${json}${change.after}`);
  }
}
