import { describe, expect, it } from "vitest";
import { consolidateSingleLabel } from "./consolidate.js";
import { majorityVote } from "./majority-vote.js";
import { seededRandom, shuffled, single } from "./test-support.js";

describe("majorityVote", () => {
  it("unanimous: three workers agree → that label, confidence 1", () => {
    expect(
      majorityVote(
        single([
          [7, "a", 2],
          [7, "b", 2],
          [7, "c", 2],
        ]),
        3,
      ),
    ).toEqual([{ objectId: 7, label: 2, confidence: 1 }]);
  });

  it("2-vs-1 split → the majority, confidence 2/3 = 0.67", () => {
    expect(
      majorityVote(
        single([
          [1, "a", 1],
          [1, "b", 0],
          [1, "c", 1],
        ]),
        3,
      ),
    ).toEqual([{ objectId: 1, label: 1, confidence: 0.67 }]);
  });

  it("three-way tie → the lowest label index, confidence 0.33, whatever the answer order", () => {
    const expected = [{ objectId: 1, label: 0, confidence: 0.33 }];
    expect(
      majorityVote(
        single([
          [1, "a", 0],
          [1, "b", 1],
          [1, "c", 2],
        ]),
        3,
      ),
    ).toEqual(expected);
    expect(
      majorityVote(
        single([
          [1, "a", 2],
          [1, "b", 1],
          [1, "c", 0],
        ]),
        3,
      ),
    ).toEqual(expected);
    expect(
      majorityVote(
        single([
          [1, "c", 1],
          [1, "a", 2],
          [1, "b", 0],
        ]),
        4,
      ),
    ).toEqual(expected);
  });

  it("a 2-2 tie goes to the lower label of the two tied, confidence 0.5", () => {
    const answers = single([
      [1, "a", 3],
      [1, "b", 2],
      [1, "c", 3],
      [1, "d", 2],
    ]);
    expect(majorityVote(answers, 4)).toEqual([{ objectId: 1, label: 2, confidence: 0.5 }]);
  });

  it("one worker → that worker's label with confidence 0 (AWS's documented rule)", () => {
    expect(majorityVote(single([[4, "solo", 2]]), 3)).toEqual([{ objectId: 4, label: 2, confidence: 0 }]);
  });

  it("rounds the share like Python's round(): 1/8 → 0.12, 5/8 → 0.62, 3/8 → 0.38, 4/7 → 0.57", () => {
    const eight = (labels: number[]) => single(labels.map((label, w) => [1, `w${w}`, label] as const));
    expect(majorityVote(eight([0, 1, 2, 3, 4, 5, 6, 7]), 8)[0]).toEqual({
      objectId: 1,
      label: 0,
      confidence: 0.12,
    });
    expect(majorityVote(eight([1, 1, 1, 0, 1, 0, 1, 0]), 2)[0]?.confidence).toBe(0.62);
    expect(majorityVote(eight([1, 1, 1, 0, 2, 3, 4, 5]), 6)[0]?.confidence).toBe(0.38);
    expect(majorityVote(eight([1, 1, 1, 1, 0, 0, 2]), 3)[0]?.confidence).toBe(0.57);
  });

  it("returns one result per answered object, ascending by objectId", () => {
    const answers = single([
      [30, "a", 1],
      [-2, "a", 0],
      [30, "b", 1],
      [5.5, "b", 2],
      [-2, "c", 0],
    ]);
    expect(majorityVote(answers, 3)).toEqual([
      { objectId: -2, label: 0, confidence: 1 },
      { objectId: 5.5, label: 2, confidence: 0 },
      { objectId: 30, label: 1, confidence: 1 },
    ]);
    expect(majorityVote([], 3)).toEqual([]);
  });

  it("keeps one answer per (object, worker): the last one", () => {
    const answers = single([
      [1, "a", 0],
      [1, "b", 1],
      [1, "a", 1],
    ]);
    expect(majorityVote(answers, 2)).toEqual([{ objectId: 1, label: 1, confidence: 1 }]);
    // one worker answering twice is still one worker
    expect(
      majorityVote(
        single([
          [1, "a", 0],
          [1, "a", 1],
        ]),
        2,
      ),
    ).toEqual([{ objectId: 1, label: 1, confidence: 0 }]);
  });

  it("handles objects with many workers and repeated answers, in any order", () => {
    const random = seededRandom(3);
    const rows: [number, string, number][] = [];
    for (let w = 0; w < 40; w++) rows.push([1, `w${w}`, w < 22 ? 2 : w % 2]); // 22 × label 2
    for (let w = 0; w < 10; w++) rows.unshift([1, `w${w}`, 0]); // replaced by the later answers above
    for (let trial = 0; trial < 5; trial++) {
      const order = shuffled(rows.slice(10), random);
      expect(majorityVote(single([...rows.slice(0, 10), ...order]), 3)).toEqual([
        { objectId: 1, label: 2, confidence: 0.55 },
      ]);
    }
  });

  it("cannot see through an adversarial worker: it sides with the two answers that agree", () => {
    const rows: [number, string, number][] = [];
    for (let o = 0; o < 30; o++) {
      rows.push([o, "honest-a", o % 3], [o, "honest-b", o % 3], [o, "adversary", (o + 1) % 3]);
    }
    rows.push([100, "honest-a", 0], [100, "honest-b", 1], [100, "adversary", 1]);
    const results = majorityVote(single(rows), 3);
    expect(results.at(-1)).toEqual({ objectId: 100, label: 1, confidence: 0.67 });
  });

  it("rejects labels out of range, answers without exactly one label and bad label counts", () => {
    expect(() => majorityVote(single([[1, "a", 3]]), 3)).toThrow(RangeError);
    expect(() => majorityVote(single([[1, "a", -1]]), 3)).toThrow(RangeError);
    expect(() => majorityVote(single([[1, "a", 0.5]]), 3)).toThrow(RangeError);
    expect(() => majorityVote([{ objectId: 1, workerId: "a", labels: [0, 1] }], 3)).toThrow(/2 labels/);
    expect(() => majorityVote([{ objectId: 1, workerId: "a", labels: [] }], 3)).toThrow(/0 labels/);
    expect(() => majorityVote(single([[Number.NaN, "a", 0]]), 3)).toThrow(/objectId/);
    expect(() => majorityVote([], 0)).toThrow(/labelCount/);
    expect(() => majorityVote([], 2.5)).toThrow(/labelCount/);
  });

  it("is what consolidateSingleLabel runs for 'majority-vote'", () => {
    const answers = single([
      [1, "a", 1],
      [1, "b", 0],
      [1, "c", 1],
      [2, "a", 0],
    ]);
    expect(consolidateSingleLabel("majority-vote", answers, 2)).toEqual(majorityVote(answers, 2));
  });
});
