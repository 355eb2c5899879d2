import { describe, expect, it } from "vitest";
import { answerValue, canonicalJson, consolidatedValue, failureReasonOf } from "./answer-values.js";

describe("answer values", () => {
  it("reads a classifier answer as its label", () => {
    expect(answerValue({ "crowd-classifier": { label: "Sports" } }, false)).toEqual({
      key: "Sports",
      labels: ["Sports"],
    });
  });

  it("reads a multi-label answer as its set, whatever order the labels were chosen in", () => {
    const first = answerValue({ category: { labels: ["News", "Music"] } }, true);
    const second = answerValue({ category: { labels: ["Music", "News"] } }, true);
    expect(first.key).toBe(second.key);
    expect(first.labels).toEqual(["News", "Music"]);
    expect(answerValue({ category: { labels: [] } }, true).key).not.toBe(first.key);
  });

  it("compares custom answers by their JSON with sorted keys", () => {
    const one = answerValue({ sentiment: { positive: true, negative: false }, note: "x" }, false);
    const two = answerValue({ note: "x", sentiment: { negative: false, positive: true } }, false);
    expect(one.key).toBe(two.key);
    expect(one.key).toBe('{"note":"x","sentiment":{"negative":false,"positive":true}}');
    expect(canonicalJson([{ b: 1, a: [2, { d: null, c: "é" }] }])).toBe(
      '[{"a":[2,{"c":"é","d":null}],"b":1}]',
    );
  });
});

describe("consolidated values", () => {
  it("reads a single label and its confidence from the metadata", () => {
    const content = { label: 1, "label-metadata": { "class-name": "News", confidence: 0.67 } };
    expect(consolidatedValue(content, "label")).toEqual({ key: "News", labels: ["News"], confidence: 0.67 });
  });

  it("reads a label set from class-map, in index order, with the mean confidence", () => {
    const content = {
      tags: [2, 0],
      "tags-metadata": { "class-map": { "2": "C", "0": "A" }, "confidence-map": { "2": 0.5, "0": 1 } },
    };
    const value = consolidatedValue(content, "tags");
    expect(value).toMatchObject({ labels: ["A", "C"], confidence: 0.75 });
    expect(value?.key).toBe(answerValue({ tags: { labels: ["C", "A"] } }, true).key);
  });

  it("has no value for a failed object, and gives its reason", () => {
    const content = { "label-metadata": { "failure-reason": "ClientError: nobody answered" } };
    expect(consolidatedValue(content, "label")).toBeUndefined();
    expect(failureReasonOf(content, "label")).toBe("ClientError: nobody answered");
    expect(consolidatedValue({}, "label")).toBeUndefined();
    expect(consolidatedValue(null, "label")).toBeUndefined();
  });
});
