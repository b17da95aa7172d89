/**
 * One case-assessed standard from its key-question figures: the lowest key question(s), the computed
 * rating (the band of the lowest) and whether the ratings panel may use professional discretion.
 */
import type { Rating } from '../framework/types.js';
import { SMALL_SAMPLE, bandOf, compareFractions, withinFivePoints } from './bands.js';
import type { DiscretionReason } from './schema.js';

export interface Figure {
  readonly id: string;
  readonly relevant: number;
  readonly yes: number;
}

export interface ComputedStandard {
  /** null when no key question has a relevant case: the standard is unrated. */
  readonly computedRating: Rating | null;
  readonly lowestKeyQuestions: readonly string[];
  readonly lowestPercent: number | null;
  readonly reasons: readonly DiscretionReason[];
}

/** Band of the lowest key question among those with relevant cases, or null. */
export function lowestBand(figures: readonly Figure[]): Rating | null {
  let best: Figure | undefined;
  for (const f of figures) {
    if (f.relevant === 0) continue;
    if (!best || compareFractions(f.yes, f.relevant, best.yes, best.relevant) < 0) best = f;
  }
  return best ? bandOf(best.yes, best.relevant) : null;
}

export function computeStandard(figures: readonly Figure[]): ComputedStandard {
  const rated = figures.filter((f) => f.relevant > 0);
  if (rated.length === 0) return { computedRating: null, lowestKeyQuestions: [], lowestPercent: null, reasons: [] };
  let lowest: Figure[] = [];
  for (const f of rated) {
    const c = lowest.length === 0 ? -1 : compareFractions(f.yes, f.relevant, lowest[0]!.yes, lowest[0]!.relevant);
    if (c < 0) lowest = [f];
    else if (c === 0) lowest.push(f);
  }
  const first = lowest[0]!;
  const computedRating = bandOf(first.yes, first.relevant);
  return {
    computedRating,
    lowestKeyQuestions: lowest.map((f) => f.id),
    lowestPercent: (first.yes * 100) / first.relevant,
    reasons: discretionReasons(rated, lowest, computedRating),
  };
}

/** The reasons (in contract order) the lowest key question(s) give for discretion. */
function discretionReasons(rated: readonly Figure[], lowest: readonly Figure[], computed: Rating): DiscretionReason[] {
  const reasons: DiscretionReason[] = [];
  if (lowest.some((f) => withinFivePoints(f.yes, f.relevant))) reasons.push('within-five-points');
  if (lowest.some((f) => oneCaseChangesRating(rated, f, computed))) reasons.push('one-case');
  if (lowest.some((f) => f.relevant <= SMALL_SAMPLE)) reasons.push('small-sample');
  return reasons;
}

/** Would one 'Yes' more or one fewer in this key question change the standard's computed rating? */
function oneCaseChangesRating(rated: readonly Figure[], target: Figure, computed: Rating): boolean {
  for (const delta of [1, -1]) {
    const yes = target.yes + delta;
    if (yes < 0 || yes > target.relevant) continue;
    const flipped = rated.map((f) => (f === target ? { ...f, yes } : f));
    if (lowestBand(flipped) !== computed) return true;
  }
  return false;
}
