/**
 * The report page and the inspection's phase, in Debian's Chromium against the real server and an embedded
 * database: the lead reads the report's status, downloads the PDF and the Word report, moves the phase to
 * reporting and then publishes; afterwards no page shows an edit control and the server refuses a forged
 * move. axe-core runs on each new page.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import JSZip from 'jszip';
import { ACCOUNTS, signInAs, startApp, type TestApp } from './app.js';
import { hasText, launchBrowser, newContext, screenshot, seriousViolations, visible } from './harness.js';
import { completePanelWork, walkTo } from '../support/workflow.js';

let t: TestApp;
let browser: Browser;
const checkedPages = new Set<string>();

beforeAll(async () => {
  [t, browser] = await Promise.all([startApp(), launchBrowser()]);
  // In the ratings panel with its decisions made: C09–C11 are withdrawn, the panel declines where eligible.
  await walkTo(t.services, t.users.lead, t.inspectionId, 'panel');
  await completePanelWork(t.services, t.users.lead, t.inspectionId);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function check(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('load');
  expect(await seriousViolations(page), `${name}: ${page.url()}`).toEqual([]);
  checkedPages.add(name);
  await screenshot(page, name);
}

const signIn = (context: BrowserContext, who: keyof typeof ACCOUNTS): Promise<Page> => signInAs(t, context, who);

const overview = () => `${t.base}/inspections/${t.inspectionId}`;

async function csrfFrom(page: Page): Promise<string> {
  await page.goto(`${t.base}/sign-out`);
  return (await page.getAttribute('input[name=_csrf]', 'value'))!;
}

/** Forms that change something, and controls to change things: none may show once published. */
async function editControls(page: Page): Promise<number> {
  return page.locator('main form[method="post"], textarea, input[type=radio], input[type=checkbox], a:has-text("Assign"), a:has-text("Add evidence"), a:has-text("Change")').count();
}

