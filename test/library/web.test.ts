/**
 * The library screens in Debian's Chromium against the real server and an embedded database: upload the
 * three published seeds, see what was read with its warnings, correct a field with a reason (refused
 * without one), benchmark a report with its chart and download the CSV, benchmark an inspection in
 * progress; axe finds no serious or critical violations; a read-only account sees no upload or correction.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { parse } from 'csv-parse/sync';
import { openStore, type Store } from '../../src/store/index.js';
import { buildApp } from '../../src/server/app.js';
import { testConfig } from '../../src/server/config.js';
import { webPlugin } from '../../src/web/plugin.js';
import { BENCHMARK_CSV_HEADER } from '../../src/app/library/index.js';
import { launchBrowser, newContext, screenshot, seriousViolations } from '../web/harness.js';
import { SEEDS, seedPath } from './seeds.js';

const PASSWORD = 'correct horse battery staple';
let dir: string, store: Store, app: FastifyInstance, base: string, inspectionId: string, browser: Browser;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yj-library-web-'));
  store = await openStore({ dataDir: join(dir, 'db') });
  app = await buildApp({ store, config: testConfig() }, { plugins: [webPlugin] });
  const s = app.services;
  for (const [email, displayName] of [['lead@example.org', 'Lena Lead'], ['reader@example.org', 'Rory Reader']]) {
    await s.accounts.create(null, { email, displayName, password: PASSWORD });
  }
  const service = await s.inspections.createService(null, { name: 'Westshire Youth Justice Service' });
  ({ id: inspectionId } = await s.inspections.create(null, { serviceId: service.id, title: 'Westshire inspection 2026', frameworkVersion: '2018' }));
  for (const [email, role] of [['lead@example.org', 'lead-inspector'], ['reader@example.org', 'read-only']] as const) {
    await s.accounts.grantRole(null, inspectionId, { accountId: (await s.accounts.findByEmail(null, email))!.id, role });
  }
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function signIn(email: string): Promise<Page> {
  const page = await (await newContext(browser)).newPage();
  await page.goto(`${base}/sign-in`);
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await page.click('button:has-text("Sign in")');
  await page.waitForURL(/\/inspections$/);
  return page;
}

async function printToPdf(text: string): Promise<Buffer> {
  const page = await browser.newPage();
  try {
    const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    await page.setContent(`<!doctype html><meta charset="utf-8"><style>pre{font:10pt/1.3 "Liberation Sans",sans-serif;white-space:pre-wrap}</style><pre>${escaped}</pre>`);
    return await page.pdf({ format: 'A4', margin: { top: '15mm', bottom: '15mm', left: '15mm', right: '15mm' } });
  } finally {
    await page.close();
  }
}

describe('library screens', () => {
  it('uploads the seeds, corrects a field, benchmarks and downloads the CSV', async () => {
    const page = await signIn('lead@example.org');
    await page.click('.govuk-service-navigation a:has-text("Library of published inspections")');
    await page.waitForURL(/\/library$/);
    expect(await page.locator('#library-empty').count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);

    await page.click('#add-report');
    await page.click('button:has-text("Read the report")');
    expect(await page.locator('.govuk-error-summary').textContent()).toMatch(/Choose the report file/);
    await page.setInputFiles('#report', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Minutes of the team meeting\nNothing to report.\n') });
    await page.click('button:has-text("Read the report")');
    expect(await page.locator('.govuk-error-summary').textContent()).toMatch(/Nothing in notes.txt reads as an HMIP youth inspection report/);
    expect(await seriousViolations(page)).toEqual([]);

    // Two as text, the last as a PDF printed by Chromium (the way a published PDF carries its text).
    for (const seed of SEEDS) {
      await page.goto(`${base}/library/upload`);
      const text = readFileSync(seedPath(seed));
      const file = seed === 'stoke-on-trent-2022'
        ? { name: `${seed}.pdf`, mimeType: 'application/pdf', buffer: await printToPdf(text.toString('utf8')) }
        : { name: `${seed}.txt`, mimeType: 'text/plain', buffer: text };
      await page.setInputFiles('#report', file);
      await page.click('button:has-text("Read the report")');
      await page.waitForURL(/\/library\/[0-9a-f-]{36}\?added=1$/);
    }
    // The last one read: Stoke-on-Trent (2021 framework).
    expect(await page.locator('#report-summary').textContent()).toMatch(/Stoke-on-Trent Youth Justice Service[\s\S]*September 2022[\s\S]*2021[\s\S]*Requires improvement[\s\S]*stoke-on-trent-2022.pdf \(PDF\)/);
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto(`${base}/library?framework=2018`);
    expect(await page.locator('#library-table tbody tr').count()).toBe(2);
    await page.goto(`${base}/library`);
    expect(await page.locator('#library-table tbody tr').count()).toBe(3);
    await screenshot(page, 'library-list');
    await page.click('a:has-text("Stockton-on-Tees Youth Offending Service")');
    await page.locator('#report-summary').waitFor();
    expect(await page.locator('#report-summary').textContent()).toMatch(/Published\s*Not stated/);
    expect(await page.locator('#warning-list').textContent()).toMatch(/\S/);

    await page.selectOption('#field', 'published');
    await page.fill('#value', '2020-11');
    await page.click('button:has-text("Save the correction")');
    expect(await page.locator('.govuk-error-summary').textContent()).toMatch(/Enter the reason/);
    expect(await page.inputValue('#value')).toBe('2020-11');
    await page.fill('#reason', 'The cover gives November 2020 as the publication date');
    await page.click('button:has-text("Save the correction")');
    await page.waitForURL(/\?corrected=1#corrections$/);
    expect((await page.locator('.govuk-notification-banner--success').textContent())!.replace(/\s+/g, ' ')).toContain('The correction was saved and recorded in the history below');
    expect(await page.locator('#report-summary').textContent()).toMatch(/November 2020/);
    expect(await page.locator('#corrections').textContent()).toMatch(/Corrected published from not stated to 2020-11[\s\S]*The cover gives November 2020/);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'library-report');

    // A row's "Correct" link narrows the field list to that row's fields (a prompt here: three, not hundreds).
    await page.click('#prompts summary');
    const promptRow = page.locator('#prompts-table tbody tr').first();
    const promptId = (await promptRow.locator('td').first().textContent())!.trim();
    await promptRow.locator('a:has-text("Correct")').click();
    await page.waitForURL(/\?row=prompts\./);
    expect(await page.locator('#correct-row').textContent()).toContain(`Fields of prompt ${promptId}`);
    expect((await page.locator('#field option').allTextContents()).slice(1).map((t) => t.replace(/ \(now:.*$/, ''))).toEqual([`${promptId} (prompt): relevant cases`, `${promptId} (prompt): cases answered 'Yes'`, `${promptId} (prompt): percent 'Yes'`]);
    await page.selectOption('#field', `prompts.${promptId}.percent`);
    await page.fill('#value', '101');
    await page.click('button:has-text("Save the correction")');
    // Refused with the list still narrowed to the row.
    expect(await page.locator('.govuk-error-summary').textContent()).toMatch(/\S/);
    expect(await page.locator('#correct-row').textContent()).toContain(`Fields of prompt ${promptId}`);
    expect(await page.locator('#field option').count()).toBe(4);
    expect(await seriousViolations(page)).toEqual([]);
    await page.click('#correct-row a:has-text("Choose from every field")');
    expect(await page.locator('#field option').count()).toBeGreaterThan(100);

    await page.click('#benchmark-link');
    await page.locator('#benchmark-table').waitFor();
    // The default is the report's own framework version: the other 2018 report only.
    expect(await page.locator('#compared-with').textContent()).toMatch(/Compared with 1 report/);
    await page.selectOption('#framework', 'all');
    await page.click('button:has-text("Compare")');
    await page.waitForURL(/framework=all/);
    expect(await page.locator('#compared-with').textContent()).toMatch(/Compared with 2 reports/);
    const row = await page.locator('#benchmark-table tbody tr', { hasText: '2.1.1' }).first().locator('td').allTextContents();
    // Stockton 75% against South Tees 100% and Stoke-on-Trent 69%: two comparators, so their figures with a
    // caution, and no rank, quartiles, difference or quarter.
    expect(await page.locator('#benchmark-caution').textContent()).toMatch(/Only 2 reports compare: with fewer than 5/);
    const head = (await page.locator('#benchmark-table thead th').allTextContents()).map((t) => t.trim());
    expect(head).toEqual(['Key question', 'Question', 'Service', 'Service’s 80% interval', 'Reports', 'Library figures']);
    expect(row.map((t) => t.trim()).slice(2)).toEqual(['75', expect.stringMatching(/^\d+–\d+$/), '2', '100, 69']);
    expect(await page.locator('#differs-most li').count()).toBe(0);
    const chartOk = await page.evaluate(() => { const img = document.querySelector('img.app-benchmark-chart') as HTMLImageElement; return img.complete && img.naturalWidth > 0; });
    expect(chartOk).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'library-benchmark');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
    const csv = parse(readFileSync((await download.path())!, 'utf8')) as string[][];
    expect(download.suggestedFilename()).toBe('benchmark-stockton-on-tees-youth-offending-service.csv');
    expect(csv[0]).toEqual([...BENCHMARK_CSV_HEADER]);
    expect(csv.find((r) => r[1] === '2.1.1')!.slice(4, 13)).toEqual(['75', '2', '', '', '', '', '', '', '']);
    expect(csv.find((r) => r[1] === '2.1.1')![BENCHMARK_CSV_HEADER.indexOf('library_figures')]).toBe('100 69');

    await page.goto(`${base}/library`);
    await page.click(`a:has-text("Benchmark Westshire inspection 2026")`);
    await page.locator('#benchmark-table').waitFor();
    expect(await page.locator('#compared-with').textContent()).toMatch(/Compared with 2 reports/);
    expect(await seriousViolations(page)).toEqual([]);
  }, 240_000);

  it('lets a read-only account view the library but not add or correct', async () => {
    const page = await signIn('reader@example.org');
    await page.goto(`${base}/library`);
    expect(await page.locator('#add-report').count()).toBe(0);
    await page.click('a:has-text("South Tees Youth Offending Service")');
    await page.locator('#report-summary').waitFor();
    expect(await page.locator('form[action$="/correct"]').count()).toBe(0);
    expect(await page.locator('#standards-table a, #key-questions-table a, #prompts-table a, #report-summary a').count()).toBe(0);
    expect((await page.goto(`${base}/library/upload`))?.status()).toBe(403);
    expect((await page.goto(`${base}/library?framework=2021`))?.status()).toBe(200);
    expect(await page.locator('#library-table tbody tr').count()).toBe(1);
    expect((await page.goto(`${base}/library?from=20x&to=2019`))?.status()).toBe(400);
    expect(await page.locator('.govuk-error-summary').textContent()).toMatch(/Enter the year as four digits/);
    expect(await page.locator('#library-table tbody tr').count()).toBe(1);
  }, 120_000);
});
