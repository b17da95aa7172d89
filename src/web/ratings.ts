/**
 * The ratings panel's view of the rating engine's output: per standard, the key-question table with the
 * lowest highlighted, the computed and final rating, discretion eligibility in words and the choices the
 * panel has (one band either side); then the running score and overall rating, and what is still missing.
 * Nothing is computed here that the engine already decides: this only arranges its output for reading.
 */
import { RATINGS, type Rating, type RatingRules } from '../core/framework/types.js';
import { HMIP_RULES } from '../core/rating/bands.js';
import { numberWords } from '../core/rating/rules-text.js';
import type { DiscretionReason, RateOutput, StandardResult } from '../core/rating/schema.js';
import type { CaseCounts } from '../core/assessment/counted.js';
import { intervalPercentText, type RatingFirmness } from '../core/quality/index.js';
import { stateLabel } from './labels.js';

/** The discretion reasons in words, with the framework's own numbers. */
const REASON_WORDS: Record<DiscretionReason, (s: StandardResult, rules: RatingRules) => string> = {
  'within-five-points': (s, rules) => {
    const points = rules.discretion.withinPoints ?? 0;
    return `The lowest key-question figure (${wholePercent(s.lowestPercent)}) is within ${numberWords(points)} percentage ${points === 1 ? 'point' : 'points'} of a band boundary.`;
  },
  'one-case': () => 'A different judgement in one case would change the band.',
  'small-sample': (_, rules) => {
    const cases = rules.discretion.casesOrFewer ?? 0;
    return `The rating rests on a sub-sample of ${numberWords(cases)} ${cases === 1 ? 'case' : 'cases'} or fewer.`;
  },
};

/** Why a rated case-assessed standard is not eligible, naming only the framework's conditions. */
function notEligibleWords(s: StandardResult, lowestLabel: string, rules: RatingRules): string {
  const { withinPoints, oneCase, casesOrFewer } = rules.discretion;
  const parts: string[] = [];
  if (withinPoints !== undefined) parts.push(`is not within ${numberWords(withinPoints)} ${withinPoints === 1 ? 'point' : 'points'} of a boundary`);
  if (oneCase === true) parts.push('one case would not change the band');
  if (casesOrFewer !== undefined) parts.push(`the sub-sample is larger than ${numberWords(casesOrFewer)}`);
  if (parts.length === 0) return 'Not eligible for discretion: this framework allows no professional discretion.';
  const [first, ...rest] = parts;
  const lead = withinPoints !== undefined ? `the lowest figure (${lowestLabel}) ${first}` : `for the lowest figure (${lowestLabel}), ${first}`;
  const all = [lead, ...rest];
  const joined = all.length === 1 ? all[0]! : `${all.slice(0, -1).join(', ')}, and ${all[all.length - 1]}`;
  return `Not eligible for discretion: ${joined}.`;
}

/** Whole percentages, as the reports print them. */
export function wholePercent(p: number | null | undefined): string {
  return p === null || p === undefined ? '–' : `${Math.round(p)}%`;
}

export function discretionReasonWords(s: StandardResult, rules: RatingRules = HMIP_RULES): string[] {
  return s.discretion.reasons.map((r) => REASON_WORDS[r](s, rules));
}

/** The panel may move a rating by one band: the neighbours of the computed rating. */
export function discretionChoices(computed: Rating | null): Rating[] {
  if (!computed) return [];
  const i = RATINGS.indexOf(computed);
  return [RATINGS[i - 1], RATINGS[i + 1]].filter((r): r is Rating => r !== undefined);
}

export interface KeyQuestionRow {
  id: string;
  text: string;
  relevant: number;
  yes: number;
  percent: string;
  band: Rating | null;
  lowest: boolean;
}

export interface StandardPanel {
  id: string;
  name: string;
  domain: number;
  kind: 'case-assessed' | 'judgement';
  counted: boolean;
  rating: Rating | null;
  computedRating: Rating | null;
  rows: KeyQuestionRow[];
  eligible: boolean;
  reasons: string[];
  choices: Rating[];
  applied: { rating: Rating; reason: string } | null;
  /** "45%*": the report's mark on a figure whose standard was moved by discretion. */
  lowestLabel: string;
  /** Why a rated case-assessed standard is not eligible for discretion, in the framework's numbers. */
  notEligible: string;
}

export interface RatingsPanelView {
  standards: StandardPanel[];
  score: number | null;
  maxScore: number;
  /** Score over the counted standards rated so far, shown while the result is incomplete. */
  runningScore: number;
  overall: Rating | null;
  complete: boolean;
  missing: string[];
  warnings: { message: string; standard?: string }[];
}

