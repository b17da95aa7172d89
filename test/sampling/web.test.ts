/**
 * The sampling screens in a real browser (Debian's Chromium through playwright-core) against the real server
 * and an embedded database: upload a population, see a bad file refused with its rows listed, review the
 * proposal and its chart, override a size (a reason is required), confirm, find the cases created, replace a
 * case that cannot be inspected (who, when and why shown), and find the plan again on a new app over the same store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { openStore, type Store } from '../../src/store/index.js';
import { buildApp } from '../../src/server/app.js';
import { testConfig } from '../../src/server/config.js';
import { webPlugin } from '../../src/web/plugin.js';
import { parsePopulationCsv } from '../../src/population/index.js';
import { samplingService } from '../../src/app/sampling/index.js';
import { launchBrowser, newContext, screenshot, seriousViolations } from '../web/harness.js';

const PASSWORD = 'correct horse battery staple';
const fixture = (name: string): string => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

let dir: string, store: Store, app: FastifyInstance, base: string, inspectionId: string, browser: Browser;
let planUrl = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yj-sampling-web-'));
  store = await openStore({ dataDir: join(dir, 'db') });
  app = await buildApp({ store, config: testConfig() }, { plugins: [webPlugin] });
  const s = app.services;
  for (const [email, displayName] of [['lead@example.org', 'Lena Lead'], ['inspector@example.org', 'Ivan Inspector']]) {
    await s.accounts.create(null, { email, displayName, password: PASSWORD });
  }
  const service = await s.inspections.createService(null, { name: 'Westshire Youth Justice Service' });
  ({ id: inspectionId } = await s.inspections.create(null, { serviceId: service.id, title: 'Westshire inspection 2025', frameworkVersion: '2018', fieldworkStart: '2025-06-02' }));
  for (const [email, role] of [['lead@example.org', 'lead-inspector'], ['inspector@example.org', 'inspector']] as const) {
    const account = await s.accounts.findByEmail(null, email);
    await s.accounts.grantRole(null, inspectionId, { accountId: account!.id, role });
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

async function signIn(email: string, at = base): Promise<Page> {
  const page = await (await newContext(browser)).newPage();
  await page.goto(`${at}/sign-in`);
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await page.click('button:has-text("Sign in")');
  await page.waitForURL(/\/inspections$/);
  return page;
}

describe('sampling screens', () => {
  it('discards a proposal that will not be confirmed, deleting its population', async () => {
    const lead = (await app.services.accounts.loadUser((await app.services.accounts.findByEmail(null, 'lead@example.org'))!.id))!;
    const population = parsePopulationCsv(readFileSync(fixture('population-small.csv'), 'utf8'), 'population-small.csv');
    const wrong = await samplingService(store).propose(lead, inspectionId, { fileName: 'last-years-population.csv', cases: population, parameters: { seed: 5 } });
    const page = await signIn('lead@example.org');
    await page.goto(`${base}/inspections/${inspectionId}/sampling/${wrong.id}`);
    expect(await seriousViolations(page)).toEqual([]);
    await page.click('button:has-text("Discard this proposal")');
    await page.waitForURL(/\/sampling\?discarded=1$/);
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('The proposal was discarded and its population deleted.');
    expect(await page.locator('#plan-list').count()).toBe(0);
    const left = await store.query<{ n: number }>(`SELECT count(*)::int AS n FROM sampling_population WHERE plan_id = $1`, [wrong.id]);
    expect(left[0]!.n).toBe(0);
    await page.context().close();
  }, 120_000);

  it('refuses a bad file with every bad row listed, then proposes, overrides and confirms a sample', async () => {
    const page = await signIn('lead@example.org');
    const upload = `${base}/inspections/${inspectionId}/sampling`;
    // The lead reaches the sampling screens from the inspection's task list.
    const task = page.locator('.govuk-task-list__item', { hasText: 'Draw the case sample' });
    await page.goto(`${base}/inspections/${inspectionId}`);
    expect(await task.textContent()).toMatch(/Not started/);
    await Promise.all([page.waitForURL(/\/sampling$/), task.locator('a').click()]);
    expect([await page.inputValue('#fieldwork-day'), await page.inputValue('#fieldwork-month'), await page.inputValue('#fieldwork-year')]).toEqual(['2', '6', '2025']);
    expect(await seriousViolations(page)).toEqual([]);

    // The upload's CSRF token travels in the form body, not the address; without it the post is refused.
    expect(await page.getAttribute('form[enctype="multipart/form-data"]', 'action')).toBe(`/inspections/${inspectionId}/sampling`);
    const forged = await page.request.post(upload, { multipart: { seed: '1', confidence: '80', margin: '5', population: { name: 'p.csv', mimeType: 'text/csv', buffer: Buffer.from('ref\n') } }, maxRedirects: 0 });
    expect(forged.status()).toBe(403);
    // The same population as a workbook, with the form's token in the body, gives the same proposal.
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Eligible population');
    for (const line of readFileSync(fixture('population-medium.csv'), 'utf8').trim().split('\n')) sheet.addRow(line.split(','));
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const token = await page.getAttribute('input[name="_csrf"]', 'value');
    const posted = await page.request.post(upload, { multipart: { _csrf: token!, seed: '20250602', confidence: '80', margin: '5', 'fieldwork-day': '2', 'fieldwork-month': '6', 'fieldwork-year': '2025', population: { name: 'population.xlsx', mimeType: 'application/octet-stream', buffer: xlsx } }, maxRedirects: 0 });
    expect(posted.status()).toBe(303);
    const xlsxPlan = await page.request.get(new URL(posted.headers().location!, base).href);
    expect(await xlsxPlan.text()).toMatch(/Court disposals: 50 of 70/);

    await page.setInputFiles('#population', fixture('bad-rows.csv'));
    await page.click('button:has-text("Propose a sample")');
    await page.locator('#file-problem-list').waitFor();
    const problems = await page.locator('#file-problem-list li').allTextContents();
    expect(problems).toHaveLength(14);
    expect(problems[0]).toMatch(/^line 3, column ref: looks like a name/);
    await screenshot(page, 'sampling-upload-refused');
    expect(await page.locator('.govuk-error-summary').textContent()).toMatch(/refused and nothing was imported/);

    await page.fill('#seed', '20250602');
    await page.setInputFiles('#population', fixture('population-medium.csv'));
    await page.click('button:has-text("Propose a sample")');
    await page.waitForURL(/\/sampling\/[0-9a-f-]{36}$/);
    expect(await page.locator('#size-court').textContent()).toMatch(/Court disposals: 50 of 70/);
    expect(await page.locator('#size-outOfCourt').textContent()).toMatch(/Out-of-court disposals: 33 of 50/);
    expect(await page.locator('#sample-table tbody tr').count()).toBe(83);
    const chartOk = await page.evaluate(() => { const img = document.querySelector('img.app-sampling-chart') as HTMLImageElement; return img.complete && img.naturalWidth > 0; });
    expect(chartOk).toBe(true);
    // At 1280 px nothing scrolls sideways, and the sizes and Confirm come before the long tables, which are collapsed.
    expect(page.viewportSize()?.width).toBe(1280);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    const top = (sel: string) => page.locator(sel).evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
    expect(await top('button:has-text("Confirm and create the cases")')).toBeLessThan(await top('#sample-details'));
    expect(await page.locator('#sample-table').isVisible()).toBe(false);
    await page.click('#sample-details summary');
    expect(await page.locator('#sample-table').isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'sampling-review');

    await page.selectOption('#domain', 'court');
    await page.fill('#sample', '24');
    await page.click('button:has-text("Change the size")');
    expect(await page.locator('.govuk-error-summary').textContent()).toMatch(/Enter the reason/);
    await page.fill('#reason', 'One week of fieldwork with four inspectors');
    await page.click('button:has-text("Change the size")');
    await page.waitForURL(/\/sampling\/[0-9a-f-]{36}\?done=size$/);
    expect((await page.locator('.govuk-notification-banner--success').textContent())!.replace(/\s+/g, ' ')).toContain('The court disposals sample was changed from 50 to 24 cases');
    expect(await page.locator('#size-court').textContent()).toMatch(/24 of 70/);
    expect(await page.locator('body').textContent()).toContain('Changed from 50 to 24: One week of fieldwork with four inspectors');

    await page.click('button:has-text("Confirm and create the cases")');
    await page.waitForURL(/\/cases\?confirmed=40$/);
    expect((await page.locator('.govuk-notification-banner--success').textContent())!.replace(/\s+/g, ' ')).toContain('The sample was confirmed: 40 cases were added to the inspection');
    const cases = await app.services.cases.list((await app.services.accounts.signIn('lead@example.org', PASSWORD, '127.0.0.1')).user, inspectionId);
    // 24 court cases, and out-of-court follows at 40% of the combined sample: 16.
    expect(cases).toHaveLength(40);
    expect(cases.filter((c) => c.domain === 2)).toHaveLength(24);
    expect(cases.filter((c) => c.domain === 3)).toHaveLength(16);
    expect(cases.every((c) => /^YJ-24-\d+$/.test(c.ref))).toBe(true);
    expect(await page.getAttribute('#sampling-link', 'href')).toBe(`/inspections/${inspectionId}/sampling`);
    await page.goto(`${base}/inspections/${inspectionId}`);
    expect(await task.textContent()).toMatch(/Confirmed from population-medium\.csv[\s\S]*Completed/);

    // The confirmed plan is where the sampling page now leads; replace a court case that cannot be inspected.
    await page.goto(upload);
    await page.waitForURL(/\/sampling\/[0-9a-f-]{36}$/);
    planUrl = page.url();
    expect(await page.locator('#confirmed-by').textContent()).toMatch(/Confirmed by Lena Lead/);
    const out = cases.find((c) => c.domain === 2)!.ref;
    await page.selectOption('#ref', out);
    await page.click('button:has-text("Replace the case")');
    expect(await page.locator('.govuk-error-summary').textContent()).toMatch(/Enter why the case cannot be inspected/);
    await page.selectOption('#ref', out);
    await page.fill('#replace-reason', 'The case file cannot be found');
    await page.click('button:has-text("Replace the case")');
    await page.locator('#replacement-table').waitFor();
    const row = (await page.locator('#replacement-table tbody tr').first().locator('td').allTextContents()).map((t) => t.trim());
    expect(row[0]).toBe(out);
    expect((await page.locator('.govuk-notification-banner--success').textContent())!.replace(/\s+/g, ' ')).toContain(`Case ${out} was replaced by ${row[1]} from the reserve list`);
    expect(row[1]).toMatch(/^YJ-24-\d+$/);
    expect(row.slice(3, 5)).toEqual(['The case file cannot be found', 'Lena Lead']);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'sampling-replaced');
    const after = await app.services.cases.list((await app.services.accounts.signIn('lead@example.org', PASSWORD, '127.0.0.1')).user, inspectionId);
    expect(after).toHaveLength(40);
    expect(after.map((c) => c.ref)).not.toContain(out);
    expect(after.map((c) => c.ref)).toContain(row[1]);
    await page.context().close();
  }, 240_000);

  it('shows the confirmed plan and its replacements after a restart (a new app on the same store)', async () => {
    const second = await buildApp({ store, config: testConfig() }, { plugins: [webPlugin] });
    try {
      const secondBase = await second.listen({ port: 0, host: '127.0.0.1' });
      const page = await signIn('lead@example.org', secondBase);
      await page.goto(planUrl.replace(base, secondBase));
      expect(await page.locator('#confirmed-by').textContent()).toMatch(/Confirmed by Lena Lead/);
      expect(await page.locator('#size-court').textContent()).toMatch(/24 of 70/);
      expect(await page.locator('#override-table').textContent()).toContain('One week of fieldwork with four inspectors');
      expect(await page.locator('#replacement-table').textContent()).toContain('The case file cannot be found');
      expect(await page.locator('#sample-table tbody tr').count()).toBe(40);
      await page.context().close();
    } finally {
      await second.close();
    }
  }, 120_000);

  it('shows the sampling screens to the lead inspector only (anyone else gets the one 404 page)', async () => {
    const page = await signIn('inspector@example.org');
    const response = await page.goto(`${base}/inspections/${inspectionId}/sampling`);
    expect(response?.status()).toBe(404);
  });
});