describe('report and phase', () => {
  it('the lead sees the report status from the report module and downloads the PDF and the Word report', async () => {
    const context = await newContext(browser);
    const page = await signIn(context, 'lead');
    await page.goto(overview());
    await hasText(page.locator('.govuk-task-list'), /Draft: \d+ parts? missing/);
    // The lead quality assures: the assessments task leads to the cases waiting for it when there are any.
    const submitted = (await t.services.cases.list(t.users.lead, t.inspectionId)).filter((c) => c.state === 'submitted').length;
    expect(await page.getAttribute('.govuk-task-list a:has-text("Case assessments")', 'href')).toBe(`/inspections/${t.inspectionId}/cases${submitted ? '?state=submitted' : ''}`);
    // Cases added without a sampling plan are the sample: the sampling task says so rather than "Not started".
    expect(await page.locator('.govuk-task-list__item', { hasText: 'Draw the case sample' }).textContent()).toMatch(/\d+ cases were added without drawing a sample here[\s\S]*Completed/);
    await page.click('.govuk-task-list a:has-text("Report")');
    await hasText(page.locator('h1'), 'Report');
    await hasText(page.locator('.govuk-summary-list'), 'Draft');
    await hasText(page.locator('#report-missing li'), 'publication date (set when the inspection is published)');
    // The report module lists what the store does not hold (findings text), in its own words.
    await hasText(page.locator('#report-missing li'), /strengths and areas for improvement/);
    await check(page, 'report');

    const formats = await page.locator('#report-downloads a[data-format]').evaluateAll((els) => els.map((e) => e.getAttribute('data-format')));
    expect(formats.sort()).toEqual(['csv', 'docx', 'html', 'pdf', 'xlsx']);

    // The PDF through the browser's own download.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a:has-text("Download PDF")')]);
    expect(download.suggestedFilename()).toBe('northshire-youth-justice-service-report.pdf');
    const pdf = readFileSync((await download.path())!);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pdfHead = await page.request.get(`${overview()}/report/download/pdf`);
    expect(pdfHead.headers()['content-type']).toBe('application/pdf');
    expect(pdfHead.headers()['content-disposition']).toBe('attachment; filename="northshire-youth-justice-service-report.pdf"');

    // The Word report: a zip holding a Word document that names the service.
    const docx = await page.request.get(`${overview()}/report/download/docx`);
    expect(docx.status()).toBe(200);
    expect(docx.headers()['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(docx.headers()['content-disposition']).toBe('attachment; filename="northshire-youth-justice-service-report.docx"');
    const bytes = await docx.body();
    expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    const document = await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
    expect(document).toContain('Northshire Youth Justice Service');

    const csv = await page.request.get(`${overview()}/report/download/csv`);
    expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
    expect((await csv.text()).split('\n')[0]).toMatch(/^level,domain,standard,id,/);
    expect((await page.request.get(`${overview()}/report/download/odt`)).status()).toBe(404);

    // The HTML report as a page of its own, with its inline styles allowed (the draft banner is red).
    await page.goto(`${overview()}/report`);
    await Promise.all([page.waitForNavigation(), page.click('#view-report')]);
    await hasText(page.locator('.draft-banner'), 'DRAFT');
    expect(await page.$eval('.draft-banner', (e) => getComputedStyle(e).backgroundColor)).toBe('rgb(212, 53, 28)');
    await check(page, 'report-html');
    await context.close();
  }, 300_000);

  it('the lead records a domain\'s strengths and areas for improvement, and the report stops listing them as missing', async () => {
    const context = await newContext(browser);
    const page = await signIn(context, 'lead');
    await page.goto(`${overview()}/report`);
    await hasText(page.locator('#report-missing'), /domain 2 \(Court disposals\)/);
    await page.click('#findings-link');
    await hasText(page.locator('h1'), 'Strengths and areas for improvement');
    await check(page, 'findings');
    await page.click('a:has-text("Court disposals")');
    await hasText(page.locator('h1'), 'Court disposals');
    // A finding over the limit is refused with the error summary, and the text typed is kept.
    await page.fill('#strengths', 'x'.repeat(2001));
    await page.click('button:has-text("Save findings")');
    await hasText(page.locator('.govuk-error-summary'), 'Each finding must be 2,000 characters or fewer');
    expect((await page.inputValue('#strengths')).length).toBe(2001);
    await check(page, 'findings-domain-error');
    await page.fill('#strengths', 'Assessments drew well on other agencies.\n\nPlanning for desistance was strong.');
    await page.fill('#areas', 'Contingency planning for safety was not specific enough.');
    await page.click('button:has-text("Save findings")');
    await page.waitForURL(/\/findings\?saved=2$/);
    expect((await page.locator('.govuk-notification-banner--success').textContent())!.replace(/\s+/g, ' ')).toContain('The strengths and areas for improvement for court disposals were saved');
    await hasText(page.locator('table'), /Court disposals\s*2\s*1/);
    await page.goto(`${overview()}/report`);
    const missing = await page.locator('#report-missing').innerText();
    expect(missing).not.toContain('domain 2 (Court disposals)');
    expect(missing).toContain('domain 3 (Out-of-court disposals)');
    await context.close();

    const readOnly = await newContext(browser);
    const reader = await signIn(readOnly, 'readonly');
    await reader.goto(`${overview()}/findings/2`);
    await hasText(reader.locator('main'), 'Planning for desistance was strong.');
    expect(await reader.locator('main form[method="post"], textarea').count()).toBe(0);
    await readOnly.close();
  });

  it('only the lead may move the phase: others see no control and a forged move is refused', async () => {
    const context = await newContext(browser);
    const page = await signIn(context, 'panel');
    await page.goto(overview());
    expect(await page.locator('a:has-text("Change")').count()).toBe(0);
    await page.goto(`${overview()}/phase`);
    expect(await page.locator('main form[method="post"]').count()).toBe(0);
    await hasText(page.locator('main'), 'Only the lead inspector');
    // Reading the report is open to every member of the inspection.
    await page.goto(`${overview()}/report`);
    await hasText(page.locator('#report-downloads'), 'Download Word (DOCX)');
    const annex = await page.request.get(`${overview()}/report/download/xlsx`);
    expect(annex.headers()['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(annex.headers()['content-disposition']).toBe('attachment; filename="northshire-youth-justice-service-data-annex.xlsx"');
    const token = await csrfFrom(page);
    const forged = await page.request.post(`${overview()}/phase`, { form: { _csrf: token, phase: 'reporting', version: String((await t.services.inspections.get(t.users.lead, t.inspectionId)).version), confirmed: 'yes' } });
    expect(forged.status()).toBe(403);
    expect((await t.services.inspections.get(t.users.lead, t.inspectionId)).phase).toBe('panel');
    await context.close();
  }, 120_000);

  it('the lead moves the phase with a confirmation, then publishes, and every page is read-only', async () => {
    const context = await newContext(browser);
    const page = await signIn(context, 'lead');
    await page.goto(overview());
    await page.click('a:has-text("Change the phase")');
    await hasText(page.locator('legend'), 'Move the inspection to another phase');
    await check(page, 'phase');
    // No choice: the error summary and the inline message.
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Continue")')]);
    await visible(page.locator('.govuk-error-summary'));
    await visible(page.locator('#phase-error'));
    await check(page, 'phase-error');
    await page.check('input[name="phase"][value="reporting"]');
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Continue")')]);
    await hasText(page.locator('h1'), 'Move the inspection from ratings panel to reporting?');
    await check(page, 'phase-confirm');
    // Nothing has moved until it is confirmed.
    expect((await t.services.inspections.get(t.users.lead, t.inspectionId)).phase).toBe('panel');
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Yes, move to reporting")')]);
    await hasText(page.locator('.govuk-notification-banner'), 'The inspection moved to reporting');
    await hasText(page.locator('.govuk-summary-list'), 'Reporting');
    // A move decided on a stale page (another tab, before this move) is refused with the phase it is in now.
    const staleVersion = String((await t.services.inspections.get(t.users.lead, t.inspectionId)).version - 1);
    const stale = await page.request.post(`${overview()}/phase`, { form: { _csrf: await csrfFrom(page), phase: 'published', version: staleVersion, confirmed: 'yes' } });
    expect(stale.status()).toBe(409);
    expect(await stale.text()).toContain('it is now in reporting');
    expect((await t.services.inspections.get(t.users.lead, t.inspectionId)).phase).toBe('reporting');
    await page.goto(overview());

    await page.click('a:has-text("Change the phase")');
    await page.check('input[name="phase"][value="published"]');
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Continue")')]);
    await hasText(page.locator('h1'), 'Are you sure you want to publish the inspection?');
    // Publishing a draft is never done unawares: the confirmation lists what the report still lacks.
    await hasText(page.locator('#publish-report-missing'), /The report is still a draft/);
    await hasText(page.locator('#publish-report-missing li').first(), /\S/);
    expect(await page.locator('#publish-report-missing').textContent()).not.toContain('publication date');
    await check(page, 'publish-confirm');
    // The same publish without saying it is a draft (a forged or outdated form) is refused, naming the gaps.
    const form = { _csrf: await page.getAttribute('input[name=_csrf]', 'value') ?? '', phase: 'published', version: await page.getAttribute('input[name=version]', 'value') ?? '', confirmed: 'yes' };
    const undeclared = await page.request.post(`${overview()}/phase`, { form });
    expect(undeclared.status()).toBe(400);
    expect(await undeclared.text()).toContain('The report is still a draft without:');
    expect((await t.services.inspections.get(t.users.lead, t.inspectionId)).phase).toBe('reporting');
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Publish the draft")')]);
    await hasText(page.locator('.govuk-notification-banner'), 'The inspection moved to published');
    await hasText(page.locator('.govuk-inset-text'), 'published: everything is read-only');
    await check(page, 'published-overview');
    expect((await t.services.inspections.get(t.users.lead, t.inspectionId)).phase).toBe('published');

    // The lead has every right, yet after publishing no page offers an edit control.
    const base = overview();
    const pages = [
      base, `${base}/cases`, `${base}/cases/${t.cases.C11}`, `${base}/cases/${t.cases.C11}/standards/2.1`, `${base}/cases/${t.cases.C01}`,
      `${base}/cases/${t.cases.C11}/assign`, `${base}/evidence`, `${base}/evidence/new`, `${base}/judgements/1.1`, `${base}/ratings`, `${base}/phase`, `${base}/report`,
    ];
    for (const url of pages) {
      await page.goto(url);
      expect(await editControls(page), url).toBe(0);
    }
    await page.goto(`${base}/report`);
    await hasText(page.locator('.govuk-summary-list'), 'Published');
    const pdf = await page.request.get(`${base}/report/download/docx`);
    expect(pdf.status()).toBe(200);

    // The server refuses a forged move back.
    const token = await csrfFrom(page);
    const forged = await page.request.post(`${base}/phase`, { form: { _csrf: token, phase: 'reporting', version: String((await t.services.inspections.get(t.users.lead, t.inspectionId)).version), confirmed: 'yes' } });
    expect(forged.status()).toBe(403);
    expect((await t.services.inspections.get(t.users.lead, t.inspectionId)).phase).toBe('published');
    await context.close();
  }, 300_000);

  it('ran axe on every new page', () => {
    expect([...checkedPages].sort()).toEqual(['findings', 'findings-domain-error', 'phase', 'phase-confirm', 'phase-error', 'publish-confirm', 'published-overview', 'report', 'report-html']);
  });
});
