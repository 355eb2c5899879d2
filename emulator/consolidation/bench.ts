/**
 * Consolidation benchmark: a simulated job of 100,000 objects × 3 answers over 10 labels (100
 * workers of mixed skill, a few adversarial), timed per method. Not a test — nothing is asserted;
 * `bench/` calls `consolidationBench()`, and `npx tsx emulator/consolidation/bench.ts` prints the table.
 * Targets (issue): majority vote ≤ 0.5 s, Dawid-Skene ≤ 3 s of computation on a 2-core machine.
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { consolidateMultiLabel } from "./consolidate.js";
import { dawidSkene, dawidSkenePosteriors } from "./dawid-skene.js";
import { majorityVote } from "./majority-vote.js";
import type { ClassAnswer } from "./types.js";

export interface ConsolidationBenchOptions {
  objects?: number;
  answersPerObject?: number;
  labels?: number;
  workers?: number;
  /** Timed runs per method; the median is reported (plus the first, cold run). */
  repeat?: number;
  seed?: number;
}

export interface ConsolidationTiming {
  name: string;
  firstMs: number;
  medianMs: number;
  note: string;
}

export interface ConsolidationBenchResult {
  objects: number;
  answersPerObject: number;
  labels: number;
  workers: number;
  timings: ConsolidationTiming[];
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Single- and multi-label answers of a simulated job, in submission-like (shuffled) object order. */
export function simulateJob(options: Required<Omit<ConsolidationBenchOptions, "repeat">>): {
  single: ClassAnswer[];
  multi: ClassAnswer[];
} {
  const { objects, answersPerObject, labels, workers, seed } = options;
  const random = mulberry32(seed);
  const skill = Array.from({ length: workers }, (_, w) => (w % 25 === 0 ? 0.05 : 0.55 + 0.4 * random()));
  const workerIds = Array.from(
    { length: workers },
    (_, w) => `private.us-east-1.${w.toString(16).padStart(16, "0")}`,
  );
  const single: ClassAnswer[] = [];
  const multi: ClassAnswer[] = [];
  for (let i = 0; i < objects; i++) {
    const objectId = (i * 7919) % objects; // a permutation of 0..objects-1 when objects is not a multiple of 7919
    const truth = Math.floor(random() * labels);
    const truthSet = [truth, (truth + 3) % labels];
    const first = Math.floor(random() * workers);
    for (let k = 0; k < answersPerObject; k++) {
      const w = (first + k * 37) % workers;
      const accuracy = skill[w] as number;
      const right = random() < accuracy;
      const label = right ? truth : accuracy < 0.1 ? (truth + 1) % labels : Math.floor(random() * labels);
      single.push({ objectId, workerId: workerIds[w] as string, labels: [label] });
      const chosen = right ? truthSet : [Math.floor(random() * labels)];
      multi.push({ objectId, workerId: workerIds[w] as string, labels: chosen });
    }
  }
  return { single, multi };
}

function time(repeat: number, run: () => unknown): { firstMs: number; medianMs: number } {
  const samples: number[] = [];
  for (let r = 0; r < repeat; r++) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  const sorted = samples.slice().sort((x, y) => x - y);
  return { firstMs: samples[0] as number, medianMs: sorted[Math.floor(sorted.length / 2)] as number };
}

export function consolidationBench(options: ConsolidationBenchOptions = {}): ConsolidationBenchResult {
  const settings = {
    objects: options.objects ?? 100_000,
    answersPerObject: options.answersPerObject ?? 3,
    labels: options.labels ?? 10,
    workers: options.workers ?? 100,
    seed: options.seed ?? 1,
  };
  const repeat = options.repeat ?? 3;
  const { single, multi } = simulateJob(settings);
  const { labels } = settings;
  const epochs = dawidSkenePosteriors(single, labels).epochs;
  const forcedEpochs = dawidSkenePosteriors(single, labels, { tolerance: -Infinity }).epochs;
  const timings: ConsolidationTiming[] = [
    { name: "majority vote", note: "", ...time(repeat, () => majorityVote(single, labels)) },
    { name: "Dawid-Skene", note: `${epochs} epochs`, ...time(repeat, () => dawidSkene(single, labels)) },
    {
      name: "Dawid-Skene, all epochs",
      note: `${forcedEpochs} epochs (no early stop)`,
      ...time(repeat, () => dawidSkene(single, labels, { tolerance: -Infinity })),
    },
    {
      name: "multi-label majority vote",
      note: "",
      ...time(repeat, () => consolidateMultiLabel("majority-vote", multi, labels)),
    },
    {
      name: "multi-label Dawid-Skene",
      note: `${labels} binary runs`,
      ...time(repeat, () => consolidateMultiLabel("dawid-skene", multi, labels)),
    },
  ];
  return { ...settings, timings };
}

/** The result as a Markdown section. */
export function formatConsolidationBench(result: ConsolidationBenchResult): string {
  const rows = result.timings.map(
    (t) => `| ${t.name} | ${t.firstMs.toFixed(0)} | ${t.medianMs.toFixed(0)} | ${t.note} |`,
  );
  return [
    `## Consolidation: ${result.objects.toLocaleString("en-US")} objects × ${result.answersPerObject} answers, ${result.labels} labels, ${result.workers} workers`,
    "",
    "| method | first run (ms) | median (ms) | note |",
    "| --- | ---: | ---: | --- |",
    ...rows,
  ].join("\n");
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${formatConsolidationBench(consolidationBench())}\n`);
}
