import { describe, expect, it } from "vitest";
import { truthFor } from "./truth.js";

const LABELS = ["Sports", "News", "Music"];
const single = { labels: LABELS, seed: "0", multiLabel: false };
const multi = { ...single, multiLabel: true };
const object = (datasetObjectId: string, line: Record<string, unknown>) => ({ datasetObjectId, line });

describe("the truth of a data object", () => {
  it("comes from a manifest attribute: a label, a list of labels, or label indices", () => {
    const source = { attribute: "true-label" };
    expect(truthFor(source, object("0", { "true-label": "News" }), single)).toEqual({ labels: ["News"] });
    expect(truthFor(source, object("0", { "true-label": ["Music", "News"] }), multi)).toEqual({
      labels: ["Music", "News"],
    });
    // A Ground Truth output manifest holds the class index; fed back as input, it names the label.
    expect(truthFor(source, object("0", { "true-label": 2 }), single)).toEqual({ labels: ["Music"] });
    expect(truthFor(source, object("0", { "true-label": [0, 2] }), multi)).toEqual({
      labels: ["Sports", "Music"],
    });
  });

  it("keeps one label for a single-label job", () => {
    expect(truthFor({ attribute: "t" }, object("0", { t: ["News", "Music"] }), single)).toEqual({
      labels: ["News"],
    });
  });

  it("says what is wrong when the attribute is missing or unusable", () => {
    expect(truthFor({ attribute: "t" }, object("4", {}), single)).toEqual({
      error: 'Object 4 has no "t" attribute to take the truth from.',
    });
    expect(truthFor({ attribute: "t" }, object("4", { t: { a: 1 } }), single)).toMatchObject({
      error: expect.stringContaining('The "t" attribute of object 4 is not a label') as unknown,
    });
    expect(truthFor({ attribute: "t" }, object("4", { t: 7 }), single)).toHaveProperty("error");
  });

  it("comes from a map keyed by source-ref, source or dataset object id", () => {
    const source = { map: { "s3://b/a.mp4": "News", "some text": "Music", "2": ["Sports", "News"] } };
    expect(truthFor(source, object("0", { "source-ref": "s3://b/a.mp4" }), single)).toEqual({
      labels: ["News"],
    });
    expect(truthFor(source, object("1", { source: "some text" }), single)).toEqual({ labels: ["Music"] });
    expect(truthFor(source, object("2", { source: "other" }), multi)).toEqual({ labels: ["Sports", "News"] });
    expect(truthFor(source, object("3", { source: "other" }), single)).toHaveProperty("error");
  });

  it("is drawn per object from the seed when uniformly random, the same for every worker", () => {
    const draws = Array.from({ length: 300 }, (_, id) =>
      truthFor("uniform-random", object(String(id), {}), single),
    );
    const again = Array.from({ length: 300 }, (_, id) =>
      truthFor("uniform-random", object(String(id), {}), single),
    );
    expect(again).toEqual(draws);
    const labels = new Set(draws.flatMap((draw) => ("labels" in draw ? draw.labels : [])));
    expect([...labels].sort()).toEqual(["Music", "News", "Sports"]);
    const reseeded = Array.from({ length: 300 }, (_, id) =>
      truthFor("uniform-random", object(String(id), {}), { ...single, seed: "1" }),
    );
    expect(reseeded).not.toEqual(draws);
    expect(truthFor("uniform-random", object("0", {}), { ...single, labels: [] })).toHaveProperty("error");
  });
});
