/**
 * The published report from each seed's report data, in every format, read back with real readers (Chromium
 * for HTML, pdftotext for PDF, jszip for DOCX, exceljs for XLSX, csv-parse for CSV) and compared with the
 * figures in the fixture and the ratings printed in the seed reports.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { launchBrowser } from '../../src/report/pdf.js';
import { reportCharts } from '../../src/report/charts.js';
import { ANNEX_CSV_HEADER, prepareReport, renderReport, ReportDataError, reportDataJsonSchema, type ReportData } from '../../src/report/index.js';
import { fromRows, readCsv, readDocx, readPdf, readPdfText, readXlsx, type Figures } from './readback.js';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'report');
const OUT = join(process.cwd(), 'test-output', 'report');
const published = JSON.parse(readFileSync(join(FIXTURES, 'published.json'), 'utf8')) as Record<string, { ratings: Record<string, string>; score: number; overall: string }>;
const names = readdirSync(FIXTURES).filter((f) => f.endsWith('.json') && f !== 'published.json').map((f) => f.replace(/\.json$/, ''));
const load = (name: string): ReportData => JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as ReportData;

/** What every output must show: the fixture's counts and the seed's published ratings and score. */
function expected(name: string): { figures: Map<string, [number, number, string]>; ratings: Map<string, string>; scoreText: string } {
  const data = load(name);
  const figures = new Map<string, [number, number, string]>();
  const discretionStd = new Set((data.discretion ?? []).map((d) => d.standard));
  const lowestOf = new Map<string, number>();
  for (const [sid, s] of Object.entries(data.standards ?? {})) {
    for (const [kq, c] of Object.entries(s.keyQuestions ?? {})) {
      const lowest = Math.min(...Object.values(s.keyQuestions!).filter((x) => x.relevant > 0).map((x) => x.yes / x.relevant));
      lowestOf.set(kq, lowest);
      const marked = discretionStd.has(sid) && c.yes / c.relevant === lowest ? '*' : '';
      figures.set(kq, [c.relevant, c.yes, `${Math.round((c.yes * 100) / c.relevant)}%${marked}`]);
    }
  }
  for (const [id, c] of Object.entries(data.report?.promptFigures ?? {})) figures.set(id, [c.relevant, c.yes, `${Math.round((c.yes * 100) / c.relevant)}%`]);
  const p = published[name]!;
  return { figures, ratings: new Map(Object.entries(p.ratings)), scoreText: `${p.score}/36` };
}

function compare(name: string, got: Figures, opts: { percent?: boolean; score?: boolean } = {}): void {
  const want = expected(name);
  expect(want.figures.size).toBeGreaterThan(20);
  for (const [id, [rel, yes, pct]] of want.figures) {
    expect(got.figures.get(id)?.slice(0, 2), `${name} ${id}`).toEqual([rel, yes]);
    if (opts.percent !== false) expect(got.figures.get(id)?.[2], `${name} ${id} %`).toBe(pct);
  }
  for (const [id, rating] of want.ratings) expect(got.ratings.get(id), `${name} rating ${id}`).toBe(rating);
  if (opts.score !== false) expect(got.scoreText).toBe(want.scoreText);
}

it('publishes the report-data JSON Schema generated from the zod schema', () => {
  const committed = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'schemas', 'report-data.schema.json'), 'utf8'));
  // Out of date? Run `npx tsx test/report/write-schema.ts`.
  expect(committed).toEqual(JSON.parse(JSON.stringify(reportDataJsonSchema())));
});

describe.each(names)('%s', (name) => {
  it('rates with the engine to the published ratings, score and overall rating', () => {
    const { result, view } = prepareReport(load(name));
    const p = published[name]!;
    for (const [id, rating] of Object.entries(p.ratings)) expect(result.standards.find((s) => s.id === id)?.rating, id).toBe(rating);
    expect(result.score).toBe(p.score);
    expect(result.overall).toBe(p.overall);
    expect(view.ratings.scoreText).toBe(`${p.score}/36`);
  });

  it('CSV annex carries every figure, rating and the score', async () => {
    const csv = readCsv((await renderReport(load(name), 'csv')) as string);
    expect(csv.header).toEqual([...ANNEX_CSV_HEADER]);
    compare(name, csv);
  });

  it('XLSX annex: one sheet per table, numbers stored as numbers', async () => {
    const x = await readXlsx((await renderReport(load(name), 'xlsx')) as Buffer);
    expect(x.sheets).toEqual(expect.arrayContaining(['Ratings', 'Key questions', 'Prompts']));
    expect(x.numbersAreNumbers).toBe(true);
    compare(name, x, { percent: false });
  });

  it('DOCX has real headings, tables and footnotes with every figure', async () => {
    const d = await readDocx((await renderReport(load(name), 'docx')) as Buffer);
    compare(name, d);
    expect(d.headings).toEqual(expect.arrayContaining(['Ratings', 'Recommendations', 'Data annex', 'Methodology']));
    expect(d.headings.some((h) => /^2\.2\. Planning$/.test(h))).toBe(true);
    expect(d.footnotes).toContain('This question is only relevant in cases with factors related to keeping other people safe.');
  });

  it('DOCX carries the same charts as the HTML: SVG with a PNG fallback, the text alternative as alt text', async () => {
    const d = await readDocx((await renderReport(load(name), 'docx')) as Buffer);
    const charts = await reportCharts(prepareReport(load(name)).view);
    const expected = [...(charts.context ? [charts.context] : []), ...charts.domains.values()];
    expect(expected.length).toBeGreaterThan(0);
    expect(d.images.map((i) => i.name)).toEqual(expected.map((c) => c.id));
    for (const c of expected) expect(d.images.find((i) => i.name === c.id)).toEqual({ name: c.id, title: c.title, description: c.alt });
    expect(d.media.filter((m) => m.endsWith('.svg'))).toHaveLength(expected.length);
    expect(d.media.filter((m) => m.endsWith('.png'))).toHaveLength(expected.length);
  });
});

