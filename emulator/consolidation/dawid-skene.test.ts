import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { consolidateSingleLabel } from "./consolidate.js";
import { dawidSkene, dawidSkenePosteriors, numpySum } from "./dawid-skene.js";
import { majorityVote } from "./majority-vote.js";
import { seededRandom, shuffled, single } from "./test-support.js";

/**
 * Expected numbers marked "reference" come from reference/mds_reference.py (the notebook's EM in
 * numpy); the maxEpochs: 1 cases are also worked out by hand below.
 */

function posteriorsOf(
  rows: readonly (readonly [number, string, number])[],
  labelCount: number,
  maxEpochs?: number,
) {
  const run = dawidSkenePosteriors(single(rows), labelCount, maxEpochs === undefined ? {} : { maxEpochs });
  return { epochs: run.epochs, posteriors: Array.from(run.posteriors) };
}

describe("dawidSkene: one epoch, by hand", () => {
  // Start: uniform prior 1/3, confusion 0.7 on the diagonal, 0.15 elsewhere; one E-step.
  it("unanimous: p ∝ [0.7³, 0.15³, 0.15³]", () => {
    const { posteriors } = posteriorsOf(
      [
        [1, "a", 0],
        [1, "b", 0],
        [1, "c", 0],
      ],
      3,
      1,
    );
    const z = 0.343 + 2 * 0.003375;
    expect(posteriors[0]).toBeCloseTo(0.343 / z, 14); // 0.98070050…
    expect(posteriors[1]).toBeCloseTo(0.003375 / z, 14);
    expect(
      dawidSkene(
        single([
          [1, "a", 0],
          [1, "b", 0],
          [1, "c", 0],
        ]),
        3,
        { maxEpochs: 1 },
      ),
    ).toEqual([{ objectId: 1, label: 0, confidence: 0.98 }]);
  });

  it("2-vs-1: p ∝ [0.7·0.7·0.15, 0.15·0.15·0.7, 0.15³]", () => {
    const { posteriors } = posteriorsOf(
      [
        [1, "a", 0],
        [1, "b", 0],
        [1, "c", 1],
      ],
      3,
      1,
    );
    const p = [0.7 * 0.7 * 0.15, 0.15 * 0.15 * 0.7, 0.15 ** 3];
    const z = p[0]! + p[1]! + p[2]!;
    expect(posteriors[0]).toBeCloseTo(p[0]! / z, 14); // 0.79352226…
    expect(posteriors[1]).toBeCloseTo(p[1]! / z, 14);
    expect(posteriors[2]).toBeCloseTo(p[2]! / z, 14);
  });
});

