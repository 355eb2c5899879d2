import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { numpyRound2, pythonRound2 } from "./rounding.js";

/**
 * Exact reference for Python's round(x, 2): x·100 as an exact rational (a BigInt over a power of
 * two), rounded half to even, then the nearest double to n/100 (an IEEE division of two exact
 * integers is correctly rounded, as Python's strtod of the decimal digits is).
 */
function exactRound2(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  const exponentBits = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & 0xfffffffffffffn;
  let exponent: number;
  if (exponentBits === 0) exponent = -1074;
  else {
    mantissa |= 1n << 52n;
    exponent = exponentBits - 1075;
  }
  // |x| = mantissa · 2^exponent
  let n: bigint;
  if (exponent >= 0) n = mantissa * 100n * (1n << BigInt(exponent));
  else {
    const denominator = 1n << BigInt(-exponent);
    const numerator = mantissa * 100n;
    n = numerator / denominator;
    const twiceRemainder = 2n * (numerator % denominator);
    if (twiceRemainder > denominator || (twiceRemainder === denominator && n % 2n === 1n)) n += 1n;
  }
  const magnitude = Number(n) / 100;
  return x < 0 ? -magnitude : magnitude;
}

/** Doubles within a few ulps of every .xx5 boundary in [0, 3]. */
function nearTies(): number[] {
  const values: number[] = [];
  const view = new DataView(new ArrayBuffer(8));
  for (let k = 0; k < 300; k++) {
    const centre = (k + 0.5) / 100;
    view.setFloat64(0, centre);
    const bits = view.getBigInt64(0);
    for (let d = -3n; d <= 3n; d++) {
      view.setBigInt64(0, bits + d);
      values.push(view.getFloat64(0));
    }
  }
  return values;
}

describe("pythonRound2 (Python 3 round(x, 2))", () => {
  it.each([
    [0.125, 0.12], // exact binary tie → even digit
    [0.375, 0.38],
    [0.625, 0.62],
    [0.875, 0.88],
    [-0.125, -0.12],
    [1.125, 1.12],
    [0.675, 0.68], // 0.675 is 0.67500000000000004440892098500626…
    [2.675, 2.67], // 2.675 is 2.67499999999999982236431605997495…
    [1.005, 1], // 1.00499999999999989341858963598497211933135986328125
    [0.005, 0.01], // 0.005000000000000000104083408558608425664715468883514404296875
    [0.015, 0.01], // 0.01499999999999999944488848768742172978818416595458984375
    [0.285, 0.28],
    [1 / 3, 0.33],
    [2 / 3, 0.67],
    [0.5, 0.5],
    [1, 1],
    [0, 0],
  ])("round(%s, 2) = %s", (x, expected) => {
    expect(pythonRound2(x)).toBe(expected);
  });

  it("keeps signed zero, infinities and NaN as Python does", () => {
    expect(Object.is(pythonRound2(-0.001), -0)).toBe(true);
    expect(Object.is(pythonRound2(-0), -0)).toBe(true);
    expect(pythonRound2(Infinity)).toBe(Infinity);
    expect(pythonRound2(Number.NaN)).toBeNaN();
  });

  it("equals the exact rational rounding on every near-tie in [0, 3]", () => {
    for (const x of nearTies()) expect(pythonRound2(x), String(x)).toBe(exactRound2(x));
  });

  it("equals the exact rational rounding on random doubles", () => {
    fc.assert(
      fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), (x) => {
        expect(pythonRound2(x)).toBe(exactRound2(x));
      }),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: -8_000_000, max: 8_000_000 }), (m) => {
        // every multiple of 1/8, including all exact ties
        expect(pythonRound2(m / 8)).toBe(exactRound2(m / 8));
      }),
      { numRuns: 5000 },
    );
  });
});

describe("numpyRound2 (round(np.float64(x), 2) = rint(x * 100) / 100)", () => {
  it.each([
    [2.675, 2.68], // 2.675 * 100 is exactly 267.5 → rint → 268
    [0.005, 0], // 0.5 → 0 (half to even)
    [0.015, 0.02], // 1.5 → 2
    [0.125, 0.12],
    [0.375, 0.38],
    [0.675, 0.68],
    [1 / 3, 0.33],
    [2 / 3, 0.67],
    [1, 1],
  ])("round(np.float64(%s), 2) = %s", (x, expected) => {
    expect(numpyRound2(x)).toBe(expected);
  });

  it("differs from Python's round only next to .xx5 boundaries", () => {
    expect(pythonRound2(2.675)).not.toBe(numpyRound2(2.675));
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (x) => {
        const scaled = x * 100;
        if (Math.abs(scaled - Math.floor(scaled) - 0.5) > 1e-9) {
          expect(numpyRound2(x)).toBe(pythonRound2(x));
        }
      }),
      { numRuns: 5000 },
    );
  });
});
