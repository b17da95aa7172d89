/**
 * The report-data contract and what a report lacks, with no I/O: `rateReportData` validates report data and
 * rates it with the engine; `reportStatusOf` says whether it is a draft and lists its gaps as data.
 */
import type { Framework, FrameworkVersion } from '../framework/types.js';
import { rate, RatingInputError, type RateInput } from '../rating/index.js';
import { parseReportData, ReportDataError, type ReportData } from './data.js';
import { reportGaps, type Gap } from './gaps.js';
import type { RatingResult } from './result.js';

export * from './data.js';
export * from './gaps.js';
export type * from './result.js';

export interface RatedReportData {
  readonly data: ReportData;
  readonly result: RatingResult;
  readonly framework: Framework;
}

/**
 * Validates report data and rates it. Throws ReportDataError listing every problem with its JSON path (the
 * engine's own input problems included), so nothing is silently dropped.
 */
/** What rates the data: the engine, or a caller's result already computed by it for the same input. */
export type RateWith = (input: RateInput, framework: Framework) => RatingResult;

export function rateReportData(raw: unknown, frameworkOf: (version: FrameworkVersion) => Framework, rateWith: RateWith = rate): RatedReportData {
  const data = parseReportData(raw);
  const framework = frameworkOf(data.framework);
  const { report: _report, ...input } = data;
  try {
    return { data, result: rateWith(input, framework), framework };
  } catch (err) {
    if (err instanceof RatingInputError) {
      throw new ReportDataError(err.problems.map((p) => ({ path: p.path === '' ? '$' : `$.${p.path}`, message: p.message })));
    }
    throw err;
  }
}

export type ReportStatus =
  | { readonly kind: 'ready'; readonly draft: boolean; readonly gaps: readonly Gap[] }
  | { readonly kind: 'unusable'; readonly problems: readonly { path: string; message: string }[] };

/** The report's verdict on the data: draft or not and what it lacks, or why no report can be made from it. */
export function reportStatusOf(raw: unknown, frameworkOf: (version: FrameworkVersion) => Framework, rateWith: RateWith = rate): ReportStatus {
  try {
    const { data, result, framework } = rateReportData(raw, frameworkOf, rateWith);
    const gaps = reportGaps(data, result, framework);
    return { kind: 'ready', draft: gaps.length > 0, gaps };
  } catch (err) {
    if (err instanceof ReportDataError) return { kind: 'unusable', problems: err.problems };
    throw err;
  }
}
