import { describe, expect, it } from "vitest";
import { checkSimulationPolicy } from "./check-policy.js";
import { resolveWorkers } from "./policy.js";

const refusal = (policy: unknown): string => {
  try {
    checkSimulationPolicy(policy);
  } catch (error) {
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
  throw new Error("The policy was accepted");
};

describe("simulation policies", () => {
  it("accept every documented field and keep them as given", () => {
    const policy = {
      workers: [{ name: "ann", accuracy: 0.9 }, { confusion: { Sports: { Sports: 2, News: 1 } } }, {}],
      accuracy: 0.8,
      truth: { map: { "s3://b/a.mp4": "Sports", "1": ["News", "Music"] } },
      seed: "nightly",
      scripted: [{ worker: "ann", object: 0, answer: "News" }],
    };
    expect(checkSimulationPolicy(policy)).toEqual({
      ...policy,
      scripted: [{ worker: "ann", object: "0", answer: "News" }],
    });
    expect(checkSimulationPolicy({})).toEqual({});
    expect(checkSimulationPolicy({ workers: 5, truth: "uniform-random", seed: 3 })).toEqual({
      workers: 5,
      truth: "uniform-random",
      seed: 3,
    });
  });

  it("resolve to named workers: sim-<n> by default, the job's workers per object when not given", () => {
    const workers = resolveWorkers(
      checkSimulationPolicy({ workers: [{ name: "ann" }, { accuracy: 0.5 }, {}] }),
      9,
    );
    expect(workers).toEqual([
      { id: "ann", behaviour: { kind: "accuracy", accuracy: 1 } },
      { id: "sim-2", behaviour: { kind: "accuracy", accuracy: 0.5 } },
      { id: "sim-3", behaviour: { kind: "accuracy", accuracy: 1 } },
    ]);
    expect(resolveWorkers({ accuracy: 0.6 }, 2)).toEqual([
      { id: "sim-1", behaviour: { kind: "accuracy", accuracy: 0.6 } },
      { id: "sim-2", behaviour: { kind: "accuracy", accuracy: 0.6 } },
    ]);
  });

  it.each([
    [{ accuracy: 1.5 }, '"accuracy" must be a number from 0 to 1, not the number 1.5.'],
    [{ workers: [{ accuracy: -0.1 }] }, '"workers[0]".accuracy must be a number from 0 to 1'],
    [{ workers: 0 }, '"workers" must be a whole number from 1 to 1000'],
    [{ workers: [] }, '"workers" must be a number or a list of 1 to 1000 workers, not an empty list.'],
    [{ workers: [{ name: "a b" }] }, '"workers[0]".name must be 1 to 64 letters'],
    [{ workers: [{ name: "sim-2" }, {}] }, 'Two simulated workers are named "sim-2"'],
    [{ workers: [{ accuracy: 1, confusion: { A: { A: 1 } } }] }, 'gives both "accuracy" and "confusion"'],
    [{ workers: [{ confusion: { A: { A: -1 } } }] }, '.confusion["A"]["A"] must be a weight of 0 or more'],
    [
      { workers: [{ confusion: { A: { A: 0 } } }] },
      'The weights of "workers[0]".confusion["A"] must add up to more than 0.',
    ],
    [
      { truth: "random" },
      '"truth" must be "uniform-random", {"attribute": "<manifest attribute>"} or {"map": {...}}',
    ],
    [{ truth: { attribute: "a", map: {} } }, '"truth" takes exactly one of "attribute" and "map".'],
    [{ truth: { map: { x: [] } } }, '"truth.map"["x"] must be a label or a non-empty list of labels'],
    [{ seed: true }, '"seed" must be a number or a string, not a boolean.'],
    [{ scripted: [{ worker: "a", object: "0" }] }, '"scripted[0]".answer must be a label'],
    [
      {
        scripted: [
          { worker: "a", object: 0, answer: "x" },
          { worker: "a", object: "0", answer: "y" },
        ],
      },
      'scripts worker "a" on object "0" a second time',
    ],
    [{ acuracy: 0.5 }, 'The simulation policy has unknown field "acuracy"'],
    [[], "The simulation policy must be a JSON object, not an empty list."],
  ])("refuse %j with a message naming the field", (policy, message) => {
    const refused = refusal(policy);
    expect(refused).toContain("ValidationException: ");
    expect(refused).toContain(message);
  });
});
