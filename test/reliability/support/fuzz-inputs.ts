import fc from "fast-check";
import { VIDEO_TEMPLATE } from "../../helpers/job-fixtures.js";
import { damage, deeplyNestedText, jsonText, mutate, mutation, textDamage } from "./fuzz-json.js";
import { VALID_LABELS, VALID_MANIFEST } from "./fuzz-jobs.js";

/*
 * A labeling job's three input files, each either valid or damaged in one of the ways people (and
 * broken pipelines) damage them. A run damages one file; the job must fail naming that file, or run.
 */

export type InputFile = "manifest" | "labels" | "template";

/** Text built inside the property from a printed recipe, so a failure report stays short. */
export type Recipe =
  | { kind: "bytes"; bytes: Uint8Array }
  | { kind: "text"; text: string }
  | { kind: "repeat"; unit: string; times: number; before: string; after: string };

export const build = (recipe: Recipe): Buffer | string =>
  recipe.kind === "bytes"
    ? Buffer.from(recipe.bytes)
    : recipe.kind === "text"
      ? recipe.text
      : `${recipe.before}${recipe.unit.repeat(recipe.times)}${recipe.after}`;

const bytes = fc.uint8Array({ maxLength: 400 }).map((value): Recipe => ({ kind: "bytes", bytes: value }));
const text = (arbitrary: fc.Arbitrary<string>): fc.Arbitrary<Recipe> =>
  arbitrary.map((value): Recipe => ({ kind: "text", text: value }));
const damagedBytes = (valid: string): fc.Arbitrary<Recipe> =>
  textDamage.map((change): Recipe => ({ kind: "bytes", bytes: damage(valid, change) }));

const manifestLine = fc.oneof(
  fc.json({ maxDepth: 2 }),
  fc
    .array(mutation, { minLength: 1, maxLength: 3 })
    .map((changes) => jsonText(mutate({ "source-ref": "s3://bucket/v.mp4", a: 1 }, changes))),
  fc.constantFrom(
    '{"source":"inline text"}',
    '{"$bad":1,"source-ref":"s3://b/k"}',
    '{"source-ref":42}',
    '{"source-ref":"http://x"}',
    "",
    " ",
    "\ufeff{}",
  ),
);

export const manifestDamage: fc.Arbitrary<Recipe> = fc.oneof(
  bytes,
  damagedBytes(VALID_MANIFEST),
  text(
    fc
      .tuple(fc.array(manifestLine, { maxLength: 6 }), fc.constantFrom("\n", "\r\n", "\r", "\n\n"))
      .map(([lines, end]) => lines.join(end)),
  ),
  fc.record({
    kind: fc.constant("repeat" as const),
    unit: fc.constantFrom("x", "é", "𝕏", "\\u0000"),
    times: fc.integer({ min: 19_990, max: 400_000 }),
    before: fc.constantFrom('{"source-ref":"s3://bucket/v.mp4","note":"', '{"source-ref":"'),
    after: fc.constantFrom('"}', "", '"}\n{"source-ref":"s3://bucket/w.mp4"}'),
  }),
  fc.integer({ min: 90, max: 50_000 }).map((depth): Recipe => ({
    kind: "text",
    text: `{"source-ref":"s3://bucket/v.mp4","deep":${deeplyNestedText(depth, depth % 2 === 0)}}`,
  })),
);

export const labelDamage: fc.Arbitrary<Recipe> = fc.oneof(
  bytes,
  damagedBytes(VALID_LABELS),
  text(
    fc
      .array(mutation, { minLength: 1, maxLength: 3 })
      .map((changes) => jsonText(mutate(JSON.parse(VALID_LABELS), changes))),
  ),
  text(
    fc
      .tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 300 }), fc.boolean())
      .map(([count, length, duplicate]) =>
        JSON.stringify({
          labels: Array.from({ length: count }, (_, index) => ({
            label: duplicate ? "same".padEnd(length, "s") : `${index}`.padEnd(length, "l"),
          })),
        }),
      ),
  ),
);

const brokenLiquid = fc.constantFrom(
  "{% if task.input %}",
  "{{ task.input ",
  "{% for x in %}{% endfor %}",
  "{% nosuchtag %}",
  "{{ task.input | nosuchfilter }}",
  "{% endif %}",
  "{% raw %}",
  "{{ 'a' | append: }}",
  "{% include 'package.json' %}",
  "{% layout 'package.json' %}",
);

export const templateDamage: fc.Arbitrary<Recipe> = fc.oneof(
  bytes,
  text(
    fc.tuple(brokenLiquid, fc.nat()).map(([broken, at]) => {
      const cut = at % (VIDEO_TEMPLATE.length + 1);
      return VIDEO_TEMPLATE.slice(0, cut) + broken + VIDEO_TEMPLATE.slice(cut);
    }),
  ),
  fc.record({
    kind: fc.constant("repeat" as const),
    unit: fc.constantFrom("<p>x</p>", "{{ task.input.taskObject }}"),
    times: fc.integer({ min: 100_000, max: 200_000 }),
    before: fc.constant(VIDEO_TEMPLATE),
    after: fc.constant(""),
  }),
);
