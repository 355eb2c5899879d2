/**
 * Rounding to 2 decimals, exactly as the two Python spellings of `round(x, 2)` behave.
 *
 * - `pythonRound2` is Python 3's `round(float, 2)`: the exact binary value of `x` is rounded to the
 *   nearest multiple of 0.01; only an exact decimal tie (possible only when 8·x is an odd integer,
 *   i.e. x ends in .125, .375, .625 or .875) goes to the even last digit. 2.675 is really
 *   2.67499999999999982236431605997495353221893310546875, so it gives 2.67; 0.125 gives 0.12.
 * - `numpyRound2` is `round(np.float64, 2)` (= `np.round`): multiply by 100, round half to even
 *   (`rint`), divide by 100 — so 2.675 gives 2.68 because 2.675 * 100 is exactly 267.5 in binary.
 *
 * The AWS notebook rounds `max(label_estimate)`, a numpy float64, so its confidences follow
 * `numpyRound2`; the two differ only within an ulp or so of a .xx5 boundary.
 */

/** Python 3 `round(x, 2)` on a float. */
export function pythonRound2(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  // ECMAScript defines toFixed on the exact value of x: the nearest multiple of 0.01, and on an exact
  // tie the one larger in magnitude. Python differs only on those exact ties (8·x odd), where it picks
  // the even digit; the larger candidate then always ends in 3 (.13 .38 .63 .88), the even one in 2.
  const fixed = x.toFixed(2);
  const y = x * 8; // exact: scaling by a power of two
  if (Number.isInteger(y) && Math.abs(y % 2) === 1 && fixed.endsWith("3")) {
    return Number(`${fixed.slice(0, -1)}2`);
  }
  return Number(fixed);
}

/** numpy's `round(np.float64(x), 2)`: `rint(x * 100) / 100` with IEEE double steps. */
export function numpyRound2(x: number): number {
  if (!Number.isFinite(x)) return x;
  const scaled = x * 100;
  const floor = Math.floor(scaled);
  const fraction = scaled - floor; // exact for any double
  let rounded: number;
  if (fraction < 0.5) rounded = floor;
  else if (fraction > 0.5) rounded = floor + 1;
  else rounded = floor % 2 === 0 ? floor : floor + 1;
  // rint keeps the sign of a value that rounds to zero (rint(-0.3) is -0.0).
  if (rounded === 0 && (scaled < 0 || Object.is(scaled, -0))) rounded = -0;
  return rounded / 100;
}
