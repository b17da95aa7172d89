/**
 * The standard normal quantile, from a well-kept statistics library (stdlib's normal quantile, which inverts
 * the error function with Boost's rational approximations, accurate to double precision), and the two-sided
 * z of a confidence level.
 */
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';

/** The p-quantile of the standard normal distribution (0 < p < 1). */
export function standardNormalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`the normal quantile needs 0 < p < 1, got ${p}`);
  return normalQuantile(p, 0, 1);
}

/** Two-sided z for a confidence level in per cent: 80 → 1.2816, 95 → 1.9600. */
export function zForConfidence(confidencePercent: number): number {
  if (!(confidencePercent > 0 && confidencePercent < 100)) {
    throw new RangeError(`a confidence level must be above 0 and below 100 per cent, got ${confidencePercent}`);
  }
  return standardNormalQuantile(1 - (1 - confidencePercent / 100) / 2);
}