describe('HTML and PDF in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each(names)('%s: HTML shows every figure and passes axe with no serious or critical violation', async (name) => {
    const html = (await renderReport(load(name), 'html')) as string;
    writeFileSync(join(OUT, `${name}.html`), html);
    const page = await browser.newPage();
    try {
      await page.setContent(html, { waitUntil: 'load' });
      const rows = await page.$$eval('#annex-table tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')));
      const score = await page.$eval('#ratings-table caption', (c) => c.textContent ?? '');
      compare(name, { ...fromRows(rows), scoreText: /score (\d+\/\d+|Not scored)/.exec(score)?.[1] ?? null });
      // The lowest key questions are bold in the reports' tables.
      const bold = await page.$$eval('table.kq-table tr.lowest td:first-child', (tds) => tds.map((td) => getComputedStyle(td).fontWeight));
      expect(bold.length).toBeGreaterThan(0);
      expect(bold.every((w) => Number(w) >= 700)).toBe(true);
      await page.evaluate(AXE_SOURCE);
      const violations = (await page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
        .then(r => r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id + ': ' + v.help))`)) as string[];
      expect(violations).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it.each(names)('%s: PDF printed by Chromium reads back with every figure; page 1 and a standard page kept as screenshots', async (name) => {
    const pdf = (await renderReport(load(name), 'pdf', { browser })) as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const file = join(OUT, `${name}.pdf`);
    writeFileSync(file, pdf);
    const got = readPdf(pdf);
    compare(name, got);
    const pages = readPdfText(pdf).split('\f');
    // Accessible as a published document: tagged, with the headings as its outline.
    expect(execFileSync('pdfinfo', [file]).toString()).toMatch(/^Tagged:\s+yes$/m);
    const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false }).promise;
    type Node = { title: string; items: Node[] };
    const flatten = (nodes: Node[]): string[] => nodes.flatMap((n) => [n.title, ...flatten(n.items)]);
    const outline = flatten(((await doc.getOutline()) ?? []) as Node[]);
    await doc.destroy();
    expect(outline).toContain('Ratings');
    expect(outline.some((t) => /^Domain 2/.test(t))).toBe(true);
    // No page ends with a heading: each is kept with what follows it.
    const html = (await renderReport(load(name), 'html')) as string;
    const headings = new Set([...html.matchAll(/<h[2-4][^>]*>([^<]+)<\/h[2-4]>/g)].map((m) => m[1]!.replace(/&#39;/g, "'").replace(/&amp;/g, '&').trim()));
    const lastLines = pages.map((p) => p.split('\n').map((l) => l.trim()).filter((l) => l && !/^\d+ \/ \d+$/.test(l)).at(-1) ?? '');
    expect(lastLines.filter((l) => headings.has(l))).toEqual([]);
    const standardPage = pages.findIndex((p) => /2\.2\. Planning/.test(p)) + 1;
    expect(standardPage).toBeGreaterThan(1);
    for (const [label, n] of [['page-1', 1], ['standard-2.2', standardPage]] as const) {
      execFileSync('pdftoppm', ['-png', '-r', '70', '-singlefile', '-f', String(n), '-l', String(n), file, join(OUT, `${name}-${label}`)]);
      expect(readFileSync(join(OUT, `${name}-${label}.png`)).subarray(1, 4).toString()).toBe('PNG');
    }
  });
});

it('prints the reports\' own form: sub-sample headings, discretion footnote, methodology figures, rules from the engine', async () => {
  const html = (await renderReport(load('stockton-on-tees-2020'), 'html')) as string;
  expect(html).toContain('2.4.1: Of the 5 cases where there were changes in factors related to desistance:');
  expect(html).toContain('3.4.2: Of the 1 case with a youth conditional caution:');
  expect(html).toContain('This question is only relevant in cases with factors related to keeping the child safe.');
  expect(html).toContain("changed this standard&#39;s rating from Requires improvement (lowest key question 62.5%) to Good. Reason: Planning to promote");
  expect(html).toMatch(/<tr class="lowest"><td>2\.2\.2 Does planning focus sufficiently on keeping the child safe\?<sup>1<\/sup><\/td><td class="n">8<\/td><td class="n">5<\/td><td class="n">63%\*<\/td><\/tr>/);
  expect(html).toContain('We examined 8 cases (seven to 10 months before fieldwork).');
  expect(html).toContain('confidence level of 80 per cent (with a margin of error of 5)');
  expect(html).toContain('We held 9 meetings.');
  expect(html).toContain('0–6 Inadequate, 7–18 Requires improvement, 19–30 Good, 31–36 Outstanding');
  expect(html).toContain('<ol start="2"><li>involve children in the development of service delivery</li>');
  expect(html.match(/<svg/g)?.length).toBe(3);
  expect(html).toContain('aria-label="Bar chart of the percentage of &#39;Yes&#39; answers for each key question in domain 2');
  const stoke = (await renderReport(load('stoke-on-trent-2022'), 'html')) as string;
  expect(stoke).toContain('4.1 Resettlement policy and provision (not counted)');
  expect(stoke).toContain('Standards 1.1, 1.2, 1.3, 1.4, 3.4 and 4.1 are rated by a single judgement');
});

describe('incomplete data says what is missing', () => {
  it('complete data is not a draft', async () => {
    const data = load('stockton-on-tees-2020');
    data.report!.leadInspector = 'A. N. Inspector';
    const { view } = prepareReport(data);
    expect(view.missing).toEqual([]);
    expect(view.draft).toBe(false);
    const html = (await renderReport(data, 'html')) as string;
    expect(html).not.toContain('DRAFT');
    const d = await readDocx((await renderReport(data, 'docx')) as Buffer);
    expect(d.xml).not.toContain('DRAFT');
  });

  it('the rating input alone gives every table, marked DRAFT with the missing parts listed', async () => {
    const { report: _r, ...rateInput } = load('stockton-on-tees-2020');
    const csv = readCsv((await renderReport(rateInput, 'csv')) as string);
    // Every key question figure and rating is there; prompts have no figures without report.promptFigures or cases.
    const want = expected('stockton-on-tees-2020');
    for (const [id, fig] of want.figures) if (id.split('.').length === 3) expect(csv.figures.get(id)).toEqual(fig);
    expect(csv.scoreText).toBe('32/36');
    const html = (await renderReport(rateInput, 'html')) as string;
    expect(html).toContain('DRAFT: this report is incomplete');
    expect(html).toMatch(/<li>report details \(service, dates, lead inspector/);
    expect(html).toMatch(/<li>2\.1 Assessment: figures for 13 prompt\(s\) not recorded/);
  });

  it('an unrated counted standard leaves no score, says so, and names the standard', async () => {
    const data = load('stoke-on-trent-2022');
    delete data.standards!['2.3'];
    const { view } = prepareReport(data);
    expect(view.draft).toBe(true);
    expect(view.ratings.scoreText).toBe('Not scored (incomplete)');
    expect(view.missing).toEqual(expect.arrayContaining([expect.stringMatching(/^2\.3 Implementation and delivery: key-question figures not recorded/)]));
    const d = await readDocx((await renderReport(data, 'docx')) as Buffer);
    expect(d.ratings.get('2.3')).toBe('Not rated');
    expect(d.xml).toContain('DRAFT: this report is incomplete');
  });

  it('a key question with no relevant case is shown as such, not as 0%', async () => {
    const data = load('south-tees-2019');
    data.standards!['3.4']!.keyQuestions!['3.4.2'] = { relevant: 0, yes: 0 };
    const csv = (await renderReport(data, 'csv')) as string;
    expect(csv).toMatch(/key-question,3,3\.4,3\.4\.2,[^\n]*,youth-conditional-caution,0,0,,n\/a,/);
  });
});

describe('bad input', () => {
  it('names the JSON path of each problem, the engine\'s included', () => {
    const data = load('stockton-on-tees-2020');
    (data.report!.methodology as { confidenceLevel: unknown }).confidenceLevel = 'eighty';
    data.standards!['2.1']!.keyQuestions!['2.1.1']!.yes = 9;
    try {
      prepareReport(data);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ReportDataError);
      const paths = (err as ReportDataError).problems.map((p) => p.path);
      expect(paths).toContain('$.report.methodology.confidenceLevel');
      expect(paths.some((p) => p.includes('2.1.1') && p.endsWith('yes'))).toBe(true);
    }
  });

  it('refuses a discretion decision the engine refuses, with the reason', () => {
    const data = load('stoke-on-trent-2022');
    data.discretion = [{ standard: '3.2', rating: 'Requires improvement', reason: 'panel view' }];
    expect(() => prepareReport(data)).toThrow(ReportDataError);
  });
});
