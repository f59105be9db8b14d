/**
 * Scores are handled as integer hundredths of a point ("cents") from the sheet totals to the
 * ranking, so that no float error can move an application across a cut-off or a tie.
 *
 * Rounding rule (the one stated to applicants): half-up to two decimals, i.e. to the nearest
 * hundredth, and a value exactly halfway goes up (towards +∞): 70.005 → 70.01, 82.333… → 82.33.
 * A mean is computed as an exact integer division on the cents (BigInt), never in floats.
 */

/** Hundredths of a point, half-up, from a number that may carry float noise (e.g. 70.00499999). */
export function toCents(points: number): number {
  // toFixed(6) removes the noise of binary fractions before the half-up step.
  return Math.floor(Number((points * 100).toFixed(6)) + 0.5);
}

/** Points with two decimals, from cents (for views, CSV and numeric(6,2) columns). */
export function fromCents(cents: number): number {
  return cents / 100;
}

/** numerator / denominator rounded half-up (towards +∞), exactly, on integers. */
export function divideHalfUp(numerator: number, denominator: number): number {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator <= 0) {
    throw new RangeError('divideHalfUp needs safe integers and a positive denominator');
  }
  const n = BigInt(numerator);
  const d = BigInt(denominator);
  // floor((2n + d) / 2d) = floor(n/d + 1/2); BigInt division truncates, so fix negatives.
  const twice = 2n * n + d;
  const q = twice / (2n * d);
  return Number(twice < 0n && twice % (2n * d) !== 0n ? q - 1n : q);
}

/** Two-decimal text of cents, e.g. 8233 → "82.33" (CSV, hashes). */
export function centsText(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
