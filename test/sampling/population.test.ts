import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { DISPOSAL_TYPES, domainOf } from '../../src/core/sampling/index.js';
import {
  AGE_BAND_SPELLINGS,
  DISPOSAL_SPELLINGS,
  ETHNICITY_SPELLINGS,
  GENDER_SPELLINGS,
  LEVEL_SPELLINGS,
  mapAgeBand,
  mapDisposalType,
  mapEthnicity,
  mapGender,
  mapLevel,
  parsePopulationCsv,
  parsePopulationXlsx,
  PopulationFileError,
  readPopulationFile,
  refProblem,
  type RowIssue,
} from '../../src/population/index.js';

const fixturePath = (name: string): string => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));
const HEADER = 'ref,disposal_type,start_date,gender,age_band,ethnicity,risk_of_serious_harm,safety_and_wellbeing';

function issuesOf(fn: () => unknown): RowIssue[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof PopulationFileError) return [...err.issues];
    throw err;
  }
  throw new Error('expected the file to be refused');
}

describe('value mapping of services’ spellings', () => {
  it('maps the usual spellings and abbreviations onto canonical categories', () => {
    expect(mapDisposalType('YRO')).toBe('Youth rehabilitation order');
    expect(mapDisposalType('Youth Rehabilitation Order')).toBe('Youth rehabilitation order');
    expect(mapDisposalType('  youth rehabilitation order ')).toBe('Youth rehabilitation order');
    expect(mapDisposalType('DTO')).toBe('Detention and training order');
    expect(mapDisposalType('YCC')).toBe('Youth conditional caution');
    expect(mapDisposalType('Community Resolution')).toBe('Community resolution');
    expect(mapDisposalType('S.250')).toBe('Other custodial sentence');
    expect(mapLevel('Med')).toBe('Medium');
    expect(mapLevel('Medium')).toBe('Medium');
    expect(mapLevel('V. High')).toBe('Very high');
    expect(mapLevel('VH')).toBe('Very high');
    expect(mapGender('F')).toBe('Female');
    expect(mapAgeBand('10 to 14')).toBe('10-14');
    expect(mapAgeBand('16')).toBe('15-17');
    expect(mapAgeBand('9')).toBeUndefined();
    expect(mapEthnicity('White - any other White background')).toBe('White');
    expect(mapEthnicity('Black, African, Caribbean or Black British')).toBe('Black');
    expect(mapEthnicity('Whitish')).toBeUndefined();
    expect(mapLevel('Extreme')).toBeUndefined();
  });

  it('puts every disposal type in the right domain', () => {
    for (const d of DISPOSAL_TYPES) for (const s of [d.label, ...DISPOSAL_SPELLINGS[d.label]]) expect(mapDisposalType(s)).toBe(d.label);
    expect(domainOf(mapDisposalType('Triage')!, '2018')).toBe('outOfCourt');
    expect(domainOf(mapDisposalType('DTO')!, '2018')).toBe('court');
    expect(domainOf(mapDisposalType('DTO')!, '2021')).toBe('resettlement');
    expect(domainOf(mapDisposalType('Licence')!, '2021')).toBe('court');
  });

  it('refuses references that look like names', () => {
    for (const name of ['John Smith', 'smith, j', 'JSMITH', "O'Neil", 'Smith J', 'J.Smith1']) expect(refProblem(name)).toMatch(/looks like a name/);
    for (const ok of ['YJ-2024-0183', 'C123', '2024/17', 'ab_12']) expect(refProblem(ok)).toBeNull();
  });
});

