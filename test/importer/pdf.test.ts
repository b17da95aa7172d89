/**
 * A real PDF: a seed's text printed to PDF by Chromium (as a PDF converter would see a report), read back
 * with pdfjs and imported. The figures must match the hand-written expected data.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPdf } from '../../src/importer/pdf.js';
import { importReportText } from '../../src/importer/index.js';
import { readReportFile } from '../../src/importer/read-report-file.js';
import { expected, expectedFigures, figuresOf, seedText, type Seed } from './expected.js';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let browser: Browser;
let dir: string;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
  dir = mkdtempSync(join(tmpdir(), 'yjinspect-pdf-'));
});

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

async function printToPdf(seed: Seed): Promise<Uint8Array> {
  const page = await browser.newPage();
  try {
    const html = `<!doctype html><meta charset="utf-8"><style>pre{font:10pt/1.3 "Liberation Sans",sans-serif;white-space:pre-wrap;tab-size:8}</style><pre>${escape(seedText(seed))}</pre>`;
    await page.setContent(html);
    return await page.pdf({ format: 'A4', margin: { top: '15mm', bottom: '15mm', left: '15mm', right: '15mm' } });
  } finally {
    await page.close();
  }
}

describe.each(['stockton-on-tees-2020', 'stoke-on-trent-2022'] as const)('a PDF of %s', (seed) => {
  it('is read back to the same figures and ratings', async () => {
    const pdf = await printToPdf(seed);
    expect(isPdf(pdf)).toBe(true);
    const file = join(dir, `${seed}.pdf`);
    writeFileSync(file, pdf);
    const source = await readReportFile(file);
    expect(source.ok && source.kind).toBe('pdf');
    const text = source.ok ? source.text : '';
    const r = importReportText(text, { fileName: `${seed}.pdf` });
    const e = expected(seed);
    const got = figuresOf(r);
    const want = expectedFigures(e);
    expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
    for (const [id, f] of want) expect({ id, ...got.get(id) }).toEqual({ id, ...f });
    expect(Object.fromEntries(r.standards.map((s) => [s.id, s.rating]))).toEqual(e.ratings);
    expect(r.overall).toEqual(e.overall);
    expect(r.caseSample).toEqual(e.caseSample);
    expect(r.provider).toBe(e.provider);
  });
});

describe('a damaged PDF', () => {
  it('is refused with a readable message, not a crash', async () => {
    const file = join(dir, 'broken.pdf');
    writeFileSync(file, '%PDF-1.7\nthis is not really a PDF\n');
    const source = await readReportFile(file);
    expect(source.ok).toBe(false);
    if (!source.ok) expect(source.message).toMatch(/PDF could not be/);
  });
});