/** Under the framework's rating rules (the 2018/2021 rules when none are given). */
export function ratingsPanel(output: RateOutput, questionText: (id: string) => string = () => '', rules: RatingRules = HMIP_RULES): RatingsPanelView {
  const standards = output.standards.map((s): StandardPanel => {
    const lowest = new Set(s.lowestKeyQuestions);
    const applied = s.discretion.applied;
    return {
      id: s.id,
      name: s.name,
      domain: s.domain,
      kind: s.kind,
      counted: s.counted,
      rating: s.rating,
      computedRating: s.computedRating,
      rows: s.keyQuestions.map((k) => ({
        id: k.id,
        text: questionText(k.id),
        relevant: k.relevant,
        yes: k.yes,
        percent: wholePercent(k.percent) + (applied && lowest.has(k.id) ? '*' : ''),
        band: k.band,
        lowest: lowest.has(k.id),
      })),
      eligible: s.discretion.eligible,
      reasons: discretionReasonWords(s, rules),
      choices: s.kind === 'case-assessed' ? discretionChoices(s.computedRating) : [],
      applied,
      lowestLabel: wholePercent(s.lowestPercent) + (applied ? '*' : ''),
      notEligible: notEligibleWords(s, wholePercent(s.lowestPercent) + (applied ? '*' : ''), rules),
    };
  });
  const runningScore = standards.reduce((sum, s) => sum + (s.counted && s.rating ? rules.score[s.rating] : 0), 0);
  return {
    standards,
    score: output.score,
    maxScore: output.maxScore,
    runningScore,
    overall: output.overall,
    complete: output.complete,
    missing: output.missing,
    warnings: output.warnings.map((w) => ({ message: w.message, ...(w.standard ? { standard: w.standard } : {}) })),
  };
}

export interface CaseCountsView {
  /** "The figures count 3 cases: 2 submitted, 1 quality assured." */
  countedText: string;
  rows: { state: string; text: string; count: number; counted: boolean }[];
  notCounted: { ref: string; domain: number; stateText: string }[];
}

/** Which cases the figures came from, in words: only submitted and quality-assured cases count. */
export function caseCountsView(cases: CaseCounts): CaseCountsView {
  const rows = [
    ...Object.entries(cases.counted.byState).map(([state, count]) => ({ state, count, counted: true })),
    ...Object.entries(cases.notCounted.byState).map(([state, count]) => ({ state, count, counted: false })),
  ].map((r) => ({ ...r, text: stateLabel(r.state).text })).sort((a, b) => stateLabel(a.state).order - stateLabel(b.state).order);
  const n = cases.counted.total;
  const parts = rows.filter((r) => r.counted).map((r) => `${r.count} ${r.text.toLowerCase()}`);
  return {
    countedText: `The figures count ${n} ${n === 1 ? 'case' : 'cases'}${parts.length ? `: ${parts.join(', ')}` : ''}.`,
    rows,
    notCounted: cases.refsNotCounted.map((c) => ({ ref: c.ref, domain: c.domain, stateText: stateLabel(c.state).text })),
  };
}

export interface FirmnessView {
  /** Column headings of the key questions' intervals: "80% interval", "95% interval". */
  levels: string[];
  /** Per key question, its interval at each level ("58–79%"). */
  keyQuestions: Record<string, string[]>;
  /** Per case-assessed standard, whether its band holds across its lowest key question's interval, in words. */
  standards: Record<string, string>;
  /** How the intervals were made, in one sentence. */
  note: string;
}

/** How firm each rating is, arranged for the panel: the core's intervals and words, nothing recomputed. */
export function firmnessView(
  f: RatingFirmness & { confidenceSource: 'sampling-plan' | 'default'; domains: readonly { population: number | null }[] },
  rules: RatingRules = HMIP_RULES,
): FirmnessView {
  const range = (i: { lower: number; upper: number }) => `${intervalPercentText(i.lower, rules)}–${intervalPercentText(i.upper, rules)}%`;
  const levelWords = f.levels.map((l) => `${l}%`).join(' and ');
  const source = f.confidenceSource === 'sampling-plan' ? `the sampling plan’s ${f.confidence}% confidence level` : `${f.confidence}% confidence (no sample is confirmed, so the default)`;
  const fpc = f.domains.some((d) => d.population !== null) ? ', with the finite population correction from the plan’s eligible population' : '';
  return {
    levels: f.levels.map((l) => `${l}% interval`),
    keyQuestions: Object.fromEntries(f.keyQuestions.map((k) => [k.id, k.intervals.map(range)])),
    standards: Object.fromEntries(f.standards.flatMap((s) => (s.firmness ? [[s.id, s.firmness.words]] : []))),
    note: `Each key question’s Wilson score interval is given at ${source}${f.levels.length > 1 ? ' and at 95%' : ''}${fpc}: the range its true figure is likely to be in (${levelWords} confidence), given how few cases were relevant.`,
  };
}
