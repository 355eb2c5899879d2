import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { dawidSkene, dawidSkenePosteriors } from "./dawid-skene.js";
import { numpyRound2, pythonRound2 } from "./rounding.js";
import { seededRandom, shuffled } from "./test-support.js";

/**
 * Live comparison with reference/mds_reference.py, a numpy port of AWS's notebook. python3 and numpy
 * are required (`.ci/run` installs Debian's python3-numpy when they are missing): without them
 * these tests fail, saying what to install. golden.json is also checked in dawid-skene.test.ts.
 */

const SCRIPT = fileURLToPath(new URL("./reference/mds_reference.py", import.meta.url));

function python(args: string[], input?: string) {
  return spawnSync("python3", args, { input, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
}

const probe = python(["-c", "import numpy"]);
const hasNumpy = probe.error === undefined && probe.status === 0;

/** Fails the test, not the run, when the reference cannot run, with what to install. */
function requireNumpy(): void {
  expect(
    hasNumpy,
    "python3 with numpy is needed for the reference comparison: apt-get install python3-numpy",
  ).toBe(true);
}

function runReference(request: unknown): unknown {
  const result = python([SCRIPT], JSON.stringify(request));
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`mds_reference.py failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as unknown;
}

interface Dataset {
  labelCount: number;
  answers: [number, string, number][];
  maxEpochs?: number;
  tolerance?: number;
}

interface ReferenceResult {
  objectIds: number[];
  epochs: number;
  posteriors: number[][];
  labels: number[];
  confidences: number[];
}

/** Random jobs: 1–300 objects, 1–9 workers of mixed skill (some adversarial), K from 2 to 17. */
function randomDatasets(seed: number, count: number): Dataset[] {
  const random = seededRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const datasets: Dataset[] = [];
  for (let d = 0; d < count; d++) {
    const labelCount = [2, 2, 3, 4, 5, 7, 8, 9, 10, 12, 17][d % 11]!;
    const objects = int(1, 300);
    const workerCount = int(1, 9);
    const workers = Array.from({ length: workerCount }, () => `w${int(0, 1e6).toString(36)}-${d}`);
    const skill = workers.map(() => [0.98, 0.85, 0.6, 0.4, 0.05][int(0, 4)]!);
    const answers: [number, string, number][] = [];
    for (let o = 0; o < objects; o++) {
      const objectId = int(0, 1e9);
      const truth = int(0, labelCount - 1);
      for (let w = 0; w < workerCount; w++) {
        if (random() > 0.6 && w > 0) continue;
        const s = skill[w]!;
        let label = truth;
        if (random() >= s) label = s < 0.1 ? (truth + 1) % labelCount : int(0, labelCount - 1);
        answers.push([objectId, workers[w]!, label]);
        // now and then a resubmission: the later answer must win in both implementations
        if (random() < 0.02) answers.push([objectId, workers[w]!, int(0, labelCount - 1)]);
      }
    }
    const dataset: Dataset = { labelCount, answers: shuffled(answers, random) };
    if (d % 5 === 3) dataset.tolerance = -1e308; // never stops early: all 20 epochs
    if (d % 7 === 4) dataset.maxEpochs = int(0, 6);
    datasets.push(dataset);
  }
  return datasets;
}

describe("numpy reference (reference/mds_reference.py)", () => {
  it("python3 is installed", () => {
    const version = python(["--version"]);
    expect(version.error, "python3 must be on PATH (CI has it)").toBeUndefined();
    expect(version.status).toBe(0);
  });

  it("MDS: same epochs and posteriors (≤ 1e-9), labels and confidences on random jobs", () => {
    requireNumpy();
    const seed = Number(process.env.MDS_SEED ?? Date.now() % 1_000_000);
    const datasets = randomDatasets(seed, 40);
    const expected = runReference({ mode: "mds", datasets }) as ReferenceResult[];
    let maxDifference = 0;
    datasets.forEach((dataset, n) => {
      const want = expected[n]!;
      const answers = dataset.answers.map(([objectId, workerId, label]) => ({
        objectId,
        workerId,
        labels: [label],
      }));
      const options = { maxEpochs: dataset.maxEpochs, tolerance: dataset.tolerance };
      const run = dawidSkenePosteriors(answers, dataset.labelCount, options);
      const where = `seed ${seed} (rerun with MDS_SEED=${seed}), dataset ${n}`;
      expect(Array.from(run.objectIds), where).toEqual(want.objectIds);
      expect(run.epochs, where).toBe(want.epochs);
      want.posteriors.flat().forEach((p, k) => {
        maxDifference = Math.max(maxDifference, Math.abs(p - run.posteriors[k]!));
      });
      const results = dawidSkene(answers, dataset.labelCount, options);
      results.forEach((result, o) => {
        if (run.index.objectStart[o + 1]! - run.index.objectStart[o]! > 1) {
          expect(result.label, where).toBe(want.labels[o]);
          expect(result.confidence, where).toBe(want.confidences[o]);
        }
      });
    });
    expect(maxDifference, `seed ${seed}`).toBeLessThanOrEqual(1e-9);
  });

  it("rounding: pythonRound2 = round(x, 2), numpyRound2 = round(np.float64(x), 2)", () => {
    requireNumpy();
    const seed = Number(process.env.MDS_SEED ?? Date.now() % 1_000_000);
    const random = seededRandom(seed);
    const values: number[] = [0.125, 0.375, 0.625, 0.875, 0.675, 2.675, 1 / 3, 2 / 3, 1.005, -0.125];
    const view = new DataView(new ArrayBuffer(8));
    for (let k = 0; k <= 1000; k++) {
      view.setFloat64(0, (k + 0.5) / 100);
      const bits = view.getBigInt64(0);
      for (let d = -2n; d <= 2n; d++) {
        view.setBigInt64(0, bits + d);
        values.push(view.getFloat64(0));
      }
    }
    for (let k = 0; k < 5000; k++)
      values.push(random(), random() * 1000 - 500, Math.floor(random() * 8000) / 8);
    const expected = runReference({ mode: "round", values }) as { python: number[]; numpy: number[] };
    values.forEach((x, k) => {
      expect(pythonRound2(x), `round(${x}, 2), seed ${seed}`).toBe(expected.python[k]);
      expect(numpyRound2(x), `round(np.float64(${x}), 2), seed ${seed}`).toBe(expected.numpy[k]);
    });
  });
});
