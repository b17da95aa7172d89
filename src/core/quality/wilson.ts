/**
 * The Wilson score interval for a proportion (Wilson 1927; method 3 of Newcombe 1998): the values of p that
 * a score test at the given confidence level would not reject, i.e. the p with |p̂ − p| ≤ z·√(p(1 − p)/n).
 *
 * With the finite population correction (the sample of n drawn without replacement from a population of
 * N), the variance p(1 − p)/n is multiplied by (N − n)/(N − 1), which is the same as an effective sample size
 * n·(N − 1)/(N − n): the interval is the score inversion at that size. A sample of the whole population
 * (n = N) has no sampling error, and its interval is the point p̂.
 */
import { zForConfidence } from './normal.js';

export interface IntervalOptions {
  /** Confidence level in per cent (default 80, the inspection's sampling level). */
  readonly confidence?: number;
  /** Size of the population the trials were drawn from, without replacement; omitted or null when unknown. */
  readonly population?: number | null;
}

export interface ProportionInterval {
  readonly successes: number;
  readonly trials: number;
  /** p̂ = successes / trials. */
  readonly estimate: number;
  /** Both ends as proportions in [0, 1], lower ≤ p̂ ≤ upper. */
  readonly lower: number;
  readonly upper: number;
  readonly confidence: number;
  readonly z: number;
  /** The population used for the finite population correction, or null. */
  readonly population: number | null;
  /** (N − n)/(N − 1), the factor on the variance; 1 without a population. */
  readonly correction: number;
}

export const DEFAULT_CONFIDENCE = 80;

/** The Wilson score interval of successes out of trials (trials ≥ 1). */
export function wilsonInterval(successes: number, trials: number, options: IntervalOptions = {}): ProportionInterval {
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  const population = options.population ?? null;
  if (!Number.isInteger(trials) || trials < 1) throw new RangeError(`an interval needs at least one trial, got ${trials}`);
  if (!Number.isInteger(successes) || successes < 0 || successes > trials) throw new RangeError(`successes must be a whole number from 0 to ${trials}, got ${successes}`);
  if (population !== null && !(Number.isFinite(population) && population >= trials)) {
    throw new RangeError(`the population (${population}) cannot be smaller than the sample (${trials})`);
  }
  const z = zForConfidence(confidence);
  const estimate = successes / trials;
  // (N − n)/(N − 1); a population of one case sampled whole has no error either.
  const correction = population === null ? 1 : population <= 1 ? 0 : Math.max(0, (population - trials) / (population - 1));
  if (correction === 0) return { successes, trials, estimate, lower: estimate, upper: estimate, confidence, z, population, correction };
  const n = trials / correction;
  const z2n = (z * z) / n;
  const centre = (estimate + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((estimate * (1 - estimate)) / n + (z * z) / (4 * n * n));
  // At p̂ = 0 or 1 one end is exactly p̂: floating-point noise must not push it past.
  const lower = successes === 0 ? 0 : Math.min(estimate, Math.max(0, centre - half));
  const upper = successes === trials ? 1 : Math.max(estimate, Math.min(1, centre + half));
  return { successes, trials, estimate, lower, upper, confidence, z, population, correction };
}
