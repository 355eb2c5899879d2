import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { consolidateMultiLabel, consolidateSingleLabel } from "./consolidate.js";
import { pythonRound2 } from "./rounding.js";
import type { ClassAnswer, ConsolidationMethod } from "./types.js";

const METHODS: readonly ConsolidationMethod[] = ["majority-vote", "dawid-skene"];
const WORKERS = ["ann", "bob", "cy", "dee", "Eve", "f", "gus-2", "gus-10"];

/** A job: label count and answers with distinct (object, worker) pairs, in arbitrary order. */
const singleLabelJob = fc.integer({ min: 1, max: 6 }).chain((labelCount) =>
  fc.record({
    labelCount: fc.constant(labelCount),
    answers: fc.uniqueArray(
      fc.record({
        objectId: fc.integer({ min: -5, max: 25 }),
        workerId: fc.constantFrom(...WORKERS),
        labels: fc.tuple(fc.integer({ min: 0, max: labelCount - 1 })),
      }),
      { selector: (a) => `${a.objectId}/${a.workerId}`, maxLength: 60 },
    ),
  }),
);

const multiLabelJob = fc.integer({ min: 1, max: 5 }).chain((labelCount) =>
  fc.record({
    labelCount: fc.constant(labelCount),
    answers: fc.uniqueArray(
      fc.record({
        objectId: fc.integer({ min: 0, max: 15 }),
        workerId: fc.constantFrom(...WORKERS),
        labels: fc.array(fc.integer({ min: 0, max: labelCount - 1 }), { maxLength: labelCount + 1 }),
      }),
      { selector: (a) => `${a.objectId}/${a.workerId}`, maxLength: 50 },
    ),
  }),
);

/** Answers grouped by object id. */
function byObject(answers: readonly ClassAnswer[]): Map<number, ClassAnswer[]> {
  const groups = new Map<number, ClassAnswer[]>();
  for (const answer of answers) {
    const group = groups.get(answer.objectId) ?? [];
    group.push(answer);
    groups.set(answer.objectId, group);
  }
  return groups;
}

function sortedIds(answers: readonly ClassAnswer[]): number[] {
  return [...new Set(answers.map((a) => a.objectId))].sort((x, y) => x - y);
}

function isTwoDecimalConfidence(c: number): boolean {
  return c >= 0 && c <= 1 && pythonRound2(c) === c && Math.abs(c * 100 - Math.round(c * 100)) < 1e-9;
}

describe.each(METHODS)("single-label %s: properties", (method) => {
  it("covers exactly the answered objects, ascending, with labels in range and 2-decimal confidences", () => {
    fc.assert(
      fc.property(singleLabelJob, ({ labelCount, answers }) => {
        const results = consolidateSingleLabel(method, answers, labelCount);
        expect(results.map((r) => r.objectId)).toEqual(sortedIds(answers));
        const groups = byObject(answers);
        for (const r of results) {
          expect(Number.isInteger(r.label) && r.label >= 0 && r.label < labelCount).toBe(true);
          expect(isTwoDecimalConfidence(r.confidence)).toBe(true);
          const group = groups.get(r.objectId)!;
          if (group.length === 1)
            expect(r).toEqual({ objectId: r.objectId, label: group[0]!.labels[0], confidence: 0 });
        }
      }),
      { numRuns: 300 },
    );
  });

  it("is deterministic and independent of the order of the answers", () => {
    fc.assert(
      fc.property(
        singleLabelJob.chain((job) =>
          fc.tuple(fc.constant(job), fc.shuffledSubarray(job.answers, { minLength: job.answers.length })),
        ),
        ([{ labelCount, answers }, reordered]) => {
          const results = consolidateSingleLabel(method, answers, labelCount);
          expect(consolidateSingleLabel(method, answers, labelCount)).toEqual(results);
          expect(consolidateSingleLabel(method, reordered, labelCount)).toEqual(results);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("keeps the last of a worker's repeated answers to an object", () => {
    fc.assert(
      fc.property(
        singleLabelJob,
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 10 }),
        ({ labelCount, answers }, repeats) => {
          fc.pre(answers.length > 0);
          // Earlier answers from the same worker to the same object, placed before the real one.
          const earlier = repeats.map(([pick, label]) => {
            const original = answers[pick % answers.length]!;
            return { ...original, labels: [label % labelCount] };
          });
          const withRepeats = [...earlier, ...answers];
          expect(consolidateSingleLabel(method, withRepeats, labelCount)).toEqual(
            consolidateSingleLabel(method, answers, labelCount),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("single-label majority vote: properties", () => {
  it("picks one of the most frequent labels (the lowest), confidence = its share", () => {
    fc.assert(
      fc.property(singleLabelJob, ({ labelCount, answers }) => {
        const groups = byObject(answers);
        for (const r of consolidateSingleLabel("majority-vote", answers, labelCount)) {
          const group = groups.get(r.objectId)!;
          const votes = new Array<number>(labelCount).fill(0);
          for (const a of group) votes[a.labels[0]!]! += 1;
          const top = Math.max(...votes);
          expect(votes[r.label]).toBe(top);
          expect(votes.indexOf(top)).toBe(r.label);
          expect(r.confidence).toBe(group.length === 1 ? 0 : pythonRound2(top / group.length));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe.each(METHODS)("multi-label %s: properties", (method) => {
  it("covers the answered objects; labels ascending, distinct, in range; 2-decimal confidences", () => {
    fc.assert(
      fc.property(multiLabelJob, ({ labelCount, answers }) => {
        const results = consolidateMultiLabel(method, answers, labelCount);
        expect(results.map((r) => r.objectId)).toEqual(sortedIds(answers));
        const groups = byObject(answers);
        for (const r of results) {
          expect(r.confidences).toHaveLength(r.labels.length);
          r.labels.forEach((label, k) => {
            expect(Number.isInteger(label) && label >= 0 && label < labelCount).toBe(true);
            if (k > 0) expect(label).toBeGreaterThan(r.labels[k - 1]!);
          });
          for (const c of r.confidences) expect(isTwoDecimalConfidence(c)).toBe(true);
          const group = groups.get(r.objectId)!;
          if (group.length === 1) {
            const own = [...new Set(group[0]!.labels)].sort((x, y) => x - y);
            expect(r).toEqual({ objectId: r.objectId, labels: own, confidences: own.map(() => 0) });
          } else if (method === "majority-vote") {
            for (let label = 0; label < labelCount; label++) {
              const chose = group.filter((a) => a.labels.includes(label)).length;
              const k = r.labels.indexOf(label);
              expect(k >= 0).toBe(2 * chose > group.length);
              if (k >= 0) expect(r.confidences[k]).toBe(pythonRound2(chose / group.length));
            }
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it("is deterministic and independent of the order of the answers", () => {
    fc.assert(
      fc.property(
        multiLabelJob.chain((job) =>
          fc.tuple(fc.constant(job), fc.shuffledSubarray(job.answers, { minLength: job.answers.length })),
        ),
        ([{ labelCount, answers }, reordered]) => {
          const results = consolidateMultiLabel(method, answers, labelCount);
          expect(consolidateMultiLabel(method, answers, labelCount)).toEqual(results);
          expect(consolidateMultiLabel(method, reordered, labelCount)).toEqual(results);
        },
      ),
      { numRuns: 200 },
    );
  });
});
