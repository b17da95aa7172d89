/**
 * Bands, scores and overall ratings. Everything is decided on exact integer arithmetic
 * (yes × 100 against boundary × relevant), never on a rounded or floating percentage, so 64.5% is
 * 'Requires improvement' however it would be printed.
 */
import { RATINGS, type Rating } from '../framework/types.js';

/** Lower edges of Requires improvement, Good and Outstanding, in percent. */
export const BAND_BOUNDARIES = [50, 65, 80] as const;

/** How far (in percentage points, either side, inclusive) a figure may be from a boundary for discretion. */
export const DISCRETION_MARGIN = 5;

/** A sub-sample this small (or smaller) makes a standard eligible for discretion. */
export const SMALL_SAMPLE = 5;

export const RATING_SCORE: Readonly<Record<Rating, number>> = {
  Inadequate: 0,
  'Requires improvement': 1,
  Good: 2,
  Outstanding: 3,
};

/** The band of yes out of relevant (relevant > 0). */
export function bandOf(yes: number, relevant: number): Rating {
  const scaled = yes * 100;
  if (scaled < 50 * relevant) return 'Inadequate';
  if (scaled < 65 * relevant) return 'Requires improvement';
  if (scaled < 80 * relevant) return 'Good';
  return 'Outstanding';
}

/** The exact percentage (62.5, 66.666…), for display; never used to band. */
export function percentOf(yes: number, relevant: number): number {
  return (yes * 100) / relevant;
}

/** True when yes/relevant is within DISCRETION_MARGIN points of 50, 65 or 80 (either side, inclusive). */
export function withinFivePoints(yes: number, relevant: number): boolean {
  const scaled = yes * 100;
  return BAND_BOUNDARIES.some((b) => Math.abs(scaled - b * relevant) <= DISCRETION_MARGIN * relevant);
}

/** Compares a/b with c/d exactly (b, d > 0): negative, zero or positive. */
export function compareFractions(a: number, b: number, c: number, d: number): number {
  return a * d - c * b;
}

export function ratingIndex(rating: Rating): number {
  return RATINGS.indexOf(rating);
}

/** Overall rating from the 0–36 score over the 12 counted standards: 0–6, 7–18, 19–30, 31–36. */
export function overallFromScore(score: number): Rating {
  if (score <= 6) return 'Inadequate';
  if (score <= 18) return 'Requires improvement';
  if (score <= 30) return 'Good';
  return 'Outstanding';
}