describe('population CSV', () => {
  it('reads a realistic file with mixed spellings', () => {
    const cases = parsePopulationCsv(readFileSync(fixturePath('population-medium.csv'), 'utf8'));
    expect(cases).toHaveLength(138);
    expect(new Set(cases.map((c) => c.riskOfSeriousHarm))).toEqual(new Set(['Low', 'Medium', 'High', 'Very high']));
    expect(Object.keys(cases[0]!).sort()).toEqual(['ageBand', 'disposalType', 'ethnicity', 'gender', 'ref', 'riskOfSeriousHarm', 'safetyAndWellbeing', 'startDate']);
  });

  it('reads start dates written day/month/year, as case-management exports write them, or year-month-day', () => {
    const cases = parsePopulationCsv([HEADER, 'YJ-1,Referral order,28/03/2024,Male,15-17,White,Low,Low', 'YJ-2,Triage,4/10/2024,Female,10-14,Asian,Low,Low',
      'YJ-3,Triage,2024-10-04,Female,10-14,Asian,Low,Low'].join('\n'));
    expect(cases.map((c) => c.startDate)).toEqual(['2024-03-28', '2024-10-04', '2024-10-04']);
    const issues = issuesOf(() => parsePopulationCsv([HEADER, 'YJ-1,Referral order,31/02/2024,Male,15-17,White,Low,Low'].join('\n')));
    expect(issues).toEqual([{ line: 2, column: 'start_date', value: '31/02/2024', reason: "'31/02/2024' is not a real date: write it as day/month/year (28/03/2024) or year-month-day (2024-03-28)" }]);
  });

  it('refuses a file with bad rows whole, listing every bad row by line, column and reason', () => {
    const issues = issuesOf(() => parsePopulationCsv(readFileSync(fixturePath('bad-rows.csv'), 'utf8'), 'bad-rows.csv'));
    expect(issues.map((i) => [i.line, i.column])).toEqual([
      [3, 'ref'], [4, 'ref'], [5, 'start_date'], [6, 'start_date'], [7, 'ref'], [8, 'disposal_type'], [9, 'gender'],
      [10, 'risk_of_serious_harm'], [11, 'safety_and_wellbeing'], [12, 'age_band'], [13, null], [14, 'ref'], [15, 'start_date'], [15, 'ethnicity'],
    ]);
    const reason = (line: number, column: string | null): string => issues.find((i) => i.line === line && i.column === column)!.reason;
    expect(reason(3, 'ref')).toMatch(/looks like a name/);
    expect(issues.find((i) => i.line === 3)!.value).toBeUndefined(); // a name is never echoed back
    expect(reason(5, 'start_date')).toMatch(/'2024-13-04' is not a real date: write it as day\/month\/year \(28\/03\/2024\) or year-month-day/);
    // Day first, as British case-management exports write it: 10/31/2024 (month first) is no date.
    expect(reason(6, 'start_date')).toMatch(/'10\/31\/2024' is not a real date/);
    expect(reason(7, 'ref')).toBe("duplicated reference 'YJ-101', first on line 2");
    expect(reason(8, 'disposal_type')).toMatch(/unknown value 'Probation order'; expected Referral order, /);
    expect(reason(11, 'safety_and_wellbeing')).toMatch(/missing value/);
    expect(reason(13, null)).toBe('expected 8 values as in the header, found 7');
    expect(reason(15, 'start_date')).toMatch(/2024-02-30/);
    // The good rows (lines 2 and 16) were not enough to import anything.
    expect(issues.some((i) => i.line === 2 || i.line === 16)).toBe(false);
  });

  it('refuses a header with missing columns or a column of personal data', () => {
    expect(issuesOf(() => parsePopulationCsv('ref,disposal_type,start_date,gender\nA1,RO,2024-10-01,Male\n'))).toEqual([
      { line: 1, column: null, reason: expect.stringMatching(/missing columns age_band, ethnicity, risk_of_serious_harm, safety_and_wellbeing/) },
    ]);
    const named = issuesOf(() => parsePopulationCsv(`${HEADER},Name\nA1,RO,2024-10-01,Male,15-17,White,Low,Low,Jo Bloggs\n`));
    expect(named[0]).toMatchObject({ line: 1, column: 'Name', reason: expect.stringMatching(/personal data; remove it/) });
    expect(issuesOf(() => parsePopulationCsv(''))[0]!.reason).toMatch(/empty/);
    expect(issuesOf(() => parsePopulationCsv(`${HEADER}\n`))[0]!.reason).toMatch(/no cases/);
    expect(issuesOf(() => parsePopulationCsv(`${HEADER}\nA1,"RO,2024\n`))[0]!.reason).toMatch(/not readable as CSV/);
  });

  it('accepts a BOM, header spacing and case, blank lines and extra columns (which are not kept)', () => {
    const text = `\uFEFFRef, Disposal Type ,Start_Date,Gender,Age band,Ethnicity,Risk of serious harm,Safety and wellbeing,Team\n\nA1,YRO,2024-10-01,M,15-17,Asian,Med,High,North\n,,,,,,,,\n`;
    expect(parsePopulationCsv(text)).toEqual([
      { ref: 'A1', disposalType: 'Youth rehabilitation order', startDate: '2024-10-01', gender: 'Male', ageBand: '15-17', ethnicity: 'Asian', riskOfSeriousHarm: 'Medium', safetyAndWellbeing: 'High' },
    ]);
  });
});

