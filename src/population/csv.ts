/** Reads a population CSV (UTF-8, comma separated, header on the first line) into cases. */
import { parse } from 'csv-parse/sync';
import { checkRowCount, PopulationFileError, toPopulation, type RawRow } from './rows.js';
import type { PopulationCase } from '../core/sampling/index.js';

export function parsePopulationCsv(text: string, file = 'population.csv', options: { maxRows?: number } = {}): PopulationCase[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, info: true, trim: false }) as unknown as typeof records;
  } catch (err) {
    const e = err as Error & { lines?: number };
    throw new PopulationFileError(file, [{ line: e.lines ?? 1, column: null, reason: `not readable as CSV: ${e.message}` }]);
  }
  // Whole-line blanks such as ",,,,,,," from spreadsheets are skipped too.
  const rows = records.filter((r) => r.record.some((c) => c.trim() !== ''));
  if (rows.length === 0) throw new PopulationFileError(file, [{ line: 1, column: null, reason: 'the file is empty; it needs a header line and one line per case' }]);
  checkRowCount(file, rows.length - 1, options.maxRows);
  const [head, ...body] = rows;
  const data: RawRow[] = body.map((r) => ({ line: r.info.lines, cells: r.record }));
  return toPopulation(file, head!.record, data, head!.info.lines);
}