describe("dawidSkene: full runs (reference numbers)", () => {
  it("unanimous → label 0, confidence 1.0 after 4 epochs", () => {
    const rows = [
      [1, "a", 0],
      [1, "b", 0],
      [1, "c", 0],
    ] as const;
    const { epochs, posteriors } = posteriorsOf(rows, 3);
    expect(epochs).toBe(4);
    expect(posteriors[0]).toBe(1);
    expect(posteriors[1]).toBeCloseTo(9.668506142055192e-32, 45);
    expect(dawidSkene(single(rows), 3)).toEqual([{ objectId: 1, label: 0, confidence: 1 }]);
  });

  it("2-vs-1 → the majority, confidence 1.0 after 3 epochs", () => {
    const rows = [
      [1, "a", 0],
      [1, "b", 0],
      [1, "c", 1],
    ] as const;
    const { epochs, posteriors } = posteriorsOf(rows, 3);
    expect(epochs).toBe(3);
    expect(posteriors[0]).toBeCloseTo(0.9999738918088766, 15);
    expect(posteriors[1]).toBeCloseTo(2.302943063048794e-5, 18);
    expect(dawidSkene(single(rows), 3)).toEqual([{ objectId: 1, label: 0, confidence: 1 }]);
  });

  it("three-way tie: confidence 0.33; the tie is broken on the doubles the notebook computes", () => {
    // Mathematically all three posteriors are 1/3. In floating point the products
    // prior·C[t,a]·C[t,b]·C[t,c] differ in the last bit with the order of the factors (workers in id
    // order), and the notebook's argmax takes the largest double: label 0 here, label 2 below.
    const forward = [
      [1, "a", 0],
      [1, "b", 1],
      [1, "c", 2],
    ] as const;
    expect(posteriorsOf(forward, 3).posteriors).toEqual([
      0.3333333333333336, 0.3333333333333332, 0.33333333333333326,
    ]);
    expect(dawidSkene(single(forward), 3)).toEqual([{ objectId: 1, label: 0, confidence: 0.33 }]);
    const backward = [
      [1, "a", 2],
      [1, "b", 1],
      [1, "c", 0],
    ] as const;
    expect(posteriorsOf(backward, 3).posteriors).toEqual([
      0.3333333333333332, 0.3333333333333333, 0.3333333333333335,
    ]);
    expect(dawidSkene(single(backward), 3)).toEqual([{ objectId: 1, label: 2, confidence: 0.33 }]);
  });

  it("an exact tie goes to the lowest index", () => {
    // K = 2, "a" says 1, "b" says 0: class 0 gets (0.5·0.3)·0.7, class 1 (0.5·0.7)·0.3 — equal
    // doubles (halving is exact, a two-factor product commutes), and the job stays symmetric.
    expect(
      dawidSkene(
        single([
          [1, "a", 1],
          [1, "b", 0],
        ]),
        2,
      ),
    ).toEqual([{ objectId: 1, label: 0, confidence: 0.5 }]);
  });

  it("one worker → that worker's label with confidence 0 (the EM alone would say 1.0)", () => {
    const { epochs, posteriors } = posteriorsOf([[1, "a", 2]], 3);
    expect(epochs).toBe(20); // the notebook's log-likelihood stays exactly 0.0: never "converges"
    expect(posteriors).toEqual([0, 0, 1]);
    expect(dawidSkene(single([[1, "a", 2]]), 3)).toEqual([{ objectId: 1, label: 2, confidence: 0 }]);
  });

  it("down-weights an adversarial worker where majority vote cannot", () => {
    // Two honest workers agree on 30 objects; the adversary always answers (truth + 1) mod 3. On
    // object 100 the adversary and honest-b say 1 against honest-a's 0. The EM has learnt that the
    // adversary's "1" means a true 0, so it sides with honest-a; majority vote sides with the pair.
    const rows: [number, string, number][] = [];
    for (let o = 0; o < 30; o++) {
      rows.push([o, "honest-a", o % 3], [o, "honest-b", o % 3], [o, "adversary", (o + 1) % 3]);
    }
    rows.push([100, "honest-a", 0], [100, "honest-b", 1], [100, "adversary", 1]);
    const ds = dawidSkene(single(rows), 3);
    const mv = majorityVote(single(rows), 3);
    for (let o = 0; o < 30; o++) expect(ds[o]).toEqual({ objectId: o, label: o % 3, confidence: 0.99 });
    expect(ds.at(-1)).toEqual({ objectId: 100, label: 0, confidence: 0.68 });
    expect(mv.at(-1)).toEqual({ objectId: 100, label: 1, confidence: 0.67 });
    const run = dawidSkenePosteriors(single(rows), 3);
    expect(run.epochs).toBe(3);
    expect(Array.from(run.posteriors.subarray(90))).toEqual([
      0.6771983817423722, 0.2874786423798374, 0.03532297587779063,
    ]);
  });

  it("does not depend on the order of answers, objects or workers", () => {
    const random = seededRandom(11);
    const rows: [number, string, number][] = [];
    for (let o = 0; o < 40; o++) {
      for (const w of ["w1", "w2", "w3", "w4"]) {
        if (random() < 0.8) rows.push([1000 - o * 13, w, random() < 0.7 ? o % 4 : Math.floor(random() * 4)]);
      }
    }
    const expected = dawidSkenePosteriors(single(rows), 4);
    for (let trial = 0; trial < 5; trial++) {
      const run = dawidSkenePosteriors(single(shuffled(rows, random)), 4);
      expect(run.epochs).toBe(expected.epochs);
      expect(run.posteriors).toEqual(expected.posteriors);
    }
  });

  it("K = 1 (where the notebook divides by zero): label 0, confidence 1, or 0 for one worker", () => {
    expect(
      dawidSkene(
        single([
          [1, "a", 0],
          [1, "b", 0],
          [2, "a", 0],
        ]),
        1,
      ),
    ).toEqual([
      { objectId: 1, label: 0, confidence: 1 },
      { objectId: 2, label: 0, confidence: 0 },
    ]);
  });

  it("validates its options", () => {
    const answers = single([[1, "a", 0]]);
    expect(() => dawidSkene(answers, 2, { maxEpochs: -1 })).toThrow(/maxEpochs/);
    expect(() => dawidSkene(answers, 2, { maxEpochs: 1.5 })).toThrow(/maxEpochs/);
    expect(() => dawidSkene(answers, 2, { tolerance: Number.NaN })).toThrow(/tolerance/);
    expect(dawidSkenePosteriors(answers, 2, { maxEpochs: 0 }).posteriors).toEqual(
      new Float64Array([0.5, 0.5]),
    );
    expect(dawidSkene([], 3)).toEqual([]);
  });

  it("is what consolidateSingleLabel runs for 'dawid-skene'", () => {
    const answers = single([
      [1, "a", 1],
      [1, "b", 0],
      [1, "c", 1],
      [2, "a", 0],
      [2, "b", 0],
    ]);
    expect(consolidateSingleLabel("dawid-skene", answers, 2)).toEqual(dawidSkene(answers, 2));
  });
});

