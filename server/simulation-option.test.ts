import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { temporaryDataDir } from "../test/helpers/test-server.js";
import { readSimulationOption } from "./simulation-option.js";

describe("--simulate and GT_LOCAL_SIMULATE", () => {
  const folder = temporaryDataDir();
  afterAll(() => {
    folder.remove();
  });

  it("take a policy as JSON, or @ and a file holding it", () => {
    expect(readSimulationOption('{"workers": 3, "seed": 1}')).toEqual({ workers: 3, seed: 1 });
    const file = join(folder.dir, "policy.json");
    writeFileSync(file, '{"truth": {"attribute": "true-label"}}');
    expect(readSimulationOption(`@${file}`)).toEqual({ truth: { attribute: "true-label" } });
  });

  it("say what is wrong with a value", () => {
    expect(() => readSimulationOption("{workers: 3}")).toThrow(
      /^is not a JSON simulation policy \(or @file\): /u,
    );
    expect(() => readSimulationOption(`@${join(folder.dir, "missing.json")}`)).toThrow(
      /^cannot read the policy file .*missing\.json: ENOENT/u,
    );
    expect(() => readSimulationOption('{"accuracy": 2}')).toThrow(
      '"accuracy" must be a number from 0 to 1, not the number 2.',
    );
  });
});
