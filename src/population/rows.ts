/**
 * From raw rows (CSV or XLSX) to typed population cases. A file with any bad row is refused whole: every bad
 * row is listed by line, column and reason, and nothing is imported.
 */
import { AGE_BANDS, DISPOSAL_TYPES, ETHNICITIES, GENDERS, LEVELS, parseIsoDate, type PopulationCase } from '../core/sampling/index.js';
import { mapAgeBand, mapDisposalType, mapEthnicity, mapGender, mapLevel } from './mapping.js';

export const COLUMNS = ['ref', 'disposal_type', 'start_date', 'gender', 'age_band', 'ethnicity', 'risk_of_serious_harm', 'safety_and_wellbeing'] as const;
export type Column = (typeof COLUMNS)[number];

/** A few other header spellings; the issue's header is accepted as it is. */
const HEADER_ALIASES: Record<string, Column> = {
  reference: 'ref', case_ref: 'ref', case_reference: 'ref', pseudonymous_ref: 'ref',
  disposal: 'disposal_type', sentence_type: 'disposal_type', outcome_type: 'disposal_type',
  start: 'start_date', date: 'start_date', disposal_date: 'start_date',
  rosh: 'risk_of_serious_harm', risk_of_harm: 'risk_of_serious_harm',
  safety_wellbeing: 'safety_and_wellbeing', safety_and_well_being: 'safety_and_wellbeing', s_w: 'safety_and_wellbeing',
  age: 'age_band', sex: 'gender',
};

/** Columns that would carry personal data: the file is refused until they are removed. */
const PERSONAL = new Set(['name', 'names', 'first_name', 'firstname', 'forename', 'forenames', 'given_name', 'surname', 'last_name', 'lastname', 'family_name', 'full_name', 'child_name', 'child', 'date_of_birth', 'dob', 'birth_date', 'address', 'postcode', 'post_code', 'nhs_number', 'pnc', 'pnc_number', 'upn']);

export interface RowIssue {
  /** Line in the file (CSV) or row of the sheet (XLSX), counting the header as 1. */
  readonly line: number;
  /** The column's header as written in the file, or null for a problem with the whole row or file. */
  readonly column: string | null;
  readonly value?: string;
  readonly reason: string;
}

export class PopulationFileError extends Error {
  constructor(readonly file: string, readonly issues: readonly RowIssue[]) {
    super(`${file}: refused, nothing imported — ${issues.length} problem${issues.length === 1 ? '' : 's'}:\n${issues.map(formatIssue).join('\n')}`);
    this.name = 'PopulationFileError';
  }
}

/** A file refused for its size, rows or reading time, before its rows are looked at; `message` is for the file field. */
export class PopulationLimitError extends PopulationFileError {
  constructor(file: string, readonly fieldMessage: string) {
    super(file, [{ line: 0, column: null, reason: fieldMessage }]);
    this.name = 'PopulationLimitError';
  }
}

/** Refuses more data rows than `maxRows` (the header not counted). */
export function checkRowCount(file: string, rows: number, maxRows: number | undefined): void {
  if (maxRows !== undefined && rows > maxRows) {
    throw new PopulationLimitError(file, `The file has too many rows: the limit is ${maxRows.toLocaleString('en-GB')} cases and it has ${rows.toLocaleString('en-GB')}`);
  }
}

export function formatIssue(i: RowIssue): string {
  if (i.line === 0) return i.reason; // the whole file
  const where = i.column === null ? `line ${i.line}` : `line ${i.line}, column ${i.column}`;
  return `${where}: ${i.reason}`;
}

/**
 * A start date as files write it, as YYYY-MM-DD: ISO, or day/month/year as case-management exports write it
 * (28/03/2024, 8/3/2024); null when it is not a real date. Never month/day/year: the files are British.
 */
export function fileDate(text: string): string | null {
  const dmy = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const iso = dmy ? `${dmy[3]}-${dmy[2]!.padStart(2, '0')}-${dmy[1]!.padStart(2, '0')}` : text;
  return parseIsoDate(iso) ? iso : null;
}

export interface RawRow {
  readonly line: number;
  readonly cells: readonly string[];
}

export function headerKey(h: string): string {
  return h.replace(/^\uFEFF/, '').trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
}

const list = (xs: readonly string[]): string => `${xs.slice(0, -1).join(', ')} or ${xs[xs.length - 1]}`;

