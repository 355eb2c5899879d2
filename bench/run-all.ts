/**
 * `npm run bench`: runs every benchmark, prints each table, and writes them with the machine
 * description to bench/RESULTS.md. Ratios compare against baselines measured in the same run;
 * nothing here is asserted in tests.
 */
import { writeFileSync } from "node:fs";
import { apiFloor } from "./api-floor.js";

const sections: string[] = [];
for (const [name, run] of [["api-floor", apiFloor]] as const) {
  process.stderr.write(`running ${name}…\n`);
  const table = await run();
  process.stdout.write(`${table}\n\n`);
  sections.push(table);
}
writeFileSync(
  new URL("./RESULTS.md", import.meta.url),
  `# Benchmark results\n\nWritten by \`npm run bench\`; each ratio is against a baseline from the same run.\n\n${sections.join("\n\n")}\n`,
);
