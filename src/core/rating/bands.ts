/**
 * Bands, scores and overall ratings under a framework's rating rules (its file's `rating` section).
 * Everything is decided on exact arithmetic (yes × 100 against threshold × relevant), never on a
 * rounded or floating percentage, so 64.5% is 'Requires improvement' under a 65% threshold however it
 * would be printed. A threshold may have decimals (66.5): it is read as the decimal it is written as.
 */
import { BUILT_IN_FILES } from '../framework/builtin.js';
import { RATINGS, type Rating, type RatingRules } from '../framework/types.js';

/**
 * The rules of HM Inspectorate of Probation's 2018 and 2021 frameworks, as their files give them (the
 * two are the same). Code that rates a framework uses `ratingScale(framework.rating)`; the HMIP helpers
 * at the end of this module are for figures known to follow those frameworks (published reports, tests).
 */
export const HMIP_RULES: RatingRules = BUILT_IN_FILES[BUILT_IN_FILES.length - 1]!.rating;

/** A decimal as an exact fraction: n / 10^d. */
interface Decimal {
  readonly n: bigint;
  readonly d: number;
}

function decimal(x: number): Decimal {
  // Very small or large numbers print with an exponent (1e-7): write them out.
  const text = /e/i.test(String(x)) ? x.toFixed(100).replace(/\.?0+$/, '') : String(x);
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new RangeError(`${text} is not a plain decimal`);
  const digits = `${m[2]}${m[3] ?? ''}`;
  return { n: BigInt(`${m[1]}${digits}`), d: (m[3] ?? '').length };
}

function plus(a: Decimal, b: Decimal, sign: 1n | -1n): Decimal {
  const d = Math.max(a.d, b.d);
  return { n: a.n * 10n ** BigInt(d - a.d) + sign * b.n * 10n ** BigInt(d - b.d), d };
}

/** Sign of (yes × 100) − (edge × relevant), exactly. */
function comparePercent(yes: number, relevant: number, edge: Decimal): number {
  if (edge.d === 0 && Number.isSafeInteger(yes * 100) && Number.isSafeInteger(Number(edge.n) * relevant)) {
    return Math.sign(yes * 100 - Number(edge.n) * relevant);
  }
  // Figures that are not whole counts (a printed percentage read as yes out of 100) compare as numbers.
  if (!Number.isInteger(yes) || !Number.isInteger(relevant)) return Math.sign(yes * 100 - (Number(edge.n) / 10 ** edge.d) * relevant);
  const left = BigInt(yes) * 100n * 10n ** BigInt(edge.d);
  const right = edge.n * BigInt(relevant);
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * One framework's rating rules as functions. Each takes only its own arguments, so it can be passed to
 * `map`: `[0, 7, 19].map(scale.overallFromScore)`.
 */
export interface RatingScale {
  readonly rules: RatingRules;
  /** The band of yes out of relevant (relevant > 0), exactly. */
  readonly bandOf: (yes: number, relevant: number) => Rating;
  /** The band of a real percentage (an interval's end), for words about firmness. */
  readonly bandOfPercent: (percent: number) => Rating;
  /**
   * True when yes/relevant is within the rules' `discretion.withinPoints` of a threshold (either side,
   * inclusive); always false when the rules have no such condition.
   */
  readonly withinPoints: (yes: number, relevant: number) => boolean;
  /** The score a standard's rating adds. */
  readonly scoreOf: (rating: Rating) => number;
  /** The highest score one standard can add. */
  readonly topScore: number;
  /** Overall rating from the score, by the rules' ranges; outside them, the nearest end's. */
  readonly overallFromScore: (score: number) => Rating;
}

const scales = new WeakMap<RatingRules, RatingScale>();

export function ratingScale(rules: RatingRules): RatingScale {
  const cached = scales.get(rules);
  if (cached) return cached;
  const edgeNumbers = thresholds(rules);
  const edges = edgeNumbers.map(decimal);
  const w = rules.discretion.withinPoints;
  const windows = w === undefined ? [] : edges.map((e) => [plus(e, decimal(w), -1n), plus(e, decimal(w), 1n)] as const);
  const ranges = rules.overall;
  const scale: RatingScale = {
    rules,
    bandOf: (yes, relevant) => {
      let i = 0;
      while (i < edges.length && comparePercent(yes, relevant, edges[i]!) >= 0) i++;
      return RATINGS[i]!;
    },
    bandOfPercent: (percent) => {
      let i = 0;
      while (i < edgeNumbers.length && percent >= edgeNumbers[i]!) i++;
      return RATINGS[i]!;
    },
    withinPoints: (yes, relevant) => windows.some(([lo, hi]) => comparePercent(yes, relevant, lo) >= 0 && comparePercent(yes, relevant, hi) <= 0),
    scoreOf: (rating) => rules.score[rating],
    topScore: Math.max(...RATINGS.map((r) => rules.score[r])),
    overallFromScore: (score) => {
      const hit = ranges.find((b) => b.from <= score && score <= b.to);
      if (hit) return hit.rating;
      return score < ranges[0]!.from ? ranges[0]!.rating : ranges[ranges.length - 1]!.rating;
    },
  };
  scales.set(rules, Object.freeze(scale));
  return scale;
}

/** The lower edges of Requires improvement, Good and Outstanding, in percent. */
export function thresholds(rules: RatingRules): readonly [number, number, number] {
  return [rules.thresholds['Requires improvement'], rules.thresholds.Good, rules.thresholds.Outstanding];
}

/** The exact percentage (62.5, 66.666…), for display; never used to band. */
export function percentOf(yes: number, relevant: number): number {
  return (yes * 100) / relevant;
}

/** Compares a/b with c/d exactly (b, d > 0): negative, zero or positive. */
export function compareFractions(a: number, b: number, c: number, d: number): number {
  return a * d - c * b;
}

/** True when `count` out of `total` is below `share` (0–1), exactly. */
export function shareIsBelow(count: number, total: number, share: number): boolean {
  const s = decimal(share);
  return BigInt(count) * 10n ** BigInt(s.d) < s.n * BigInt(total);
}

export function ratingIndex(rating: Rating): number {
  return RATINGS.indexOf(rating);
}

const hmip = ratingScale(HMIP_RULES);

/** The HMIP 2018/2021 band of yes out of relevant (50, 65, 80). */
export const bandOf = (yes: number, relevant: number): Rating => hmip.bandOf(yes, relevant);

/** The HMIP 2018/2021 five-point test (within 5 points of 50, 65 or 80). */
export const withinFivePoints = (yes: number, relevant: number): boolean => hmip.withinPoints(yes, relevant);

/** The HMIP 2018/2021 overall rating of a 0–36 score: 0–6, 7–18, 19–30, 31–36. */
export const overallFromScore = (score: number): Rating => hmip.overallFromScore(score);
