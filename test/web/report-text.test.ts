/**
 * The report's written parts in Debian's Chromium against the real server and an embedded database: the lead
 * records the background, the contextual facts (a typing mistake is reported and nothing typed is lost),
 * the methodology (the confirmed sampling plan's figures as the hint) and a standard's narrative; the summary
 * shows them recorded; an inspector reads them without change links and a forged post is refused; a stale
 * save gets the conflict page. axe-core runs on every kind of page.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getFramework } from '../../src/core/framework/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { parsePopulationCsv } from '../../src/population/index.js';
import { reportTextService } from '../../src/app/report-text.js';
import { samplingService } from '../../src/app/sampling/index.js';
import { ACCOUNTS, signInAs, startApp, type TestApp } from './app.js';
import { hasText, launchBrowser, newContext, screenshot, seriousViolations } from './harness.js';

let t: TestApp;
let browser: Browser;
let plannedId: string;

beforeAll(async () => {
  [t, browser] = await Promise.all([startApp(), launchBrowser()]);
  // A confirmed sample at 90% and 6 points, so the methodology page has the plan's figures to offer. One sample
  // per inspection: the test app's inspection already has its cases, so the plan is drawn on a second one.
  const sampling = samplingService(t.store);
  const population = parsePopulationCsv(readFileSync(fileURLToPath(new URL('../sampling/fixtures/population-small.csv', import.meta.url)), 'utf8'), 'population-small.csv');
  const ins = await t.services.inspections.get(t.users.lead, t.inspectionId);
  ({ id: plannedId } = await t.services.inspections.create(null, { serviceId: ins.serviceId, title: 'Sampled inspection', frameworkVersion: '2018' }));
  await t.services.accounts.grantRole(null, plannedId, { accountId: t.users.lead.id, role: 'lead-inspector' });
  await t.services.accounts.grantRole(null, plannedId, { accountId: t.users.inspector.id, role: 'inspector' });
  const lead = (await t.services.accounts.loadUser(t.users.lead.id))!;
  const plan = await sampling.propose(lead, plannedId, { fileName: 'population-small.csv', cases: population, parameters: { seed: 7, confidence: 90, margin: 6, fieldwork: '2026-11-02' } });
  await sampling.confirm(lead, plannedId, plan.id, { version: plan.version });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function check(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('load');
  expect(await seriousViolations(page), `${name}: ${page.url()}`).toEqual([]);
}

const signIn = (context: BrowserContext, who: keyof typeof ACCOUNTS): Promise<Page> => signInAs(t, context, who);

const overview = () => `${t.base}/inspections/${t.inspectionId}`;
const summaryRow = (page: Page, label: string) => page.locator('.govuk-summary-list__row', { has: page.locator('.govuk-summary-list__key', { hasText: new RegExp(`^\\s*${label}\\s*$`) }) });

describe('the report’s written parts', () => {
  it('the lead records background, contextual facts, methodology and a narrative, and the summary shows them recorded', async () => {
    const context = await newContext(browser);
    const page = await signIn(context, 'lead');
    await page.goto(`${overview()}/report`);
    await hasText(page.locator('#report-missing li'), /^contextual facts$/);
    await page.click('#report-text-link');
    await hasText(page.locator('h1'), 'The report’s written parts');
    await hasText(summaryRow(page, 'Background'), 'Not recorded');
    await check(page, 'summary');

    // Background: two paragraphs separated by a blank line.
    await summaryRow(page, 'Background').locator('a:has-text("Add")').click();
    await hasText(page.locator('h1'), 'Background');
    await check(page, 'paragraphs form');
    await page.fill('#body', 'Northshire is a county of 600,000 people.\n\nThe service is hosted by the county council.');
    await page.click('button:has-text("Save")');
    await page.waitForURL(/\/report-text$/);
    await hasText(summaryRow(page, 'Background'), 'Recorded');

    // Contextual facts: "Add more rows" keeps what was typed; a mistyped percentage is reported, nothing is lost.
    await summaryRow(page, 'Contextual facts').locator('a:has-text("Add")').click();
    await hasText(page.locator('h1'), 'Contextual facts');
    await check(page, 'contextual facts form');
    await page.fill('#population-0-label', 'Children aged 10 to 17');
    await page.fill('#population-0-value', '61,000');
    await page.fill('#demographics-0-dimension', 'Age');
    await page.fill('#demographics-0-categories-0-label', '10 to 14');
    await page.fill('#demographics-0-categories-0-local', '32');
    await page.fill('#demographics-0-categories-0-national', '23');
    await page.fill('#demographics-0-categories-1-label', '15 to 17');
    await page.fill('#demographics-0-categories-1-local', '6o');
    await page.fill('#demographics-0-categories-1-national', '77');
    const populationRows = await page.locator('input[name$=".label"][name^="population."]').count();
    await page.click('button:has-text("Add more rows")');
    await hasText(page.locator('h1'), 'Contextual facts');
    expect(await page.locator('input[name$=".label"][name^="population."]').count()).toBeGreaterThan(populationRows);
    expect(await page.inputValue('#population-0-value')).toBe('61,000');
    expect(await page.inputValue('#demographics-0-categories-1-local')).toBe('6o');
    await page.fill('#caseload-0-label', 'Referral order');
    await page.fill('#caseload-0-count', '12');
    await page.fill('#staffing-headcount', '24');
    await page.fill('#sources', 'Youth Justice Board statistics 2025\nCounty council census figures');
    await page.click('button:has-text("Save contextual facts")');
    await hasText(page.locator('.govuk-error-summary'), /local percentage for 15 to 17 in the Age table/);
    const link = page.locator('.govuk-error-summary a', { hasText: 'local percentage' });
    expect(await link.getAttribute('href')).toBe('#demographics-0-categories-1-local');
    await hasText(page.locator('#demographics-0-categories-1-local-error'), 'percentage between 0 and 100');
    expect(await page.inputValue('#demographics-0-categories-1-local')).toBe('6o');
    expect(await page.inputValue('#demographics-0-categories-0-national')).toBe('23');
    expect(await page.inputValue('#caseload-0-count')).toBe('12');
    expect(await page.inputValue('#sources')).toBe('Youth Justice Board statistics 2025\nCounty council census figures');
    await check(page, 'contextual facts with an error');
    await screenshot(page, 'report-text-contextual-facts-error');
    await page.fill('#demographics-0-categories-1-local', '68');
    await page.click('button:has-text("Save contextual facts")');
    await page.waitForURL(/\/report-text$/);
    await hasText(summaryRow(page, 'Contextual facts'), 'Recorded');
    await summaryRow(page, 'Contextual facts').locator('a:has-text("Change")').click();
    expect(await page.inputValue('#population-0-value')).toBe('61000');
    expect(await page.inputValue('#demographics-0-categories-1-local')).toBe('68');
    await screenshot(page, 'report-text-contextual-facts');

    // Methodology: the confirmed plan's figures are the hint; the lead overrides the margin only.
    await page.goto(`${t.base}/inspections/${plannedId}/report-text`);
    await summaryRow(page, 'Methodology').locator('a:has-text("Add")').click();
    await hasText(page.locator('#confidenceLevel-hint'), 'the confirmed sampling plan’s: 90%');
    await hasText(page.locator('#marginOfError-hint'), 'the confirmed sampling plan’s: 6 percentage points');
    expect(await page.locator('#windows-resettlement').count()).toBe(0);
    await check(page, 'methodology form');
    await page.fill('#marginOfError', '5.5');
    await page.fill('#meetings', '14');
    await page.fill('#interviews-0-label', 'Case managers');
    await page.fill('#interviews-0-count', '12');
    await page.fill('#surveys-0-label', 'Children');
    await page.fill('#surveys-0-count', 'nine');
    await page.fill('#windows-court', 'seven to 10 months earlier');
    await page.click('button:has-text("Save methodology")');
    await hasText(page.locator('.govuk-error-summary'), 'Enter the number for Children as a whole number');
    expect(await page.inputValue('#windows-court')).toBe('seven to 10 months earlier');
    await page.fill('#surveys-0-count', '9');
    await page.click('button:has-text("Save methodology")');
    await page.waitForURL(/\/report-text$/);
    await hasText(summaryRow(page, 'Methodology'), 'Recorded');

    // A standard's narrative, reached from the domain's findings page, with the standard's statement shown.
    await page.goto(`${overview()}/findings/2`);
    await page.click('#domain-text-links a:has-text("2.1 Assessment")');
    await hasText(page.locator('h1'), '2.1 Assessment');
    await hasText(page.locator('#standard-statement'), /^Assessment is well informed, analytical and personalised/);
    // Beside the box: the standard's figures as the ratings show them, and the assessors' notes on its questions.
    const kqs = getFramework('2018').standards.find((s) => s.id === '2.1')!.keyQuestions;
    expect(await page.locator('#narrative-figures tbody tr').count()).toBe(kqs.length);
    expect(await page.locator('#narrative-figures tbody tr').first().textContent()).toContain(`2.1.1 ${kqs[0]!.text}`);
    expect(await page.locator('#narrative-figures .app-lowest').count()).toBeGreaterThan(0);
    await hasText(page.locator('#narrative-notes'), 'No assessor has written a note');
    const c09 = await t.services.cases.get(t.users.lead, t.cases.C09!);
    await t.services.cases.saveAnswers(t.users.lead, c09.id, { answers: [{ questionId: '2.1.1', answer: 'no', note: 'No account taken of the victim statement.', version: 0 }] });
    await page.reload();
    expect((await page.locator('#narrative-notes li').allTextContents()).map((x) => x.replace(/\s+/g, ' ').trim())).toEqual(['C09, 2.1.1 (No): No account taken of the victim statement.']);
    expect(await seriousViolations(page)).toEqual([]);
    await page.fill('#body', 'Assessments drew on information from other agencies.');
    await page.click('button:has-text("Save")');
    await page.waitForURL(/\/report-text$/);
    await hasText(summaryRow(page, '2.1 Assessment'), 'Recorded');
    for (const label of ['Background', 'Contextual facts', '2.1 Assessment']) await hasText(summaryRow(page, label), 'Recorded');
    for (const label of ['Foreword', '2.2 Planning']) await hasText(summaryRow(page, label), 'Not recorded');
    // The two parts the report needs (the methodology above was recorded on the other inspection), and how many of the optional ones are written.
    expect((await page.locator('#report-text-progress').textContent())!.trim()).toBe('The report needs 2 of these parts (contextual facts and methodology): 1 of 2 recorded. The other 17 are optional and printed when written: 2 recorded.');

    // What the service holds is what was typed, numbers as numbers.
    const facts = await reportTextService(t.store).get(t.users.lead, t.inspectionId, 'contextual-facts');
    expect(facts.body).toMatchObject({
      population: [{ label: 'Children aged 10 to 17', value: 61000 }],
      demographics: [{ dimension: 'Age', categories: [{ label: '10 to 14', local: 32, national: 23 }, { label: '15 to 17', local: 68, national: 77 }] }],
      caseload: [{ label: 'Referral order', count: 12 }],
      staffing: { headcount: 24 },
      sources: ['Youth Justice Board statistics 2025', 'County council census figures'],
    });
    const methodology = await reportTextService(t.store).get((await t.services.accounts.loadUser(t.users.lead.id))!, plannedId, 'methodology');
    expect(methodology.body).toEqual({
      marginOfError: 5.5, meetings: 14, interviews: [{ label: 'Case managers', count: 12 }], surveys: [{ label: 'Children', count: 9 }],
      windows: { court: 'seven to 10 months earlier' },
    });

    await page.goto(`${overview()}/report`);
    expect(await page.locator('#report-missing').innerText()).not.toMatch(/^contextual facts$/m);
    await page.goto(`${t.base}/inspections/${plannedId}/report`);
    expect(await page.locator('#report-missing').innerText()).not.toContain('methodology');
    await context.close();
  }, 300_000);

  it('an inspector reads the recorded parts without change links, and a post is refused', async () => {
    const context = await newContext(browser);
    const page = await signIn(context, 'inspector');
    await page.goto(`${overview()}/report-text`);
    await hasText(summaryRow(page, 'Background'), 'Recorded');
    expect(await page.locator('main a:has-text("Change"), main a:has-text("Add")').count()).toBe(0);
    await check(page, 'summary, read only');

    await summaryRow(page, 'Background').locator('a:has-text("View")').click();
    await hasText(page.locator('#section-text'), 'The service is hosted by the county council.');
    expect(await page.locator('main form[method="post"], textarea').count()).toBe(0);
    await check(page, 'paragraphs, read only');

    await page.goto(`${overview()}/report-text/contextual-facts`);
    await hasText(page.locator('caption'), 'Demographics: Age');
    await hasText(page.locator('table'), '15 to 17');
    expect(await page.locator('main form[method="post"], input:not([type=hidden]), textarea').count()).toBe(0);
    await check(page, 'contextual facts, read only');

    await page.goto(`${t.base}/inspections/${plannedId}/report-text/methodology`);
    await hasText(page.locator('.govuk-summary-list'), '5.5 percentage points');
    await hasText(page.locator('.govuk-summary-list'), '90%');
    expect(await page.locator('main form[method="post"]').count()).toBe(0);
    await check(page, 'methodology, read only');

    // A forged post with a valid CSRF token: refused with the error page, nothing changed.
    await page.goto(`${t.base}/sign-out`);
    const csrf = (await page.getAttribute('input[name=_csrf]', 'value'))!;
    const res = await page.request.post(`${overview()}/report-text/background`, { form: { _csrf: csrf, body: 'Rewritten by an inspector.', version: '1' } });
    expect(res.status()).toBe(403);
    expect(await res.text()).toContain('Only the lead inspector can do this.');
    const background = await reportTextService(t.store).get(t.users.lead, t.inspectionId, 'background');
    expect(background.body).toEqual(['Northshire is a county of 600,000 people.', 'The service is hosted by the county council.']);
    await context.close();
  }, 300_000);

  it('a save over someone else\'s shows both versions, and the lead may keep theirs', async () => {
    const context = await newContext(browser);
    const page = await signIn(context, 'lead');
    await page.goto(`${overview()}/report-text/foreword`);
    // Someone else records the foreword after this page was loaded.
    await reportTextService(t.store).save(t.users.lead, t.inspectionId, { section: 'foreword', body: ['Written elsewhere.'], version: 0 });
    await page.fill('#body', 'Written here.');
    await page.click('button:has-text("Save")');
    await hasText(page.locator('h1'), 'Someone else changed this while you were working');
    await hasText(page.locator('table'), 'Written elsewhere.');
    await hasText(page.locator('table'), 'Written here.');
    await check(page, 'conflict');
    await page.click('button:has-text("Keep my version")');
    await page.waitForURL(/\/report-text$/);
    const foreword = await reportTextService(t.store).get(t.users.lead, t.inspectionId, 'foreword');
    expect(foreword.body).toEqual(['Written here.']);
    expect(foreword.version).toBe(2);
    await context.close();
  }, 300_000);

  it('a section the framework does not have is not found', async () => {
    const context = await newContext(browser);
    const page = await signIn(context, 'lead');
    expect((await page.goto(`${overview()}/report-text/narrative/4.1`))!.status()).toBe(404);
    expect((await page.goto(`${overview()}/report-text/epilogue`))!.status()).toBe(404);
    await context.close();
  });
});
