import { describe, expect, it } from "vitest";
import { answerJson, scriptedAnswerJson, simulatedLabels } from "./answer-generation.js";
import type { AnswerBehaviour } from "./policy.js";
import { randomFor } from "./seeded-random.js";

const LABELS = ["Sports", "News", "Music"];
const accuracy = (value: number): AnswerBehaviour => ({ kind: "accuracy", accuracy: value });

/** Answers of many (worker, object) keys: the share of each answered label. */
function shares(behaviour: AnswerBehaviour, truth: string[], draws = 20_000): Map<string, number> {
  const counts = new Map<string, number>();
  for (let object = 0; object < draws; object++) {
    const answered = simulatedLabels(behaviour, truth, LABELS, randomFor("0", "answer", "w", String(object)));
    for (const label of answered) counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return new Map([...counts].map(([label, count]) => [label, count / draws]));
}

describe("simulated answers", () => {
  it("with accuracy 1 always answer the truth, with accuracy 0 never", () => {
    expect(shares(accuracy(1), ["News"], 2000)).toEqual(new Map([["News", 1]]));
    const wrong = shares(accuracy(0), ["News"]);
    expect(wrong.has("News")).toBe(false);
    // The mistakes spread uniformly over the other labels.
    expect(wrong.get("Sports")).toBeCloseTo(0.5, 1);
    expect(wrong.get("Music")).toBeCloseTo(0.5, 1);
  });

  it("answer the truth with the worker's accuracy, otherwise another label uniformly", () => {
    const answered = shares(accuracy(0.7), ["Sports"]);
    expect(answered.get("Sports")).toBeCloseTo(0.7, 1);
    expect(answered.get("News")).toBeCloseTo(0.15, 1);
    expect(answered.get("Music")).toBeCloseTo(0.15, 1);
  });

  it("draw from the truth's confusion row with its weights normalised; a truth without a row stays", () => {
    const confusion: AnswerBehaviour = { kind: "confusion", matrix: { Sports: { Sports: 1, Music: 3 } } };
    const answered = shares(confusion, ["Sports"]);
    expect(answered.get("Sports")).toBeCloseTo(0.25, 1);
    expect(answered.get("Music")).toBeCloseTo(0.75, 1);
    expect(shares(confusion, ["News"], 500)).toEqual(new Map([["News", 1]]));
  });

  it("answer the only label of a one-label job, and an unknown truth as it is", () => {
    expect(simulatedLabels(accuracy(0), ["Only"], ["Only"], randomFor("x"))).toEqual(["Only"]);
    expect(simulatedLabels(accuracy(0), ["Opera"], LABELS, randomFor("x"))).toEqual(["Opera"]);
  });

  it("for multi-label jobs, put each true label through the rule and answer the set, in label order", () => {
    expect(simulatedLabels(accuracy(1), ["Music", "Sports"], LABELS, randomFor("y"))).toEqual([
      "Sports",
      "Music",
    ]);
    for (let object = 0; object < 200; object++) {
      const answered = simulatedLabels(accuracy(0.5), ["Music", "Sports"], LABELS, randomFor(String(object)));
      expect(answered.length).toBeGreaterThan(0);
      expect(answered).toEqual([...answered].sort((a, b) => LABELS.indexOf(a) - LABELS.indexOf(b)));
    }
  });

  it("are shaped as the crowd-form sends them, scripted ones too", () => {
    expect(answerJson("crowd-classifier", ["News"], false)).toEqual({
      "crowd-classifier": { label: "News" },
    });
    expect(answerJson("tags", ["News", "Music"], true)).toEqual({ tags: { labels: ["News", "Music"] } });
    expect(scriptedAnswerJson("News", "c", false)).toEqual({ c: { label: "News" } });
    expect(scriptedAnswerJson("News", "c", true)).toEqual({ c: { labels: ["News"] } });
    expect(scriptedAnswerJson(["News", "Music"], "c", true)).toEqual({ c: { labels: ["News", "Music"] } });
    expect(scriptedAnswerJson({ mine: { label: "X" } }, "c", false)).toEqual({ mine: { label: "X" } });
  });
});
