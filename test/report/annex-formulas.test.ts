/** The annex CSV is opened in spreadsheets: no text a person typed may be read there as a formula. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { renderReport, type ReportData } from '../../src/report/index.js';

const fixture = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'report', 'stoke-on-trent-2022.json'), 'utf8')) as ReportData;

describe('annex CSV formula protection', () => {
  it.each(['=HYPERLINK("http://evil.example","x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1'])('quotes a service name starting %j', async (name) => {
    const data = { ...fixture, report: { ...fixture.report, service: { ...fixture.report!.service, name } } } as ReportData;
    const rows = parse((await renderReport(data, 'csv')) as string, { relax_column_count: true }) as string[][];
    const overall = rows.find((r) => r[0] === 'overall')!;
    expect(overall[4]).toBe(`'${name.trim()}`); // the report data trims names
    // Every other text cell stays a plain figure or word: nothing else starts a formula either.
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});
