/**
 * Krippendorff's alpha for nominal data, with missing data (Krippendorff, "Computing Krippendorff's
 * Alpha-Reliability", 2011, section C):
 *
 *   alpha = 1 - D_o / D_e,   D_o = (1/n) Σ_{c≠k} o_ck,   D_e = 1/(n(n-1)) Σ_{c≠k} n_c n_k
 *
 * where o_ck is the coincidence matrix (each unit u with m_u ≥ 2 values adds every ordered pair of
 * its values with weight 1/(m_u - 1)), n_c the marginal count of value c and n the number of
 * pairable values. Units with fewer than two values cannot be paired and drop out.
 */

/** Why alpha has no value: there is nothing to pair, or every pairable value is the same. */
export type AlphaUndefinedReason = "no-pairable-units" | "no-variation";

export interface AlphaResult {
  /** Undefined when the data cannot tell agreement from chance (see `undefinedBecause`). */
  alpha: number | undefined;
  undefinedBecause?: AlphaUndefinedReason;
  /** Units with at least two values: the only ones that count. */
  pairableUnits: number;
  /** n: the values in pairable units. */
  pairableValues: number;
  /** D_o and D_e, both 0 when there is nothing to pair. */
  observedDisagreement: number;
  expectedDisagreement: number;
}

/**
 * Alpha over units of nominal values: each unit lists the values its coders gave (a missing value
 * is simply absent). Values are compared for equality only.
 */
export function nominalAlpha(units: Iterable<readonly string[]>): AlphaResult {
  const marginals = new Map<string, number>();
  let pairableUnits = 0;
  let n = 0;
  // Σ_c o_cc: the agreeing (diagonal) mass of the coincidence matrix.
  let agreeing = 0;
  for (const values of units) {
    const m = values.length;
    if (m < 2) continue;
    pairableUnits += 1;
    n += m;
    const counts = new Map<string, number>();
    for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
    for (const [value, count] of counts) {
      agreeing += (count * (count - 1)) / (m - 1);
      marginals.set(value, (marginals.get(value) ?? 0) + count);
    }
  }
  if (n < 2) {
    return {
      alpha: undefined,
      undefinedBecause: "no-pairable-units",
      pairableUnits,
      pairableValues: n,
      observedDisagreement: 0,
      expectedDisagreement: 0,
    };
  }
  let sameValuePairs = 0;
  for (const count of marginals.values()) sameValuePairs += count * count;
  // Σ_{c≠k} o_ck = n - Σ_c o_cc, since each unit's row of the matrix sums to m_u.
  const observed = (n - agreeing) / n;
  const expected = (n * n - sameValuePairs) / (n * (n - 1));
  if (expected === 0) {
    return {
      alpha: undefined,
      undefinedBecause: "no-variation",
      pairableUnits,
      pairableValues: n,
      observedDisagreement: observed,
      expectedDisagreement: 0,
    };
  }
  return {
    alpha: 1 - observed / expected,
    pairableUnits,
    pairableValues: n,
    observedDisagreement: observed,
    expectedDisagreement: expected,
  };
}
