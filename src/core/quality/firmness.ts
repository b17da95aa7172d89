/**
 * How firm each rating is: the Wilson interval of every key question at the inspection's confidence level
 * (from its sampling plan; 80% by default) and at 95%, with the finite population correction where the
 * population is known, and, for every case-assessed standard, whether its band would hold across the
 * interval of its lowest key question, in words ("Good; the interval 58–79% (80% confidence) spans Requires
 * improvement and Good."). Pure: the figures come in from the rating engine, the populations from the plan.
 */
import { RATINGS, type Framework, type Rating, type RatingRules } from '../framework/types.js';
import { HMIP_RULES, ratingScale } from '../rating/bands.js';
import { DEFAULT_CONFIDENCE, wilsonInterval } from './wilson.js';

/** The second level every interval is also given at. */
export const WIDE_CONFIDENCE = 95;

/**
 * The HMIP 2018/2021 band of a real percentage (<50 Inadequate, 50–64 Requires improvement, 65–79 Good,
 * 80+ Outstanding); another framework's is `ratingScale(rules).bandOfPercent`.
 */
export const bandOfPercent = (percent: number): Rating => ratingScale(HMIP_RULES).bandOfPercent(percent);

/**
 * A percentage for the words, whole as the reports print them, unless rounding would carry it over a band
 * boundary (79.6 would print 80, which is Outstanding): then one decimal, rounded down (79.6).
 */
export function intervalPercentText(percent: number, rules: RatingRules = HMIP_RULES): string {
  const whole = Math.round(percent);
  const band = ratingScale(rules).bandOfPercent;
  if (band(whole) === band(percent)) return String(whole);
  return (Math.floor(percent * 10) / 10).toFixed(1);
}

/** Every band from the lower end's to the upper end's, in order. */
export function bandsSpanned(lowerPercent: number, upperPercent: number, rules: RatingRules = HMIP_RULES): Rating[] {
  const band = ratingScale(rules).bandOfPercent;
  const lo = RATINGS.indexOf(band(lowerPercent));
  const hi = RATINGS.indexOf(band(upperPercent));
  return RATINGS.slice(lo, hi + 1);
}

const list = (xs: readonly string[]): string => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);

export interface Interval {
  readonly confidence: number;
  /** Percent, 0–100. */
  readonly lower: number;
  readonly upper: number;
}

export interface BandFirmness {
  readonly band: Rating;
  readonly interval: Interval;
  readonly bands: readonly Rating[];
  /** True when the whole interval lies in the band. */
  readonly holds: boolean;
  readonly words: string;
}

/** Whether a band holds across an interval (percent), in words, under the framework's thresholds (HMIP's by default). */
export function bandFirmness(band: Rating, interval: Interval, rules: RatingRules = HMIP_RULES): BandFirmness {
  const bands = bandsSpanned(interval.lower, interval.upper, rules);
  const holds = bands.length === 1 && bands[0] === band;
  const range = `${intervalPercentText(interval.lower, rules)}–${intervalPercentText(interval.upper, rules)}%`;
  const level = `(${interval.confidence}% confidence)`;
  const words = holds
    ? `${band}; the interval ${range} ${level} lies within ${band}: the band holds.`
    : `${band}; the interval ${range} ${level} spans ${list(bands)}.`;
  return { band, interval, bands, holds, words };
}

/** What firmness reads from the rating engine's result (the `rate` output, or the report's copy of it). */
export interface FirmnessStandardInput {
  readonly id: string;
  readonly rating: Rating | null;
  readonly computedRating: Rating | null;
  readonly lowestKeyQuestions: readonly string[];
  readonly keyQuestions: readonly { readonly id: string; readonly relevant: number; readonly yes: number; readonly percent: number | null }[];
}

export interface DomainSampling {
  /** Cases the figures count in the domain (the sample the key questions' relevant cases come from). */
  readonly sampled: number | null;
  /** Eligible cases the sample was drawn from (the sampling plan's population); null when unknown. */
  readonly population: number | null;
}

export interface FirmnessOptions {
  /** The inspection's confidence level in per cent (its sampling plan's); default 80. */
  readonly confidence?: number;
  /** Per domain (2, 3, 4): the cases counted and the population, for the finite population correction. */
  readonly domains?: Readonly<Partial<Record<number, DomainSampling>>>;
}

