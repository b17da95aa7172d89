/**
 * Benchmarking one service against the library of published inspections: for every key question of the
 * framework, the service's percentage against the distribution of the other services' percentages (rank,
 * quartiles, difference from the median), and the standards where it differs most. Pure: the library and
 * the subject come in as figures.
 */
import { allKeyQuestions, BUILT_IN_FRAMEWORKS, caseAssessedStandards, getFramework, type FrameworkVersion } from '../framework/index.js';
import type { Interval } from '../quality/index.js';
import { quarterOf, quartiles, rankOf, type Quartiles } from './stats.js';

/**
 * Below this many comparator reports a key question's figures are shown as they are, with no quartiles, rank,
 * quarter or difference from the median: a "bottom quarter" of three reports says nothing.
 */
export const MIN_COMPARATORS = 5;

/** One service's key-question percentages: a report in the library or an inspection in progress. */
export interface BenchmarkSubject {
  readonly id: string;
  readonly label: string;
  readonly framework: FrameworkVersion | null;
  /** YYYY or YYYY-MM; null when unknown. */
  readonly published: string | null;
  /** Percent 'Yes' per key question id; null or absent when not known. */
  readonly keyQuestions: Readonly<Record<string, number | null | undefined>>;
  /** The service's own interval per key question (percent), where its counts are known (src/core/quality). */
  readonly intervals?: Readonly<Record<string, Interval | null | undefined>>;
}

export interface BenchmarkFilter {
  /** Only reports of this framework version; null for every version. */
  readonly framework: FrameworkVersion | null;
  /** Only reports published in or after / before or in these years; null for no limit. */
  readonly yearFrom: number | null;
  readonly yearTo: number | null;
}

export interface KeyQuestionBenchmark {
  readonly id: string;
  readonly standard: string;
  readonly text: string;
  readonly percent: number | null;
  /** How many library reports give this key question (after the filter, the subject itself left out). */
  readonly count: number;
  /** The library's figures for it, highest first. */
  readonly values: readonly number[];
  /** Fewer than MIN_COMPARATORS reports: the figures only, no quartiles, rank, quarter or difference. */
  readonly few: boolean;
  /** Null with fewer than MIN_COMPARATORS reports. */
  readonly quartiles: Quartiles | null;
  /** Competition rank among the library and the subject, highest first; null without a percent or a library figure. */
  readonly rank: number | null;
  readonly of: number | null;
  /** 1 = top quarter … 4 = bottom quarter. */
  readonly quarter: 1 | 2 | 3 | 4 | null;
  /** Subject minus the library median, in percentage points. */
  readonly difference: number | null;
  /** The service's own interval for this key question, when its counts are known. */
  readonly interval: Interval | null;
  /**
   * Whether the difference from the median is larger than the service's own interval: the median lies outside
   * it (true), or inside it, so the difference may be no more than the sample (false); null when either is unknown.
   */
  readonly beyondInterval: boolean | null;
}

export interface StandardDifference {
  readonly id: string;
  readonly name: string;
  /** Mean over its key questions of (subject − median), in percentage points; null when nothing compares. */
  readonly difference: number | null;
  readonly compared: number;
}

export interface Benchmark {
  readonly subject: { readonly id: string; readonly label: string; readonly framework: FrameworkVersion };
  readonly filter: BenchmarkFilter;
  /** Library reports in the comparison (after the filter, the subject left out). */
  readonly reports: number;
  /** Said when fewer than MIN_COMPARATORS reports compare: the figures are shown without quartiles or quarters. */
  readonly caution: string | null;
  readonly keyQuestions: readonly KeyQuestionBenchmark[];
  /** Every case-assessed standard, the largest absolute difference first. */
  readonly standards: readonly StandardDifference[];
  /** Up to three standards that differ most from the library (non-zero difference). */
  readonly differsMost: readonly string[];
}

/** Percent from a printed figure: the printed percent, else yes / relevant; null when neither is known. */
export function percentOf(f: { relevant: number | null; yes: number | null; percent: number | null }): number | null {
  if (f.percent !== null) return f.percent;
  if (f.relevant !== null && f.yes !== null && f.relevant > 0 && f.yes <= f.relevant) return (f.yes / f.relevant) * 100;
  return null;
}

/** The year of a YYYY or YYYY-MM publication date, or null. */
export function yearOf(published: string | null): number | null {
  const m = /^(\d{4})/.exec(published ?? '');
  return m ? Number(m[1]) : null;
}

export function matchesFilter(s: Pick<BenchmarkSubject, 'framework' | 'published'>, f: BenchmarkFilter): boolean {
  if (f.framework !== null && s.framework !== f.framework) return false;
  if (f.yearFrom === null && f.yearTo === null) return true;
  const y = yearOf(s.published);
  if (y === null) return false;
  return (f.yearFrom === null || y >= f.yearFrom) && (f.yearTo === null || y <= f.yearTo);
}

const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

export function benchmark(subject: BenchmarkSubject, library: readonly BenchmarkSubject[], filter: BenchmarkFilter): Benchmark {
  const version: FrameworkVersion = subject.framework ?? filter.framework ?? BUILT_IN_FRAMEWORKS[0]!;
  const fw = getFramework(version);
  const peers = library.filter((r) => r.id !== subject.id && matchesFilter(r, filter));
  const keyQuestions: KeyQuestionBenchmark[] = allKeyQuestions(fw)
    .filter((kq) => fw.standards.find((s) => s.id === kq.standard)?.kind === 'case-assessed')
    .map((kq) => {
      const values = peers.map((r) => r.keyQuestions[kq.id]).filter(finite);
      const few = values.length < MIN_COMPARATORS;
      const q = few ? null : quartiles(values);
      const own = subject.keyQuestions[kq.id];
      const percent = finite(own) ? own : null;
      const ranked = percent !== null && q ? rankOf(percent, values) : null;
      const interval = percent !== null ? subject.intervals?.[kq.id] ?? null : null;
      return {
        id: kq.id,
        standard: kq.standard,
        text: kq.text,
        percent,
        count: values.length,
        values: [...values].sort((a, b) => b - a),
        few,
        quartiles: q,
        rank: ranked?.rank ?? null,
        of: ranked?.of ?? null,
        quarter: percent !== null && q ? quarterOf(percent, q) : null,
        difference: percent !== null && q ? percent - q.median : null,
        interval,
        beyondInterval: interval && q ? q.median < interval.lower || q.median > interval.upper : null,
      };
    });
  const standards: StandardDifference[] = caseAssessedStandards(fw).map((s) => {
    const diffs = keyQuestions.filter((k) => k.standard === s.id).map((k) => k.difference).filter(finite);
    return { id: s.id, name: s.name, difference: diffs.length ? diffs.reduce((a, b) => a + b, 0) / diffs.length : null, compared: diffs.length };
  });
  const gap = (s: StandardDifference): number => (s.difference === null ? -1 : Math.abs(s.difference));
  const byGap = [...standards].sort((a, b) => gap(b) - gap(a) || (a.id < b.id ? -1 : 1));
  return {
    subject: { id: subject.id, label: subject.label, framework: version },
    filter,
    reports: peers.length,
    caution: peers.length < MIN_COMPARATORS
      ? `Only ${peers.length} ${peers.length === 1 ? 'report compares' : 'reports compare'}: with fewer than ${MIN_COMPARATORS}, the library's figures are shown as they are, without quartiles, ranks, quarters or differences from the median.`
      : null,
    keyQuestions,
    standards: byGap,
    differsMost: byGap.filter((s) => s.difference !== null && s.difference !== 0).slice(0, 3).map((s) => s.id),
  };
}
