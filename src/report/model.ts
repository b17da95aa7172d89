/**
 * The report's view model: everything every output format prints, decided once. Ratings, percentages and
 * bands are the engine's; this module only arranges them in the reports' own form and lists what is missing.
 */
import { RATINGS, type DomainId, type Framework, type KeyQuestionDef, type PromptDef, type Rating, type StandardDef } from '../core/framework/types.js';
import { ratingScale, thresholds } from '../core/rating/index.js';
import type { ReportData } from '../core/report/data.js';
import { reportGaps, type Gap } from '../core/report/gaps.js';
import type { RatingResult, StandardResult } from '../core/report/result.js';
import { domainOfCode } from '../core/vocabulary.js';
import { DEFAULT_CONFIDENCE, intervalPercentText, ratingFirmness, type DomainSampling, type Interval } from '../core/quality/index.js';

export interface FigureRow {
  readonly id: string;
  readonly text: string;
  readonly relevant: number | null;
  readonly yes: number | null;
  /** Exact percentage from the engine (key questions) or yes/relevant (prompts); null when none relevant. */
  readonly percent: number | null;
  /** Whole percentage as the reports print it, with the discretion marker: "62%*", "—" when no data. */
  readonly percentText: string;
  readonly band: Rating | null;
  readonly lowest: boolean;
  /** Footnote number (per standard) about this row's sub-sample. */
  readonly footnote?: number;
}

export interface PromptTable {
  readonly keyQuestionId: string;
  readonly keyQuestionText: string;
  /** "Of the 8 cases with factors related to keeping the child safe:" */
  readonly heading: string;
  readonly rows: readonly FigureRow[];
}

export interface DiscretionView {
  readonly from: Rating | null;
  readonly to: Rating;
  readonly reason: string;
  readonly lowestPercent: number | null;
  readonly text: string;
}

export interface StandardView {
  readonly id: string;
  readonly name: string;
  readonly statement: string;
  readonly kind: StandardDef['kind'];
  readonly counted: boolean;
  readonly rating: Rating | null;
  readonly ratingText: string;
  readonly computedRating: Rating | null;
  /** Key questions of a judgement standard, listed without figures. */
  readonly guidingQuestions: readonly { readonly id: string; readonly text: string }[];
  readonly keyQuestionTable: { readonly heading: string; readonly rows: readonly FigureRow[] } | null;
  readonly promptTables: readonly PromptTable[];
  readonly footnotes: readonly { readonly n: number; readonly text: string }[];
  readonly discretion: DiscretionView | null;
  readonly narrative: readonly string[];
  readonly unratedReason: string | null;
}

export interface DomainView {
  readonly id: DomainId;
  readonly name: string;
  readonly casesInspected: number | null;
  readonly introduction: readonly string[];
  readonly strengths: readonly string[];
  readonly areasForImprovement: readonly string[];
  readonly standards: readonly StandardView[];
}

export interface AnnexRow {
  readonly level: 'standard' | 'key-question' | 'prompt';
  readonly domain: DomainId;
  readonly standard: string;
  readonly id: string;
  readonly text: string;
  readonly subSample: string;
  readonly relevant: number | null;
  readonly yes: number | null;
  readonly percent: number | null;
  readonly percentText: string;
  readonly rating: Rating | null;
  readonly computedRating: Rating | null;
  readonly lowest: boolean;
  readonly discretion: boolean;
}

/** One key question in the analysis annex: its figures and its interval at each level. */
export interface AnalysisKeyQuestion {
  readonly domain: DomainId;
  readonly standard: string;
  readonly id: string;
  readonly text: string;
  readonly relevant: number;
  readonly yes: number;
  readonly percent: number | null;
  readonly percentText: string;
  /** The relevant cases' estimated population used for the finite population correction, or null. */
  readonly population: number | null;
  /** One per level of the annex, in order; empty when no case was relevant. */
  readonly intervals: readonly Interval[];
  /** "58–79%" per level. */
  readonly intervalTexts: readonly string[];
  readonly lowest: boolean;
}