export interface KeyQuestionFirmness {
  readonly id: string;
  readonly standard: string;
  readonly domain: number;
  readonly relevant: number;
  readonly yes: number;
  readonly percent: number | null;
  /**
   * The population of relevant cases used for the finite population correction: the domain's population in
   * the share of the counted cases that were relevant (N × relevant / counted), rounded; null when unknown.
   */
  readonly population: number | null;
  /** One interval per level of `levels`, in the same order; empty when no case was relevant. */
  readonly intervals: readonly Interval[];
}

export interface StandardFirmness {
  readonly id: string;
  readonly name: string;
  readonly domain: number;
  readonly counted: boolean;
  readonly rating: Rating | null;
  readonly computedRating: Rating | null;
  readonly lowestKeyQuestions: readonly string[];
  /** The band and the interval of its lowest key question (the widest, if several tie); null when unrated. */
  readonly firmness: BandFirmness | null;
}

export interface RatingFirmness {
  /** The inspection's level first, then 95% (once, when they are the same). */
  readonly levels: readonly number[];
  readonly confidence: number;
  readonly keyQuestions: readonly KeyQuestionFirmness[];
  /** Case-assessed standards only. */
  readonly standards: readonly StandardFirmness[];
}

/** The population of a key question's relevant cases, from its domain's population and sample. */
export function relevantPopulation(relevant: number, domain: DomainSampling | undefined): number | null {
  const N = domain?.population ?? null;
  const m = domain?.sampled ?? null;
  if (N === null || m === null || m < 1 || N < m || relevant > m) return null;
  return Math.max(relevant, Math.round((N * relevant) / m));
}

/** Intervals for every key question and the firmness of every case-assessed standard. */
export function ratingFirmness(framework: Framework, standards: readonly FirmnessStandardInput[], options: FirmnessOptions = {}): RatingFirmness {
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  const levels = confidence === WIDE_CONFIDENCE ? [confidence] : [confidence, WIDE_CONFIDENCE];
  const byId = new Map(standards.map((s) => [s.id, s]));
  const keyQuestions: KeyQuestionFirmness[] = [];
  const out: StandardFirmness[] = [];
  for (const def of framework.standards.filter((s) => s.kind === 'case-assessed')) {
    const res = byId.get(def.id);
    const mine: KeyQuestionFirmness[] = def.keyQuestions.map((kq) => {
      const r = res?.keyQuestions.find((k) => k.id === kq.id);
      const relevant = r?.relevant ?? 0;
      const yes = r?.yes ?? 0;
      const population = relevant > 0 ? relevantPopulation(relevant, options.domains?.[def.domain]) : null;
      const intervals = relevant > 0
        ? levels.map((level) => {
          const w = wilsonInterval(yes, relevant, { confidence: level, population });
          return { confidence: level, lower: w.lower * 100, upper: w.upper * 100 };
        })
        : [];
      return { id: kq.id, standard: def.id, domain: def.domain, relevant, yes, percent: r?.percent ?? null, population, intervals };
    });
    keyQuestions.push(...mine);
    let firmness: BandFirmness | null = null;
    const band = res?.computedRating ?? null;
    const lowest = mine.filter((k) => res?.lowestKeyQuestions.includes(k.id) && k.intervals.length > 0);
    if (band && lowest.length > 0) {
      const at = lowest.map((k) => k.intervals[0]!);
      firmness = bandFirmness(band, { confidence, lower: Math.min(...at.map((i) => i.lower)), upper: Math.max(...at.map((i) => i.upper)) }, framework.rating);
      // The band is the figures'; a rating moved by the panel is said beside it, never hidden.
      if (res?.rating && res.rating !== band) firmness = { ...firmness, words: `${firmness.words} The ratings panel rated it ${res.rating} by professional discretion.` };
    }
    out.push({
      id: def.id, name: def.name, domain: def.domain, counted: def.counted, rating: res?.rating ?? null, computedRating: band,
      lowestKeyQuestions: res?.lowestKeyQuestions ?? [], firmness,
    });
  }
  return { levels, confidence, keyQuestions, standards: out };
}