/** Why a reference may identify a child, or null if it is an acceptable pseudonymous reference. */
export function refProblem(ref: string): string | null {
  if (ref === '') return 'missing reference';
  if (/[\s,.']/.test(ref) || !/\d/.test(ref)) {
    return 'looks like a name: references must be pseudonymous, with at least one digit and no spaces, commas or full stops (e.g. YJ-2024-0183); yjinspect stores no names';
  }
  // The same rule as the server's case reference, so every imported case can be created.
  if (!/^[A-Za-z0-9_/-]+$/.test(ref)) return 'references may contain only letters, digits and - _ / (no spaces, commas or full stops)';
  if (ref.length > 40) return 'references may be at most 40 characters long';
  return null;
}

interface Field<T> {
  readonly column: Column;
  readonly map: (v: string) => T | undefined;
  readonly expected: readonly string[];
}

const FIELDS = {
  disposalType: { column: 'disposal_type', map: mapDisposalType, expected: DISPOSAL_TYPES.map((d) => d.label) },
  gender: { column: 'gender', map: mapGender, expected: GENDERS },
  ageBand: { column: 'age_band', map: mapAgeBand, expected: [...AGE_BANDS, 'an age from 10 to 25'] },
  ethnicity: { column: 'ethnicity', map: mapEthnicity, expected: ETHNICITIES },
  riskOfSeriousHarm: { column: 'risk_of_serious_harm', map: mapLevel, expected: LEVELS },
  safetyAndWellbeing: { column: 'safety_and_wellbeing', map: mapLevel, expected: LEVELS },
} as const satisfies Record<string, Field<string>>;

/** Validates a header and rows; returns the cases, or throws PopulationFileError listing every problem. */
export function toPopulation(file: string, header: readonly string[], rows: readonly RawRow[], headerLine = 1): PopulationCase[] {
  const keys = header.map(headerKey);
  const issues: RowIssue[] = [];
  const position = new Map<Column, number>();
  keys.forEach((k, i) => {
    if (PERSONAL.has(k)) {
      issues.push({ line: headerLine, column: header[i]!, reason: `the column '${header[i]}' would hold personal data; remove it: yjinspect stores only pseudonymous references and classifications` });
      return;
    }
    const col = (COLUMNS as readonly string[]).includes(k) ? (k as Column) : HEADER_ALIASES[k];
    if (!col) return; // other columns are ignored and never stored
    if (position.has(col)) issues.push({ line: headerLine, column: header[i]!, reason: `a second '${col}' column; keep one` });
    else position.set(col, i);
  });
  const missing = COLUMNS.filter((c) => !position.has(c));
  if (missing.length > 0) {
    issues.push({ line: headerLine, column: null, reason: `missing column${missing.length === 1 ? '' : 's'} ${missing.join(', ')}; the header must include ${COLUMNS.join(',')}` });
  }
  if (issues.length > 0) throw new PopulationFileError(file, issues);
  if (rows.length === 0) throw new PopulationFileError(file, [{ line: headerLine, column: null, reason: 'the file has a header but no cases' }]);

  const firstLine = new Map<string, number>();
  const cases: PopulationCase[] = [];
  for (const row of rows) {
    const rowIssues: RowIssue[] = [];
    if (row.cells.length !== header.length) {
      issues.push({ line: row.line, column: null, reason: `expected ${header.length} values as in the header, found ${row.cells.length}` });
      continue;
    }
    const cell = (c: Column): string => (row.cells[position.get(c)!] ?? '').trim();
    const colName = (c: Column): string => header[position.get(c)!]!.trim();
    const ref = cell('ref');
    const problem = refProblem(ref);
    // The value is not echoed: it may be a child's name.
    if (problem) rowIssues.push({ line: row.line, column: colName('ref'), reason: problem });
    else if (firstLine.has(ref)) rowIssues.push({ line: row.line, column: colName('ref'), value: ref, reason: `duplicated reference '${ref}', first on line ${firstLine.get(ref)}` });
    else firstLine.set(ref, row.line);

    const written = cell('start_date');
    const date = fileDate(written);
    if (written === '') rowIssues.push({ line: row.line, column: colName('start_date'), value: written, reason: 'missing date' });
    else if (!date) rowIssues.push({ line: row.line, column: colName('start_date'), value: written, reason: `'${written}' is not a real date: write it as day/month/year (28/03/2024) or year-month-day (2024-03-28)` });

    const values: Record<string, string> = {};
    for (const [key, f] of Object.entries(FIELDS) as [string, Field<string>][]) {
      const raw = cell(f.column);
      const mapped = raw === '' ? undefined : f.map(raw);
      if (mapped === undefined) {
        rowIssues.push({ line: row.line, column: colName(f.column), value: raw, reason: raw === '' ? `missing value; expected ${list(f.expected)}` : `unknown value '${raw}'; expected ${list(f.expected)}` });
      } else values[key] = mapped;
    }
    if (rowIssues.length > 0) {
      issues.push(...rowIssues);
      continue;
    }
    cases.push({ ref, startDate: date!, ...values } as unknown as PopulationCase);
  }
  if (issues.length > 0) throw new PopulationFileError(file, issues);
  return cases;
}
