import { describe, expect, it } from "vitest";
import type { ConsolidatedValue } from "./answer-values.js";
import { jobStats } from "./job-stats.js";
import type { StatAnswer } from "./stat-inputs.js";
import { median, unionLengthMs } from "./worker-throughput.js";

const MINUTE = 60_000;

function answer(
  objectId: number,
  workerId: string,
  label: string,
  claimedMin: number,
  minutes: number,
): StatAnswer {
  return {
    objectId,
    workerId,
    claimedMs: claimedMin * MINUTE,
    finishedMs: (claimedMin + minutes) * MINUTE,
    value: { key: label, labels: [label] },
  };
}

const label = (name: string, confidence = 1): ConsolidatedValue => ({
  key: name,
  labels: [name],
  confidence,
});

/*
 * Three workers, three objects. Object 0: all say Sports. Object 1: two News, one Music. Object 2:
 * one answer (Music) so far. Objects 0 and 1 are consolidated (Sports, News).
 */
const answers: StatAnswer[] = [
  answer(0, "ann", "Sports", 0, 2),
  answer(0, "bob", "Sports", 0, 4),
  answer(0, "cy", "Sports", 1, 1),
  answer(1, "ann", "News", 2, 2),
  answer(1, "bob", "Music", 4, 6),
  answer(1, "cy", "News", 2, 3),
  answer(2, "ann", "Music", 3, 1),
];
const consolidated = new Map([
  [0, label("Sports")],
  [1, label("News", 0.67)],
]);

describe("job statistics", () => {
  const stats = jobStats(["Sports", "News", "Music", "Weather"], answers, consolidated);

  it("counts labels by consolidated object and by answer, keeping unused categories", () => {
    expect(stats.distribution).toEqual({
      labels: [
        { label: "Sports", consolidated: 1, answers: 3 },
        { label: "News", consolidated: 1, answers: 2 },
        { label: "Music", consolidated: 0, answers: 2 },
        { label: "Weather", consolidated: 0, answers: 0 },
      ],
      consolidatedObjects: 2,
      answers: 7,
    });
  });

  it("lists labels outside the categories after them, most frequent first", () => {
    const custom = jobStats(
      ["A"],
      [answer(0, "w", "{}", 0, 1), answer(1, "w", "B", 0, 1), answer(2, "w", "B", 0, 1)],
      new Map(),
    );
    expect(custom.distribution.labels.map((count) => count.label)).toEqual(["A", "B", "{}"]);
  });

  it("measures per-object agreement against the consolidated label, else the majority", () => {
    expect(stats.perObject).toEqual([
      { objectId: 0, answers: 3, agreement: 1, reference: "consolidated" },
      { objectId: 1, answers: 3, agreement: 2 / 3, reference: "consolidated" },
      { objectId: 2, answers: 1, agreement: 1, reference: "majority" },
    ]);
    // Only objects with two answers or more go into the histogram and the mean.
    expect(stats.agreement).toMatchObject({ objects: 2, singleAnswerObjects: 1, mean: (1 + 2 / 3) / 2 });
    expect(stats.agreement.histogram.map((bin) => bin.objects)).toEqual([0, 0, 0, 1, 1]);
  });

  it("uses the consolidated label even when the workers' majority differs from it", () => {
    const [entry] = jobStats(
      [],
      [answer(0, "a", "X", 0, 1), answer(0, "b", "X", 0, 1), answer(0, "c", "Y", 0, 1)],
      new Map([[0, label("Y")]]),
    ).perObject;
    expect(entry?.agreement).toBeCloseTo(1 / 3, 12);
    const [unconsolidated] = jobStats(
      [],
      [answer(0, "a", "X", 0, 1), answer(0, "b", "Y", 0, 1)],
      new Map(),
    ).perObject;
    expect(unconsolidated).toMatchObject({ agreement: 0.5, reference: "majority" });
  });

  it("computes alpha over every answer, each object a unit", () => {
    // Units {S,S,S}, {N,M,N}, {M}: the last drops out, n = 6; D_o = 2/6, D_e = 22/30 → 1 - 15/33.
    expect(stats.alpha.pairableUnits).toBe(2);
    expect(stats.alpha.alpha).toBeCloseTo(1 - 2 / 6 / (22 / 30), 12);
  });

  it("gives each worker's submissions, active time, throughput, median time and agreement", () => {
    const ann = stats.workers.find((worker) => worker.workerId === "ann");
    // Ann: [0,2], [2,4], [3,4] → 4 minutes active, 3 tasks → 45 an hour; durations 2, 2, 1 → median 2 min.
    expect(ann).toMatchObject({
      submitted: 3,
      activeSeconds: 240,
      tasksPerHour: 45,
      medianSecondsPerTask: 120,
      compared: 2,
      agreeing: 2,
      agreement: 1,
    });
    const bob = stats.workers.find((worker) => worker.workerId === "bob");
    expect(bob).toMatchObject({
      submitted: 2,
      compared: 2,
      agreeing: 1,
      agreement: 0.5,
      medianSecondsPerTask: 300,
    });
    expect(stats.workers.map((worker) => worker.workerId)).toEqual(["ann", "bob", "cy"]);
  });

  it("leaves throughput and agreement undefined when they cannot be measured", () => {
    const [worker] = jobStats([], [answer(5, "z", "A", 10, 0)], new Map()).workers;
    expect(worker).toMatchObject({
      submitted: 1,
      activeSeconds: 0,
      tasksPerHour: undefined,
      agreement: undefined,
    });
  });

  it("has empty statistics for a job without answers", () => {
    const empty = jobStats(["A", "B"], [], new Map());
    expect(empty.alpha.undefinedBecause).toBe("no-pairable-units");
    expect(empty.agreement.mean).toBeUndefined();
    expect(empty.workers).toEqual([]);
  });
});

describe("helpers", () => {
  it("takes the median of odd and even lists", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBe(0);
  });

  it("counts overlapping intervals once", () => {
    expect(
      unionLengthMs([
        [0, 10],
        [5, 15],
        [20, 25],
        [21, 22],
      ]),
    ).toBe(20);
    expect(unionLengthMs([])).toBe(0);
  });
});