/** One case-assessed standard in the analysis annex: whether its band holds across its lowest key question's interval. */
export interface AnalysisStandard extends Pick<StandardResult, 'id' | 'name' | 'rating' | 'computedRating' | 'lowestKeyQuestions'> {
  readonly domain: DomainId;
  readonly interval: Interval | null;
  readonly bands: readonly Rating[];
  readonly holds: boolean | null;
  /** "Good; the interval 58–79% (80% confidence) spans Requires improvement and Good.", or why there is none. */
  readonly words: string;
}

/**
 * The analysis annex: how firm each rating is (src/core/quality). Not part of the published layout: it is
 * printed only when asked for (`annexes: ['analysis']`).
 */
export interface AnalysisView {
  /** The report's confidence level (its methodology's, else 80%), then 95%. */
  readonly levels: readonly number[];
  readonly confidence: number;
  readonly method: string;
  readonly keyQuestions: readonly AnalysisKeyQuestion[];
  readonly standards: readonly AnalysisStandard[];
}

export interface ReportView {
  readonly title: string;
  readonly serviceName: string;
  readonly framework: { readonly version: string; readonly title: string };
  readonly draft: boolean;
  /** What the report lacks, as data (core/report/gaps), and in the words it prints. */
  readonly gaps: readonly Gap[];
  readonly missing: readonly string[];
  readonly warnings: readonly string[];
  readonly cover: { readonly fieldwork: string | null; readonly published: string | null; readonly leadInspector: string | null };
  readonly ratings: {
    readonly domains: readonly { readonly id: DomainId; readonly name: string; readonly standards: readonly { readonly id: string; readonly name: string; readonly ratingText: string; readonly counted: boolean }[] }[];
    readonly score: number | null;
    readonly maxScore: number;
    readonly scoreText: string;
    readonly overall: Rating | null;
    readonly overallText: string;
    readonly notCountedNote: string | null;
  };
  readonly foreword: readonly string[];
  readonly recommendations: readonly { readonly addressee: string; readonly items: readonly { readonly n: number; readonly text: string }[] }[];
  readonly background: readonly string[];
  readonly context: NonNullable<NonNullable<ReportData['report']>['contextualFacts']> | null;
  readonly domains: readonly DomainView[];
  readonly methodology: {
    readonly samples: readonly { readonly label: string; readonly total: number; readonly byDisposal: readonly { readonly label: string; readonly count: number }[]; readonly window: string | null; readonly changes: string | null }[];
    readonly confidenceLevel: number | null;
    readonly marginOfError: number | null;
    readonly meetings: number | null;
    readonly interviews: readonly { readonly label: string; readonly count: number }[];
    readonly surveys: readonly { readonly label: string; readonly count: number }[];
  };
  readonly annex: readonly AnnexRow[];
  /** The analysis annex, only when asked for; null in the published layout. */
  readonly analysis: AnalysisView | null;
  /** The rating rules in words, from the framework's rules (the ones the engine rated by). */
  readonly rules: RulesView;
}

export interface RulesView {
  readonly bands: readonly { readonly range: string; readonly rating: Rating }[];
  /** The lower edges of Requires improvement, Good and Outstanding, in percent (the charts' band lines). */
  readonly thresholds: readonly number[];
  readonly scores: readonly { readonly rating: Rating; readonly score: number }[];
  readonly overall: readonly { readonly range: string; readonly rating: Rating }[];
  /** When the ratings panel may use professional discretion, in one sentence: only the framework's conditions. */
  readonly discretion: string;
  /** Standards rated by a single judgement in this framework, e.g. "1.1, 1.2, 1.3, 1.4, 3.4 and 4.1". */
  readonly judgementStandards: string;
}

const BAND_WORDS = ['Minority', 'Too few', 'Reasonable majority', 'Large majority'] as const;

