/**
 * The published report's speed, as ratios measured in the same run:
 * - HTML: the whole report (engine, view model, Vega charts, template) against an empty page rendered by the
 *   same nunjucks environment, and the template alone against the same empty page;
 * - PDF: the report printed by Chromium against Chromium printing a static page of about the same size;
 * - DOCX: the Word report (charts as SVG with PNG fallbacks drawn by resvg) against the whole HTML report.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchLine } from './index.js';
import { medianMs, medianMsAsync } from './util.js';
import { prepareReport, renderReport } from '../src/report/index.js';
import { reportCharts } from '../src/report/charts.js';
import { renderEmptyPage, renderHtml } from '../src/report/html.js';
import { launchBrowser, printPdf } from '../src/report/pdf.js';

const FIXTURE = join(process.cwd(), 'test', 'fixtures', 'report', 'stockton-on-tees-2020.json');

/** A static page of about `chars` characters: plain paragraphs and a table, no charts, no template. */
function staticPage(chars: number): string {
  const rows: string[] = [];
  let size = 0;
  for (let i = 0; size < chars; i++) {
    const row = `<tr><td>${i}</td><td>Static row ${i} with some text of a typical length for a key question in a report table?</td><td>8</td><td>6</td><td>75%</td></tr>`;
    rows.push(row);
    size += row.length;
  }
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>static</title></head><body><h1>Static page</h1><table>${rows.join('')}</table></body></html>`;
}

export async function run(): Promise<BenchLine[]> {
  const data: unknown = JSON.parse(readFileSync(FIXTURE, 'utf8'));
  const empty = medianMs(() => renderEmptyPage(), 200, 20);
  const full = await medianMsAsync(() => renderReport(data, 'html'), 10, 2);
  const prepared = prepareReport(data);
  const charts = await reportCharts(prepared.view);
  const templateOnly = medianMs(() => renderHtml(prepared.view, charts), 30, 5);
  const html = renderHtml(prepared.view, charts);
  const docx = await medianMsAsync(() => renderReport(data, 'docx'), 5, 1);

  const browser = await launchBrowser();
  try {
    const page = staticPage(html.length);
    const staticPdf = await medianMsAsync(() => printPdf(page, { browser }), 5, 1);
    const reportPdf = await medianMsAsync(() => renderReport(data, 'pdf', { browser }), 5, 1);
    return [
      { name: 'HTML report, Stockton fixture (engine, view, 3 Vega charts, template)', baseline: 'empty page, same nunjucks env', ratio: full / empty, detail: `${html.length.toLocaleString('en-GB')} characters` },
      { name: 'HTML template alone, same view and charts', baseline: 'empty page, same nunjucks env', ratio: templateOnly / empty },
      { name: 'Word report (whole pipeline, charts with PNG fallbacks)', baseline: 'the whole HTML report, same data', ratio: docx / full },
      { name: 'PDF report printed by Chromium (whole pipeline, browser reused)', baseline: `Chromium printing a static page of ${page.length.toLocaleString('en-GB')} characters`, ratio: reportPdf / staticPdf },
    ];
  } finally {
    await browser.close();
  }
}
