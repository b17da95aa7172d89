/** The benchmark comparison as CSV (csv-stringify): one row per key question, then one per standard. */
import { stringify } from 'csv-stringify/sync';
import type { Benchmark } from '../../core/benchmark/index.js';
import { spreadsheetText } from '../../core/spreadsheet/index.js';

export const BENCHMARK_CSV_HEADER = [
  'level', 'id', 'standard', 'text', 'service_percent', 'library_reports', 'rank', 'of',
  'min', 'q1', 'median', 'q3', 'max', 'difference', 'quarter', 'differs_most',
  'library_figures', 'interval_confidence', 'interval_lower', 'interval_upper', 'median_outside_interval',
] as const;

const n = (v: number | null | undefined): string => (v === null || v === undefined ? '' : String(Math.round(v * 100) / 100));

export function benchmarkCsv(b: Benchmark): string {
  const rows: string[][] = [[...BENCHMARK_CSV_HEADER]];
  for (const k of b.keyQuestions) {
    const q = k.quartiles;
    rows.push([
      'key-question', k.id, k.standard, spreadsheetText(k.text), n(k.percent), String(k.count), n(k.rank), n(k.of), n(q?.min), n(q?.q1), n(q?.median), n(q?.q3), n(q?.max), n(k.difference), n(k.quarter), '',
      // With fewer than five reports, the figures themselves stand in for the quartiles.
      k.few ? k.values.map(n).join(' ') : '', n(k.interval?.confidence), n(k.interval?.lower), n(k.interval?.upper),
      k.beyondInterval === null ? '' : k.beyondInterval ? 'yes' : 'no',
    ]);
  }
  for (const s of [...b.standards].sort((a, c) => (a.id < c.id ? -1 : 1))) {
    rows.push(['standard', s.id, s.id, spreadsheetText(s.name), '', '', '', '', '', '', '', '', '', n(s.difference), '', b.differsMost.includes(s.id) ? 'yes' : 'no', '', '', '', '', '']);
  }
  return stringify(rows, { record_delimiter: '\n' });
}