describe('population XLSX', () => {
  async function workbook(rows: unknown[][]): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Eligible population');
    sheet.addRow(HEADER.split(','));
    for (const r of rows) sheet.addRow(r);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  it('reads the same data from a workbook, with real date cells or ISO text', async () => {
    const data = await workbook([
      ['YJ-1', 'Referral Order', new Date(Date.UTC(2024, 9, 1)), 'Female', '10-14', 'White British', 'Low', 'Medium'],
      ['YJ-2', 'Community resolution', '2024-10-20', 'Male', 15, 'Mixed', 'Medium', 'Very high'],
    ]);
    expect(await parsePopulationXlsx(data)).toEqual([
      { ref: 'YJ-1', disposalType: 'Referral order', startDate: '2024-10-01', gender: 'Female', ageBand: '10-14', ethnicity: 'White', riskOfSeriousHarm: 'Low', safetyAndWellbeing: 'Medium' },
      { ref: 'YJ-2', disposalType: 'Community resolution', startDate: '2024-10-20', gender: 'Male', ageBand: '15-17', ethnicity: 'Mixed', riskOfSeriousHarm: 'Medium', safetyAndWellbeing: 'Very high' },
    ]);
  });

  it('refuses a workbook with bad rows, by row number', async () => {
    const data = await workbook([
      ['YJ-1', 'YRO', new Date(Date.UTC(2024, 9, 1)), 'Male', '15-17', 'White', 'Low', 'Low'],
      ['Jane Doe', 'YRO', 'next week', 'Male', '15-17', 'White', 'Low'],
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'yj-pop-'));
    try {
      writeFileSync(join(dir, 'pop.xlsx'), data);
      await expect(readPopulationFile(join(dir, 'pop.xlsx'))).rejects.toMatchObject({
        issues: [
          { line: 3, column: 'ref', reason: expect.stringMatching(/looks like a name/) },
          { line: 3, column: 'start_date', reason: expect.stringMatching(/'next week' is not a real date/) },
          { line: 3, column: 'safety_and_wellbeing', reason: expect.stringMatching(/missing value/) },
        ],
      });
      writeFileSync(join(dir, 'broken.xlsx'), 'not a zip');
      await expect(readPopulationFile(join(dir, 'broken.xlsx'))).rejects.toThrow(/not readable as an Excel workbook/);
      await expect(readPopulationFile(join(dir, 'missing.csv'))).rejects.toThrow(/cannot read the file: ENOENT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('docs/sampling.md', () => {
  it('documents every accepted spelling', () => {
    const doc = readFileSync(fileURLToPath(new URL('../../docs/sampling.md', import.meta.url)), 'utf8');
    for (const spellings of Object.values(DISPOSAL_SPELLINGS)) for (const s of spellings) expect(doc).toContain(`\`${s}\``);
    for (const table of [GENDER_SPELLINGS, AGE_BAND_SPELLINGS, ETHNICITY_SPELLINGS, LEVEL_SPELLINGS]) {
      for (const [canonical, spellings] of Object.entries(table)) {
        expect(doc).toContain(`| ${canonical} |`);
        for (const s of spellings) expect(doc).toContain(`\`${s}\``);
      }
    }
  });
});
