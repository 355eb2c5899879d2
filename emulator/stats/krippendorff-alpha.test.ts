import { describe, expect, it } from "vitest";
import { nominalAlpha } from "./krippendorff-alpha.js";

/** Coders as rows, units as columns, `*` for a missing value: the layout of the published examples. */
function unitsOf(rows: readonly string[]): string[][] {
  const table = rows.map((row) => row.trim().split(/\s+/u));
  const width = Math.max(...table.map((row) => row.length));
  return Array.from({ length: width }, (_, unit) =>
    table.flatMap((row) => {
      const value = row[unit];
      return value === undefined || value === "*" ? [] : [value];
    }),
  );
}

describe("Krippendorff's alpha for nominal data", () => {
  it("gives 0.743 on Krippendorff's own example: 4 coders, 12 units, missing data", () => {
    // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C.
    const units = unitsOf([
      "1 2 3 3 2 1 4 1 2 * * *",
      "1 2 3 3 2 2 4 1 2 5 * 3",
      "* 3 3 3 2 3 4 2 2 5 1 *",
      "1 2 3 3 2 4 4 1 2 5 1 *",
    ]);
    const result = nominalAlpha(units);
    expect(result.alpha).toBeCloseTo(0.743, 3);
    // Unit 12 has a single value and drops out; the other 11 hold n = 40 pairable values.
    expect(result.pairableUnits).toBe(11);
    expect(result.pairableValues).toBe(40);
  });

  it("gives 0.691 on the Wikipedia example: 3 coders, 15 units, missing data", () => {
    const units = unitsOf([
      "* * * * * 3 4 1 2 1 1 3 3 * 3",
      "1 * 2 1 3 3 4 3 * * * * * * *",
      "* * 2 1 3 4 4 * 2 1 1 3 3 * 4",
    ]);
    const result = nominalAlpha(units);
    expect(result.alpha).toBeCloseTo(0.691, 3);
    expect(result.pairableValues).toBe(26);
  });

  it("is 1 for perfect agreement when more than one value is used", () => {
    expect(
      nominalAlpha([
        ["a", "a"],
        ["b", "b", "b"],
        ["a", "a"],
      ]).alpha,
    ).toBe(1);
  });

  it("is below 0 when coders disagree more than chance would have them", () => {
    // Two coders who always pick different values of two.
    const result = nominalAlpha([
      ["a", "b"],
      ["b", "a"],
      ["a", "b"],
    ]);
    expect(result.alpha).toBeLessThan(0);
  });

  it("is undefined when every value is the same: no disagreement was possible", () => {
    const result = nominalAlpha([["a", "a"], ["a", "a", "a"], ["a"]]);
    expect(result).toMatchObject({ alpha: undefined, undefinedBecause: "no-variation", pairableUnits: 2 });
  });

  it("is undefined when no unit has two values to pair", () => {
    const result = nominalAlpha([["a"], ["b"], []]);
    expect(result).toMatchObject({
      alpha: undefined,
      undefinedBecause: "no-pairable-units",
      pairableUnits: 0,
      pairableValues: 0,
    });
    expect(nominalAlpha([]).undefinedBecause).toBe("no-pairable-units");
  });

  it("does not depend on the order of units or of values within a unit", () => {
    const units = [
      ["x", "y", "x"],
      ["y", "y"],
      ["z", "x", "z", "z"],
    ];
    const reordered = [
      ["z", "z", "x", "z"],
      ["x", "x", "y"],
      ["y", "y"],
    ];
    expect(nominalAlpha(reordered).alpha).toBeCloseTo(nominalAlpha(units).alpha ?? Number.NaN, 12);
  });
});
