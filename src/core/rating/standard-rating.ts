/**
 * One case-assessed standard from its key-question figures: the lowest key question(s), the computed
 * rating (the band of the lowest) and whether the ratings panel may use professional discretion.
 */
import type { Rating, RatingRules } from '../framework/types.js';
import { HMIP_RULES, compareFractions, ratingScale } from './bands.js';
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
export function lowestBand(figures: readonly Figure[], rules: RatingRules = HMIP_RULES): Rating | null {
  let best: Figure | undefined;
  for (const f of figures) {
    if (f.relevant === 0) continue;
    if (!best || compareFractions(f.yes, f.relevant, best.yes, best.relevant) < 0) best = f;
  }
  return best ? ratingScale(rules).bandOf(best.yes, best.relevant) : null;
}

/** Under the framework's rules (the HMIP 2018 and 2021 rules when none are given). */
export function computeStandard(figures: readonly Figure[], rules: RatingRules = HMIP_RULES): ComputedStandard {
  const rated = figures.filter((f) => f.relevant > 0);
  if (rated.length === 0) return { computedRating: null, lowestKeyQuestions: [], lowestPercent: null, reasons: [] };
  let lowest: Figure[] = [];
  for (const f of rated) {
    const c = lowest.length === 0 ? -1 : compareFractions(f.yes, f.relevant, lowest[0]!.yes, lowest[0]!.relevant);
    if (c < 0) lowest = [f];
    else if (c === 0) lowest.push(f);
  }
  const first = lowest[0]!;
  const computedRating = ratingScale(rules).bandOf(first.yes, first.relevant);
  return {
    computedRating,
    lowestKeyQuestions: lowest.map((f) => f.id),
    lowestPercent: (first.yes * 100) / first.relevant,
    reasons: discretionReasons(rated, lowest, computedRating, rules),
  };
}

/**
 * The reasons (in contract order) the lowest key question(s) give for discretion, among the conditions
 * the rules list: a condition the framework does not list never makes a standard eligible.
 */
function discretionReasons(rated: readonly Figure[], lowest: readonly Figure[], computed: Rating, rules: RatingRules): DiscretionReason[] {
  const reasons: DiscretionReason[] = [];
  const { withinPoints, oneCase, casesOrFewer } = rules.discretion;
  if (withinPoints !== undefined && lowest.some((f) => ratingScale(rules).withinPoints(f.yes, f.relevant))) reasons.push('within-five-points');
  if (oneCase === true && lowest.some((f) => oneCaseChangesRating(rated, f, computed, rules))) reasons.push('one-case');
  if (casesOrFewer !== undefined && lowest.some((f) => f.relevant <= casesOrFewer)) reasons.push('small-sample');
  return reasons;
}

/** Would one 'Yes' more or one fewer in this key question change the standard's computed rating? */
function oneCaseChangesRating(rated: readonly Figure[], target: Figure, computed: Rating, rules: RatingRules): boolean {
  for (const delta of [1, -1]) {
    const yes = target.yes + delta;
    if (yes < 0 || yes > target.relevant) continue;
    const flipped = rated.map((f) => (f === target ? { ...f, yes } : f));
    if (lowestBand(flipped, rules) !== computed) return true;
  }
  return false;
}
