/**
 * Target 4 (consolidation and output): 100,000 objects × 3 answers, 10 labels. Majority vote
 * ≤ 0.5 s and modified Dawid-Skene ≤ 3 s of computation (emulator/consolidation/bench.ts, the
 * median of 3 runs); the job's whole output tree written into the embedded store ≤ 15 s.
 * Baselines: one counting pass over the same answers; the same number of files of the same total
 * size written straight to disk with fs.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { consolidationBench, simulateJob } from "../emulator/consolidation/bench.js";
import { QUICK, runAlone } from "./lib/cli.js";
import { describeMachine } from "./lib/machine.js";
import { fixed, median, measuredOn, timed } from "./lib/measure.js";
import { runOutputJob, type OutputRun } from "./lib/output-job.js";
import { markdownTable, verdict } from "./lib/table.js";

const OBJECTS = QUICK ? 10_000 : 100_000;
const LABELS = Array.from({ length: 10 }, (_, index) => `label-${index}`);

/** The floor of every consolidation: one pass that counts each object's labels. */
async function countingPassMs(): Promise<number> {
  const { single } = simulateJob({
    objects: OBJECTS,
    answersPerObject: 3,
    labels: 10,
    workers: 100,
    seed: 1,
  });
  const samples: number[] = [];
  for (let run = 0; run < 3; run++) {
    const { ms } = await timed(() => {
      const counts = new Map<number, Uint32Array>();
      for (const answer of single) {
        let row = counts.get(answer.objectId);
        if (!row) counts.set(answer.objectId, (row = new Uint32Array(10)));
        for (const label of answer.labels) row[label] = (row[label] ?? 0) + 1;
      }
      return counts.size;
    });
    samples.push(ms);
  }
  return median(samples);
}

/** The floor of writing the output: as many files of the same average size, straight to disk. */
async function plainFilesMs(files: number, bytes: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "gt-local-bench-files-"));
  const body = "x".repeat(Math.max(1, Math.round(bytes / Math.max(1, files))));
  try {
    const { ms } = await timed(async () => {
      for (let start = 0; start < files; start += 1000) {
        const folder = join(dir, String(start));
        await mkdir(folder);
        const batch: Promise<void>[] = [];
        for (let index = start; index < Math.min(files, start + 1000); index++) {
          batch.push(writeFile(join(folder, `${index}.json`), body));
        }
        await Promise.all(batch);
      }
    });
    return ms;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function consolidation(): Promise<string> {
  const floor = await countingPassMs();
  const bench = consolidationBench({ objects: OBJECTS, labels: 10, repeat: 3 });
  const limits: Record<string, number> = { "majority vote": 500, "Dawid-Skene": 3000 };
  const computeRows = [
    ["counting pass (baseline)", fixed(floor), "", "1.0", ""],
    ...bench.timings.map((timing) => {
      const limit = limits[timing.name];
      return [
        `${timing.name}${timing.note === "" ? "" : ` (${timing.note})`}`,
        fixed(timing.medianMs),
        limit === undefined ? "" : `≤ ${limit}`,
        fixed(timing.medianMs / floor, 1),
        limit === undefined ? "" : verdict(timing.medianMs <= limit),
      ];
    }),
  ];

  const outputs: OutputRun[] = [];
  for (const method of ["majority-vote", "dawid-skene"] as const) {
    outputs.push(await runOutputJob(OBJECTS, LABELS, method));
  }
  const first = outputs[0] as OutputRun;
  const plainMs = await plainFilesMs(first.files, first.bytes);
  const outputRows = [
    [
      `fs.writeFile of ${first.files} files, ${fixed(first.bytes / 2 ** 20)} MiB (baseline)`,
      fixed(plainMs),
      "",
      "1.0",
      "",
    ],
    ...outputs.map((run) => [
      `${run.method}: ${run.iterations} iterations, ${run.files} files, ${fixed(run.bytes / 2 ** 20)} MiB`,
      fixed(run.engineMs),
      "≤ 15000",
      fixed(run.engineMs / plainMs, 1),
      verdict(run.engineMs <= 15_000),
    ]),
  ];
  return [
    `### Consolidation and output${QUICK ? " (--quick)" : ""}: ${OBJECTS.toLocaleString("en-US")} objects × 3 answers, 10 labels`,
    "",
    markdownTable(["computation", "median ms", "target ms", "ratio to baseline", "verdict"], computeRows),
    "",
    markdownTable(
      ["output tree into the embedded store (on disk)", "ms", "target ms", "ratio to baseline", "verdict"],
      outputRows,
    ),
    "",
    "Output: answers are written to the job's tables in 10 batches; the time is the engine's (refill, consolidation iterations, every file, the final manifest), summed over the batches.",
    measuredOn(describeMachine()),
  ].join("\n");
}

await runAlone(import.meta.url, consolidation);
