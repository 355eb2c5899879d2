import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTROL_PLANE_ONLY } from "../helpers/test-server.js";
import { nastyString } from "./support/fuzz-json.js";
import {
  callSageMaker,
  expectSageMakerAnswer,
  expectStillServing,
  startFuzzServer,
  type FuzzServer,
} from "./support/fuzz-server.js";

/*
 * Random Liquid through RenderUiTemplate, the same engine the worker portal renders job templates
 * with: tags, filters (real, Ground Truth's and made-up), loops, includes, damaged syntax, and
 * random task inputs. Rendering problems come back in `Errors` (a 200) and a bad input is a 400;
 * nothing is a 500, nothing takes more than a few seconds, nothing reads the server's files.
 */
const SEED = 20_260_906;

const expression = fc.oneof(
  fc.constantFrom(
    "task.input",
    "task.input.text",
    "task.input.labels",
    "task.input.labels[0]",
    "task",
    "x",
    "forloop.index",
    "(1..5)",
    "nil",
    "'s'",
    "42",
    "-1.5",
  ),
  nastyString.map((text) => JSON.stringify(text.slice(0, 40))),
);
const filter = fc.tuple(
  fc.constantFrom(
    "escape",
    "escape_once",
    "skip_autoescape",
    "to_json",
    "grant_read_access",
    "upcase",
    "size",
    "first",
    "join",
    "split",
    "append",
    "slice",
    "replace",
    "date",
    "times",
    "divided_by",
    "modulo",
    "default",
    "no_such_filter",
  ),
  fc.option(expression),
);
const output = fc
  .tuple(expression, fc.array(filter, { maxLength: 3 }))
  .map(
    ([value, filters]) =>
      `{{ ${value}${filters.map(([name, arg]) => ` | ${name}${arg === null ? "" : `: ${arg}`}`).join("")} }}`,
  );

const template: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    output,
    fc.string({ maxLength: 20 }),
    fc.constantFrom(
      "{% include 'package.json' %}",
      "{% render '../README.md' %}",
      "{% layout 'package.json' %}",
      "{% raw %}{{ x }}{% endraw %}",
      "{% comment %}x{% endcomment %}",
      "{% increment n %}",
      "{% cycle 'a', 'b' %}",
    ),
    fc.constantFrom(
      "{% if",
      "{{",
      "}}",
      "{% endfor %}",
      "{% else %}",
      "{%- -%}",
      "{% nosuchtag %}",
      "{% assign = %}",
    ),
    fc
      .tuple(expression, tie("node"))
      .map(([condition, body]) => `{% if ${condition} %}${body}{% else %}x{% endif %}`),
    fc
      .tuple(expression, tie("node"))
      .map(([items, body]) => `{% for item in ${items} limit: 5 %}${body}{{ item }}{% endfor %}`),
    fc
      .tuple(fc.constantFrom("a", "b"), expression, tie("node"))
      .map(([name, value, rest]) => `{% assign ${name} = ${value} %}${rest}{{ ${name} }}`),
    fc.tuple(tie("node"), tie("node")).map(([a, b]) => a + b),
  ),
})).node;

describe("RenderUiTemplate under random Liquid", () => {
  let server: FuzzServer;
  beforeAll(async () => {
    server = await startFuzzServer(CONTROL_PLANE_ONLY);
  });
  afterAll(async () => {
    await server.close();
  });

  it("renders or reports every template, in seconds, without reading the server's files", async () => {
    await fc.assert(
      fc.asyncProperty(
        template,
        fc.oneof(
          fc.json({ maxDepth: 3 }),
          fc.constant('{"text":"<b>x</b>","labels":["a","b"]}'),
          nastyString,
        ),
        async (content, input) => {
          const started = performance.now();
          const answer = await callSageMaker(
            server.url,
            "SageMaker.RenderUiTemplate",
            JSON.stringify({
              UiTemplate: { Content: content },
              Task: { Input: input },
              RoleArn: "arn:aws:iam::123456789012:role/r",
            }),
          );
          expectSageMakerAnswer(answer, content);
          expect(performance.now() - started).toBeLessThan(5_000);
          // package.json and the README are what `include` would find in the working directory.
          expect(answer.text).not.toContain("Apache-2.0");
          if (answer.status === 200) {
            const body = JSON.parse(answer.text) as { RenderedContent: unknown; Errors: unknown };
            expect(typeof body.RenderedContent).toBe("string");
            expect(Array.isArray(body.Errors)).toBe(true);
          }
        },
      ),
      { numRuns: 300, seed: SEED },
    );
  });

  it("still serves the SDK afterwards, with no internal error logged", async () => {
    await expectStillServing(server);
  });
});