/** The framework's bands, scores, overall thresholds and discretion conditions, said in the reports' words. */
export function ratingRules(maxScore: number, fw: Framework): RulesView {
  const rules = fw.rating;
  const scale = ratingScale(rules);
  const words = fw.labels.bandWords;
  const judged = fw.standards.filter((x) => x.kind === 'judgement').map((x) => x.id);
  const judgementStandards = judged.length > 1 ? `${judged.slice(0, -1).join(', ')} and ${judged[judged.length - 1]}` : judged.join('');
  const edges = [0, ...thresholds(rules)];
  const bands = RATINGS.map((rating, i) => {
    const lo = edges[i]!;
    const hi = edges[i + 1];
    const range = i === 0 ? `below ${hi}%` : hi === undefined ? `${lo}% and above` : `${lo}% to below ${hi}%`;
    return { range: `${words?.[rating] ?? BAND_WORDS[i]}: ${range}`, rating };
  });
  const overall: { range: string; rating: Rating }[] = [];
  let from = 0;
  for (let score = 0; score <= maxScore; score++) {
    const rating = scale.overallFromScore(score);
    if (score === maxScore || scale.overallFromScore(score + 1) !== rating) {
      overall.push({ range: from === score ? `${score}` : `${from}–${score}`, rating });
      from = score + 1;
    }
  }
  return { bands, thresholds: thresholds(rules), scores: RATINGS.map((rating) => ({ rating, score: scale.scoreOf(rating) })), overall, discretion: discretionSentence(fw), judgementStandards };
}

function discretionSentence(fw: Framework): string {
  const { withinPoints, oneCase, casesOrFewer } = fw.rating.discretion;
  const where: string[] = [];
  if (withinPoints !== undefined) where.push(`where the lowest key question is within ${withinPoints} percentage ${withinPoints === 1 ? 'point' : 'points'} of a boundary`);
  if (oneCase === true) where.push('where a different judgement in one case would change the rating');
  if (casesOrFewer !== undefined) where.push(`where the rating rests on ${casesOrFewer} ${casesOrFewer === 1 ? 'case' : 'cases'} or fewer`);
  if (where.length === 0) return 'The ratings panel may not use professional discretion: each rating is the band of its lowest key question.';
  // "where A or where B"; with three, "where A, where B, or where C", as the reports print it.
  const joined = where.length > 2 ? `${where.slice(0, -1).join(', ')}, or ${where[where.length - 1]}` : where.join(' or ');
  return `The ratings panel may use professional discretion ${joined}.`;
}

/** Whole percentage as printed (half up), on exact integers so 62.5 prints 63 and never drifts. */
export function wholePercent(yes: number, relevant: number): number {
  return Math.floor((yes * 200 + relevant) / (2 * relevant));
}

const NOT_RATED = 'Not rated';

function pluralCases(label: string, n: number): string {
  return n === 1 ? label.replace(/^cases\b/, 'case') : label;
}

function subSampleHeading(kq: KeyQuestionDef, relevant: number | null, domainCases: number | null): string {
  if (kq.subSample === 'all' || kq.subSample === 'evidence') {
    return domainCases === null ? 'Of the cases inspected:' : `Of the ${domainCases} ${pluralCases('cases', domainCases)} inspected:`;
  }
  return relevant === null ? `Of the ${kq.subSampleLabel}:` : `Of the ${relevant} ${pluralCases(kq.subSampleLabel, relevant)}:`;
}

function subSampleNote(kq: KeyQuestionDef): string | null {
  if (kq.subSample === 'all' || kq.subSample === 'evidence') return null;
  return `This question is only relevant in ${kq.subSampleLabel}.`;
}

