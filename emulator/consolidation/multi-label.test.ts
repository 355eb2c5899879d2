import { describe, expect, it } from "vitest";
import { consolidateMultiLabel } from "./consolidate.js";
import { multi } from "./test-support.js";

const rows = [
  [1, "a", [0, 1]],
  [1, "b", [0]],
  [1, "c", [0, 2]],
  [2, "a", [1]],
  [2, "b", [1, 2]],
  [2, "c", [2]],
  [3, "a", [2]],
  [4, "a", []],
  [4, "b", [1]],
  [4, "c", [1, 1]], // a repeated label counts once
] as const;

describe("consolidateMultiLabel: majority vote", () => {
  it("chooses a label when more than half of the object's workers chose it; confidence = share", () => {
    expect(consolidateMultiLabel("majority-vote", multi(rows), 3)).toEqual([
      { objectId: 1, labels: [0], confidences: [1] },
      { objectId: 2, labels: [1, 2], confidences: [0.67, 0.67] },
      { objectId: 3, labels: [2], confidences: [0] }, // one worker: their labels, confidence 0
      { objectId: 4, labels: [1], confidences: [0.67] },
    ]);
  });

  it("half is not enough; an object nobody labelled is still returned, with no labels", () => {
    const answers = multi([
      [9, "a", [0]],
      [9, "b", [1]],
      [9, "c", [0, 1]],
      [9, "d", []],
      [8, "a", []],
      [8, "b", []],
    ]);
    expect(consolidateMultiLabel("majority-vote", answers, 2)).toEqual([
      { objectId: 8, labels: [], confidences: [] },
      { objectId: 9, labels: [], confidences: [] },
    ]);
  });

  it("rejects labels out of range", () => {
    expect(() => consolidateMultiLabel("majority-vote", multi([[1, "a", [0, 3]]]), 3)).toThrow(RangeError);
    expect(() => consolidateMultiLabel("dawid-skene", multi([[1, "a", [-1]]]), 3)).toThrow(RangeError);
  });
});

describe("consolidateMultiLabel: Dawid-Skene (one binary MDS per label; reference numbers)", () => {
  it("chooses a label when P(yes) > P(no), confidence = P(yes) rounded", () => {
    // reference/mds_reference.py on each label's yes/no answers, K = 2:
    //   label 0: P(yes) = [0.99999999999809, 5.6e-13, 8.1e-05, 5.6e-13]
    //   label 1: P(yes) = [0.2516, 0.6467, 0.4500, 0.7376]
    //   label 2: P(yes) = [0.2127, 0.7214, 0.6367, 0.0655]
    expect(consolidateMultiLabel("dawid-skene", multi(rows), 3)).toEqual([
      { objectId: 1, labels: [0], confidences: [1] },
      { objectId: 2, labels: [1, 2], confidences: [0.65, 0.72] },
      { objectId: 3, labels: [2], confidences: [0] }, // one worker: their labels, confidence 0
      { objectId: 4, labels: [1], confidences: [0.74] },
    ]);
  });

  it("returns every answered object, ascending (reference: P(yes) = 0.9791 for object 2)", () => {
    const answers = multi([
      [5, "a", []],
      [2, "a", [0]],
      [2, "b", [0]],
    ]);
    expect(consolidateMultiLabel("dawid-skene", answers, 1)).toEqual([
      { objectId: 2, labels: [0], confidences: [0.98] },
      { objectId: 5, labels: [], confidences: [] },
    ]);
  });
});
