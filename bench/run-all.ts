/**
 * `npm run bench`: runs every benchmark, prints each table, and writes them with the machine
 * description to bench/RESULTS.md. Ratios compare against baselines measured in the same run;
 * nothing here is asserted in tests. `npm run bench -- --quick` runs smaller sizes (about two
 * minutes in all) for development.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { format, resolveConfig } from "prettier";
import { QUICK } from "./lib/cli.js";
import { describeMachine } from "./lib/machine.js";

// api-floor reads its duration when it loads: shorten it for --quick before importing it.
if (QUICK) process.env.BENCH_DURATION ??= "2";

const benchmarks: [string, () => Promise<string>][] = [
  ["api-floor", (await import("./api-floor.js")).apiFloor],
  ["ingest", (await import("./ingest.js")).ingest],
  ["task-loop", (await import("./task-loop.js")).taskLoop],
  ["consolidation", (await import("./consolidation.js")).consolidation],
  ["s3", (await import("./s3.js")).s3],
  ["start-up", (await import("./start-up.js")).startUp],
  ["end-to-end", (await import("./end-to-end.js")).endToEnd],
];

const sections: string[] = [];
for (const [name, run] of benchmarks) {
  process.stderr.write(`running ${name}…\n`);
  const started = performance.now();
  const table = await run();
  process.stderr.write(`${name} took ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  process.stdout.write(`${table}\n\n`);
  sections.push(table);
}
const resultsPath = fileURLToPath(new URL("./RESULTS.md", import.meta.url));
const results = [
  "# Benchmark results",
  "",
  `Written by \`npm run bench${QUICK ? " -- --quick" : ""}\` on ${new Date().toISOString().slice(0, 10)}, ${describeMachine()}.`,
  `${QUICK ? "**Quick sizes** (development only; the targets are for full sizes). " : ""}Each ratio is against a baseline from the same run.`,
  "",
  sections.join("\n\n"),
  "",
].join("\n");
// Formatted as the repository's prettier would, so `npm run lint` stays clean after a run.
const config = (await resolveConfig(resultsPath)) ?? {};
writeFileSync(resultsPath, await format(results, { ...config, parser: "markdown" }));