function date(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** "2 cases were withdrawn from the sample and 1 replaced from the reserve list.", or null when neither. */
export function sampleChanges(withdrawn: number, replaced: number): string | null {
  const cases = (n: number) => `${n} ${n === 1 ? 'case was' : 'cases were'}`;
  if (withdrawn > 0 && replaced > 0) return `${cases(withdrawn)} withdrawn from the sample and ${replaced} replaced from the reserve list.`;
  if (withdrawn > 0) return `${cases(withdrawn)} withdrawn from the sample.`;
  if (replaced > 0) return `${cases(replaced)} replaced from the reserve list.`;
  return null;
}

/** The number of cases inspected in a domain: the recorded sample, else the cases given, else the largest 'all' denominator. */
function casesInspected(data: ReportData, domain: DomainId, fw: Framework, result: RatingResult): number | null {
  const sample = data.report?.caseSample;
  const key = domainOfCode(domain)?.key;
  const recorded = key ? sample?.[key] : undefined;
  if (recorded) return recorded.total;
  if (data.cases?.some((c) => c.domain === domain)) return data.cases.filter((c) => c.domain === domain).length;
  let max: number | null = null;
  for (const s of fw.standards.filter((x) => x.domain === domain)) {
    const r = result.standards.find((x) => x.id === s.id);
    for (const kq of s.keyQuestions.filter((k) => k.subSample === 'all')) {
      const f = r?.keyQuestions.find((k) => k.id === kq.id);
      if (f && f.relevant > 0) max = Math.max(max ?? 0, f.relevant);
    }
  }
  return max;
}

function promptFigure(prompt: PromptDef, res: StandardResult | undefined, data: ReportData): { relevant: number; yes: number } | null {
  const derived = res?.prompts?.find((p) => p.id === prompt.id);
  if (derived) return derived;
  return data.report?.promptFigures?.[prompt.id] ?? null;
}

function figureRow(id: string, text: string, fig: { relevant: number; yes: number } | null, band: Rating | null, exact: number | null, lowest: boolean, marker: string, footnote?: number): FigureRow {
  if (!fig) return { id, text, relevant: null, yes: null, percent: null, percentText: '—', band: null, lowest: false, footnote };
  if (fig.relevant === 0) return { id, text, relevant: 0, yes: 0, percent: null, percentText: 'n/a', band: null, lowest: false, footnote };
  const percent = exact ?? (fig.yes * 100) / fig.relevant;
  return { id, text, relevant: fig.relevant, yes: fig.yes, percent, percentText: `${wholePercent(fig.yes, fig.relevant)}%${lowest ? marker : ''}`, band, lowest, footnote };
}

function standardView(def: StandardDef, res: StandardResult | undefined, data: ReportData, domainCases: number | null): StandardView {
  const applied = res?.discretion.applied ?? null;
  const marker = applied ? '*' : '';
  const footnotes: { n: number; text: string }[] = [];
  const noteFor = (text: string | null): number | undefined => {
    if (!text) return undefined;
    const found = footnotes.find((f) => f.text === text);
    if (found) return found.n;
    footnotes.push({ n: footnotes.length + 1, text });
    return footnotes.length;
  };
  const rating = res?.rating ?? null;
  const narrative = data.report?.standards?.[def.id]?.narrative ?? [];
  let unratedReason: string | null = null;
  if (!rating) {
    unratedReason = def.kind === 'judgement'
      ? 'No judgement has been recorded for this standard.'
      : 'No key question of this standard has any relevant case recorded.';
  }
  if (def.kind === 'judgement') {
    return {
      id: def.id, name: def.name, statement: def.statement, kind: def.kind, counted: def.counted, rating, ratingText: rating ?? NOT_RATED,
      computedRating: null, guidingQuestions: def.keyQuestions.map((k) => ({ id: k.id, text: k.text })), keyQuestionTable: null,
      promptTables: [], footnotes, discretion: null, narrative, unratedReason,
    };
  }
  const lowestIds = new Set(res?.lowestKeyQuestions ?? []);
  const kqRows: FigureRow[] = [];
  const promptTables: PromptTable[] = [];
  for (const kq of def.keyQuestions) {
    const r = res?.keyQuestions.find((k) => k.id === kq.id);
    const note = noteFor(subSampleNote(kq));
    kqRows.push(figureRow(kq.id, kq.text, r ?? null, r?.band ?? null, r?.percent ?? null, lowestIds.has(kq.id), marker, note));
    if (r && r.relevant === 0) noteFor(`${kq.id}: no case in the sample was relevant to this question, so it is shown but does not count towards the rating.`);
    const rows = kq.prompts.map((p) => {
      return figureRow(p.id, p.text, promptFigure(p, res, data), null, null, false, '');
    });
    promptTables.push({ keyQuestionId: kq.id, keyQuestionText: kq.text, heading: subSampleHeading(kq, r?.relevant ?? null, domainCases), rows });
  }
  let discretion: DiscretionView | null = null;
  if (applied) {
    const from = res?.computedRating ?? null;
    const lowest = res?.lowestPercent ?? null;
    const lowestText = lowest === null ? '' : ` (lowest key question ${Number(lowest.toFixed(1))}%)`;
    discretion = {
      from, to: applied.rating, reason: applied.reason, lowestPercent: lowest,
      text: `* Professional discretion: the ratings panel changed this standard's rating from ${from ?? 'unrated'}${lowestText} to ${applied.rating}. Reason: ${applied.reason}`,
    };
  }
  return {
    id: def.id, name: def.name, statement: def.statement, kind: def.kind, counted: def.counted, rating, ratingText: rating ?? NOT_RATED,
    computedRating: res?.computedRating ?? null, guidingQuestions: [],
    keyQuestionTable: { heading: domainCases === null ? 'Of the cases inspected:' : `Of the ${domainCases} ${pluralCases('cases', domainCases)} inspected:`, rows: kqRows },
    promptTables, footnotes, discretion, narrative, unratedReason,
  };
}

/** How firm each rating is, from the engine's figures, the methodology's confidence level and the sample's populations. */
export function analysisView(data: ReportData, result: RatingResult, fw: Framework, domains: readonly DomainView[]): AnalysisView {
  const confidence = data.report?.methodology?.confidenceLevel ?? DEFAULT_CONFIDENCE;
  const sampling: Partial<Record<number, DomainSampling>> = {};
  for (const d of domains) {
    const key = domainOfCode(d.id)?.key;
    sampling[d.id] = { sampled: d.casesInspected, population: (key ? data.report?.caseSample?.[key]?.population : undefined) ?? null };
  }
  const f = ratingFirmness(fw, result.standards, { confidence, domains: sampling });
  const corrected = f.keyQuestions.some((k) => k.population !== null);
  const text = (id: string) => fw.standards.flatMap((s) => s.keyQuestions).find((k) => k.id === id)?.text ?? '';
  return {
    levels: f.levels,
    confidence,
    method: `Each key question's Wilson score interval at the report's ${confidence}% confidence level${f.levels.length > 1 ? ' and at 95%' : ''}${corrected ? ', with the finite population correction from the eligible population each sample was drawn from (in the share of cases relevant to the question)' : ''}: the range in which its true figure is likely to lie, given how many cases were relevant. A standard's band holds when the whole interval of its lowest key question lies within that band.`,
    keyQuestions: f.keyQuestions.map((k) => {
      const res = result.standards.find((s) => s.id === k.standard);
      return {
        domain: k.domain as DomainId, standard: k.standard, id: k.id, text: text(k.id), relevant: k.relevant, yes: k.yes, percent: k.percent,
        percentText: k.relevant > 0 ? `${wholePercent(k.yes, k.relevant)}%` : 'n/a',
        population: k.population, intervals: k.intervals,
        intervalTexts: k.intervals.map((i) => `${intervalPercentText(i.lower, fw.rating)}–${intervalPercentText(i.upper, fw.rating)}%`),
        lowest: res?.lowestKeyQuestions.includes(k.id) ?? false,
      };
    }),
    standards: f.standards.map((s) => ({
      domain: s.domain as DomainId, id: s.id, name: s.name, rating: s.rating, computedRating: s.computedRating, lowestKeyQuestions: s.lowestKeyQuestions,
      interval: s.firmness?.interval ?? null, bands: s.firmness?.bands ?? [], holds: s.firmness?.holds ?? null,
      words: s.firmness?.words ?? 'Not rated: no key question has a relevant case.',
    })),
  };
}

export interface ViewOptions {
  /** Build the analysis annex (how firm each rating is); the published layout leaves it out. */
  readonly analysis?: boolean;
}

export function buildReportView(data: ReportData, result: RatingResult, fw: Framework, options: ViewOptions = {}): ReportView {
  const d = data.report;
  const gaps = reportGaps(data, result, fw);
  const serviceName = d?.service?.name ?? 'Youth justice service (name not recorded)';
  const fieldwork = d?.fieldwork ?? null;
  const published = d?.published ?? null;
  const leadInspector = d?.leadInspector ?? null;
  const recs = d?.recommendations ?? [];
  let n = 0;
  const recommendations = recs.map((r) => ({ addressee: r.addressee, items: r.items.map((text) => ({ n: ++n, text })) }));

  const domains: DomainView[] = fw.domains.map((dom) => {
    const cases = casesInspected(data, dom.id, fw, result);
    const recorded = d?.domains?.[String(dom.id) as '1' | '2' | '3' | '4'];
    const standards = fw.standards.filter((s) => s.domain === dom.id).map((s) => standardView(s, result.standards.find((r) => r.id === s.id), data, cases));
    return {
      id: dom.id, name: dom.name, casesInspected: cases, introduction: recorded?.introduction ?? [],
      strengths: recorded?.strengths ?? [], areasForImprovement: recorded?.areasForImprovement ?? [], standards,
    };
  });

  const allStandards = domains.flatMap((x) => x.standards);
  const sample = d?.caseSample;
  const samples = [
    ['Court disposals', sample?.court] as const,
    ['Out-of-court disposals', sample?.outOfCourt] as const,
    ...(fw.domains.some((x) => x.id === 4) ? [['Resettlement', sample?.resettlement] as const] : []),
  ].flatMap(([label, g]) => (g ? [{ label, total: g.total, byDisposal: g.byDisposal ?? [], window: g.window ?? null, changes: sampleChanges(g.withdrawn ?? 0, g.replaced ?? 0) }] : []));
  const annex: AnnexRow[] = [];
  for (const dom of domains) {
    for (const s of dom.standards) {
      annex.push({ level: 'standard', domain: dom.id, standard: s.id, id: s.id, text: s.name, subSample: '', relevant: null, yes: null, percent: null, percentText: '', rating: s.rating, computedRating: s.computedRating, lowest: false, discretion: s.discretion !== null });
      const def = fw.standards.find((x) => x.id === s.id)!;
      for (const row of s.keyQuestionTable?.rows ?? []) {
        const kq = def.keyQuestions.find((k) => k.id === row.id)!;
        annex.push({ level: 'key-question', domain: dom.id, standard: s.id, id: row.id, text: row.text, subSample: kq.subSample, relevant: row.relevant, yes: row.yes, percent: row.percent, percentText: row.percentText, rating: row.band, computedRating: null, lowest: row.lowest, discretion: row.lowest && s.discretion !== null });
        const table = s.promptTables.find((t) => t.keyQuestionId === row.id);
        for (const p of table?.rows ?? []) {
          annex.push({ level: 'prompt', domain: dom.id, standard: s.id, id: p.id, text: p.text, subSample: kq.subSample, relevant: p.relevant, yes: p.yes, percent: p.percent, percentText: p.percentText, rating: null, computedRating: null, lowest: false, discretion: false });
        }
      }
    }
  }
  const notCounted = allStandards.filter((s) => !s.counted);
  return {
    title: `An inspection of youth justice services: ${serviceName}`,
    serviceName,
    framework: { version: fw.version, title: fw.title },
    draft: gaps.length > 0,
    gaps,
    missing: gaps.map((g) => g.text),
    warnings: result.warnings.map((w) => w.message),
    cover: {
      fieldwork: fieldwork ? (fieldwork.end ? `${date(fieldwork.start)} to ${date(fieldwork.end)}` : `beginning ${date(fieldwork.start)}`) : null,
      published, leadInspector,
    },
    ratings: {
      domains: domains.map((x) => ({ id: x.id, name: x.name, standards: x.standards.map((s) => ({ id: s.id, name: s.name, ratingText: s.ratingText, counted: s.counted })) })),
      score: result.score, maxScore: result.maxScore,
      scoreText: result.score === null ? `Not scored (incomplete)` : `${result.score}/${result.maxScore}`,
      overall: result.overall, overallText: result.overall ?? 'Not rated (incomplete)',
      notCountedNote: notCounted.length ? `The rating for ${notCounted.map((s) => `${s.id} ${s.name.toLowerCase()}`).join(', ')} does not influence the overall rating.` : null,
    },
    foreword: d?.foreword ?? [],
    recommendations,
    background: d?.background ?? [],
    context: d?.contextualFacts ?? null,
    domains,
    methodology: {
      samples,
      confidenceLevel: d?.methodology?.confidenceLevel ?? null,
      marginOfError: d?.methodology?.marginOfError ?? null,
      meetings: d?.methodology?.meetings ?? null,
      interviews: d?.methodology?.interviews ?? [],
      surveys: d?.methodology?.surveys ?? [],
    },
    annex,
    analysis: options.analysis ? analysisView(data, result, fw, domains) : null,
    rules: ratingRules(result.maxScore, fw),
  };
}