describe("numpySum", () => {
  it("adds in numpy's pairwise order (8 accumulators from 8 values, halves above 128)", () => {
    // 1 + 2^-53 + 2^-53 … : a left-to-right loop loses every small term, pairwise keeps some.
    const tiny = 2 ** -53;
    const values = new Float64Array(16).fill(tiny);
    values[0] = 1;
    let naive = 0;
    for (const v of values) naive += v;
    expect(naive).toBe(1);
    // r0 = 1 + t = 1 (tie to even); r1..r7 = 2t; ((1 + 2t) + 4t) + (4t + 4t) = 1 + 14t, exact
    expect(numpySum(values, 0, 16, 1)).toBe(1 + 14 * tiny); // numpy: 1.0000000000000016
    const strided = new Float64Array([1, 9, 2, 9, 3]);
    expect(numpySum(strided, 0, 3, 2)).toBe(6);
    // numpy: np.full(300, 0.1).sum() == 29.999999999999996; Python's sum([0.1] * 300) == 30.000000000000156
    expect(numpySum(new Float64Array(300).fill(0.1), 0, 300, 1)).toBe(29.999999999999996);
  });
});

describe("dawidSkene: golden results of the numpy reference (reference/golden.json)", () => {
  interface Golden {
    datasets: { labelCount: number; answers: [number, string, number][] }[];
    results: {
      objectIds: number[];
      epochs: number;
      posteriors: number[][];
      labels: number[];
      confidences: number[];
    }[];
  }
  const golden = JSON.parse(
    readFileSync(new URL("./reference/golden.json", import.meta.url), "utf8"),
  ) as Golden;

  it.each(golden.datasets.map((dataset, n) => [n, dataset.labelCount, dataset] as const))(
    "dataset %i (K = %i): same epochs, posteriors, labels and confidences",
    (n, labelCount, dataset) => {
      const expected = golden.results[n]!;
      const answers = single(dataset.answers);
      const run = dawidSkenePosteriors(answers, labelCount);
      expect(Array.from(run.objectIds)).toEqual(expected.objectIds);
      expect(run.epochs).toBe(expected.epochs);
      expect(Array.from(run.posteriors)).toEqual(expected.posteriors.flat());
      const results = dawidSkene(answers, labelCount);
      results.forEach((result, o) => {
        const workers = run.index.objectStart[o + 1]! - run.index.objectStart[o]!;
        if (workers > 1) {
          expect(result.label).toBe(expected.labels[o]);
          expect(result.confidence).toBe(expected.confidences[o]);
        } else {
          expect(result.confidence).toBe(0);
        }
      });
    },
  );
});
