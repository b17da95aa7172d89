/**
 * The analysis annex of the report (how firm each rating is): absent from the published layout, and when asked
 * for, in the HTML, the CSV (extra columns) and the XLSX (two sheets), with the same intervals and words as the
 * core computes; the sample's population gives the finite population correction. Also `yjinspect report --annex`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { getFramework } from '../../src/core/framework/index.js';
import { rate } from '../../src/core/rating/index.js';
import { ratingFirmness, wilsonInterval } from '../../src/core/quality/index.js';
import { ANNEX_CSV_HEADER, renderReport, reportFile, type ReportData } from '../../src/report/index.js';
import { ANALYSIS_CSV_COLUMNS } from '../../src/report/annex.js';

const fixture = fileURLToPath(new URL('../fixtures/report/stockton-on-tees-2020.json', import.meta.url));
const load = (): ReportData => JSON.parse(readFileSync(fixture, 'utf8')) as ReportData;
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/\s+/g, ' ');

describe('the analysis annex', () => {
  const data = load();
  const fw = getFramework(data.framework);
  const expected = ratingFirmness(fw, rate(data, fw).standards, { confidence: data.report?.methodology?.confidenceLevel ?? 80 });

  it('is not in the published layout', async () => {
    const html = (await renderReport(data, 'html')) as string;
    expect(html).not.toContain('analysis-annex');
    const csv = parse((await renderReport(data, 'csv')) as string) as string[][];
    expect(csv[0]).toEqual([...ANNEX_CSV_HEADER]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderReport(data, 'xlsx')) as unknown as ArrayBuffer);
    expect(wb.getWorksheet('Firmness')).toBeUndefined();
  });

  it('when asked for, prints every standard’s firmness and every key question’s intervals in the HTML', async () => {
    const text = textOf((await renderReport(data, 'html', { annexes: ['analysis'] })) as string);
    expect(text).toContain('Analysis annex: how firm each rating is');
    expect(text).toContain('This annex is not part of the published report.');
    for (const s of expected.standards) if (s.firmness) expect(text).toContain(s.firmness.words);
    expect(text).toContain('80% interval');
    expect(text).toContain('95% interval');
  });

  it('adds its columns to the CSV and its sheets to the XLSX, with the core’s figures', async () => {
    const csv = parse((await renderReport(data, 'csv', { annexes: ['analysis'] })) as string) as string[][];
    expect(csv[0]).toEqual([...ANNEX_CSV_HEADER, ...ANALYSIS_CSV_COLUMNS]);
    const col = (name: string) => csv[0]!.indexOf(name);
    const kq = expected.keyQuestions.find((k) => k.id === '2.1.1')!;
    const row = csv.find((r) => r[0] === 'key-question' && r[3] === '2.1.1')!;
    const w80 = wilsonInterval(kq.yes, kq.relevant, { confidence: 80 });
    const w95 = wilsonInterval(kq.yes, kq.relevant, { confidence: 95 });
    expect(row[col('interval_confidence')]).toBe('80');
    expect(Number(row[col('interval_lower')])).toBe(Math.round(w80.lower * 10000) / 100);
    expect(Number(row[col('interval_upper')])).toBe(Math.round(w80.upper * 10000) / 100);
    expect(Number(row[col('interval95_lower')])).toBe(Math.round(w95.lower * 10000) / 100);
    expect(Number(row[col('interval95_upper')])).toBe(Math.round(w95.upper * 10000) / 100);
    const standard = csv.find((r) => r[0] === 'standard' && r[3] === '2.2')!;
    expect(standard[col('firmness')]).toBe(expected.standards.find((s) => s.id === '2.2')!.firmness!.words);
    // Every row has every column.
    expect(new Set(csv.map((r) => r.length))).toEqual(new Set([csv[0]!.length]));

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderReport(data, 'xlsx', { annexes: ['analysis'] })) as unknown as ArrayBuffer);
    const firm = wb.getWorksheet('Firmness')!;
    const intervals = wb.getWorksheet('Intervals')!;
    const rows: unknown[][] = [];
    intervals.eachRow((r) => rows.push(r.values as unknown[]));
    const header = rows[0]!;
    expect(header).toContain('80% lower');
    expect(header).toContain('95% upper');
    const x = rows.find((r) => r[2] === '2.1.1')!;
    expect(x[header.indexOf('80% lower')]).toBe(Math.round(w80.lower * 10000) / 100);
    expect(typeof x[header.indexOf('95% upper')]).toBe('number');
    let words = '';
    firm.eachRow((r) => { if (r.getCell(1).value === '2.2') words = String(r.getCell(9).value); });
    expect(words).toBe(expected.standards.find((s) => s.id === '2.2')!.firmness!.words);
    expect((await reportFile(data, 'csv', { annexes: ['analysis'] })).fileName).toMatch(/-data-annex-with-analysis\.csv$/);
  });

  it('uses the sample’s population for the finite population correction', async () => {
    const withPopulation = load();
    withPopulation.report!.caseSample!.court = { ...withPopulation.report!.caseSample!.court!, population: withPopulation.report!.caseSample!.court!.total + 5 };
    const csv = parse((await renderReport(withPopulation, 'csv', { annexes: ['analysis'] })) as string) as string[][];
    const plain = parse((await renderReport(data, 'csv', { annexes: ['analysis'] })) as string) as string[][];
    const col = csv[0]!.indexOf('interval_lower');
    const up = csv[0]!.indexOf('interval_upper');
    const pop = csv[0]!.indexOf('population');
    const a = csv.find((r) => r[0] === 'key-question' && r[3] === '2.1.1')!;
    const b = plain.find((r) => r[0] === 'key-question' && r[3] === '2.1.1')!;
    expect(Number(a[pop])).toBeGreaterThan(0);
    expect(b[pop]).toBe('');
    expect(Number(a[up]) - Number(a[col])).toBeLessThan(Number(b[up]) - Number(b[col]));
    // Out-of-court has no population given: no correction there.
    expect(csv.find((r) => r[0] === 'key-question' && r[3] === '3.1.1')![pop]).toBe('');
  });
});

describe('yjinspect report --annex analysis', () => {
  const bin = fileURLToPath(new URL('../../bin/yjinspect', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'yj-analysis-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const report = (args: string[]) => spawnSync(bin, ['report', ...args], { encoding: 'utf8' });

  it('writes the CSV with the analysis columns, and refuses a format or annex it does not have', () => {
    const out = join(dir, 'a.csv');
    const r = report([fixture, '--format', 'csv', '--out', out, '--annex', 'analysis']);
    expect(r.status).toBe(0);
    expect(readFileSync(out, 'utf8').split(/\r?\n/)[0]).toBe([...ANNEX_CSV_HEADER, ...ANALYSIS_CSV_COLUMNS].join(','));
    const docx = report([fixture, '--format', 'docx', '--out', join(dir, 'a.docx'), '--annex', 'analysis']);
    expect(docx.status).toBe(2);
    expect(docx.stderr).toContain('--annex analysis comes in html, pdf, csv, xlsx, not docx');
    const bogus = report([fixture, '--format', 'csv', '--out', join(dir, 'b.csv'), '--annex', 'everything']);
    expect(bogus.status).toBe(2);
    expect(bogus.stderr).toContain("--annex must be one of analysis; got 'everything'");
  });
});
