/**
 * The inspection team's journey in a real browser (Debian's Chromium through playwright-core) against the
 * real server and an embedded database: a local assessor assesses a case, the lead quality-assures it, a
 * panel member applies discretion, a read-only account sees no edit controls and a forged post is refused,
 * and the assessment again with JavaScript off. axe-core runs on every page; screenshots go to
 * test-output/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { getFramework } from '../../src/core/framework/index.js';
import { ACCOUNTS, signInAs, startApp, type TestApp } from './app.js';
import { hasText, launchBrowser, newContext, screenshot, seriousViolations, seriousViolationsWithoutJs, visible } from './harness.js';

let t: TestApp;
let browser: Browser;
let audit: BrowserContext;
const noJs = new WeakSet<BrowserContext>();
const checkedPages = new Set<string>();

beforeAll(async () => {
  [t, browser] = await Promise.all([startApp(), launchBrowser()]);
  audit = await newContext(browser);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** Every page the journey lands on: no serious or critical axe violations, and a screenshot. */
async function check(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('load');
  const violations = noJs.has(page.context()) ? await seriousViolationsWithoutJs(page, audit) : await seriousViolations(page);
  expect(violations, `${name}: ${page.url()}`).toEqual([]);
  checkedPages.add(name);
  await screenshot(page, name);
}

const signIn = (context: BrowserContext, who: keyof typeof ACCOUNTS): Promise<Page> => signInAs(t, context, who);

const caseUrl = (ref: string) => `${t.base}/inspections/${t.inspectionId}/cases/${t.cases[ref]}`;

/** Answer every question on a standard page: Yes to key questions and prompts unless told otherwise. */
async function answerAll(page: Page, value: (name: string) => 'yes' | 'no' | 'not-relevant' = () => 'yes'): Promise<void> {
  // Read from the HTML rather than by evaluating script: this must work with JavaScript off too.
  const names = [...new Set([...(await page.content()).matchAll(/name="(q_[^"]+)" type="radio"/g)].map((m) => m[1]!))];
  expect(names.length).toBeGreaterThan(0);
  for (const name of names) await page.check(`input[name="${name}"][value="${value(name)}"]`);
}

async function assessEveryStandard(page: Page, ref: string, js: boolean): Promise<void> {
  await page.goto(caseUrl(ref));
  await page.click('a:has-text("2.1 Assessment")');
  for (let i = 0; i < 4; i++) {
    await page.waitForSelector('h1');
    if (i === 0) await check(page, js ? 'standard-page' : 'standard-page-no-js');
    await answerAll(page);
    if (js) await page.waitForFunction(() => /Saved at/.test(document.querySelector('[data-autosave-status]')?.textContent ?? ''));
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Save and continue")')]);
  }
  await hasText(page.locator('h1'), /Check your answers/);
}

describe('web application journey', () => {
  it('serves the design-system assets itself and shows a design-system 404', async () => {
    for (const path of ['/assets/vendor/govuk-frontend.min.css', '/assets/vendor/moj-frontend.min.css', '/assets/app/app.css', '/assets/fonts/bold-b542beb274-v2.woff2', '/assets/app/app.js']) {
      expect((await fetch(t.base + path)).status, path).toBe(200);
    }
    expect((await fetch(t.base + '/assets/vendor/package.json')).status).toBe(404);
    const context = await newContext(browser);
    const page = await context.newPage();
    const res = await page.goto(`${t.base}/no-such-page`);
    expect(res?.status()).toBe(404);
    await expect(page.locator('h1').textContent()).resolves.toBe('Page not found');
    await check(page, 'not-found');
    // Signed out, a page sends you to sign in and back.
    await page.goto(`${t.base}/inspections/${t.inspectionId}`);
    expect(page.url()).toContain('/sign-in?returnTo=');
    await page.click('button:has-text("Sign in")');
    await visible(page.locator('.govuk-error-summary'));
    await check(page, 'sign-in-errors');
    await context.close();
  }, 240_000);

  it('a local assessor assesses a case end to end, with answers saved as they go', async () => {
    const context = await newContext(browser);
    const page = await signIn(context, 'assessor');
    await check(page, 'inspections');
    await page.click('a:has-text("Northshire youth justice inspection 2026")');
    await check(page, 'inspection-overview');
    await page.click('.govuk-service-navigation a:has-text("Cases")');
    await check(page, 'cases');
    // The server sorted by reference and the MoJ sortable table (enhanced in the browser) keeps that order.
    const refs = (await page.locator('#cases-table tbody th').allTextContents()).map((x) => x.trim());
    // A local assessor's list is the cases assigned to them.
    expect(refs).toEqual(['C09', 'C10', 'C11']);
    await page.click('a:has-text("C09")');
    await check(page, 'case');
    await page.click('a:has-text("2.1 Assessment")');

    // Autosave: answer Yes to the first key question and No to every prompt under it; the divergence
    // warning appears without a page load.
    const first = await page.$eval('input[type=radio][name^="q_"]', (e) => (e as HTMLInputElement).name);
    const prompts = await page.$$eval(`input[type=radio][name^="${first}_"]`, (els) => [...new Set(els.map((e) => (e as HTMLInputElement).name))]);
    expect(prompts.length).toBeGreaterThan(0);
    await page.check(`input[name="${first}"][value="yes"]`);
    for (const p of prompts) await page.check(`input[name="${p}"][value="no"]`);
    await hasText(page.locator(`#divergence-${first}`), 'You answered Yes');
    await page.reload();
    expect(await page.isChecked(`input[name="${first}"][value="yes"]`)).toBe(true);
    await hasText(page.locator(`#divergence-${first}`), 'You answered Yes');
    await check(page, 'divergence-warning');

    await assessEveryStandard(page, 'C09', true);
    await check(page, 'check-answers');
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Submit the case")')]);
    await hasText(page.locator('h1'), 'Submitted');
    await hasText(page.locator('.govuk-notification-banner'), 'Case submitted for quality assurance');
    await context.close();
  }, 300_000);

  it('the lead quality-assures it: a return needs a reason, and the history records each step', async () => {
    const context = await newContext(browser);
    const page = await signIn(context, 'lead');
    await page.goto(caseUrl('C09'));
    await page.click('button:has-text("Return to the assessor")');
    await hasText(page.locator('.govuk-error-summary'), 'reason');
    await visible(page.locator('#reason-error'));
    await check(page, 'return-without-reason');
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Mark as quality assured")')]);
    await hasText(page.locator('h1'), 'Quality assured');
    await hasText(page.locator('.govuk-notification-banner'), 'Case marked as quality assured');
    await page.click('a:has-text("View the history of this case")');
    await hasText(page.locator('table'), 'Quality assured');
    await hasText(page.locator('table'), 'Submitted');
    await check(page, 'case-history');
    // The lead assigns a case from the cases table.
    await page.goto(`${t.base}/inspections/${t.inspectionId}/cases?sort=state&order=desc`);
    await page.click('a:has-text("Assign an assessor to C11")');
    await check(page, 'assign');
    await page.check('label:has-text("Ivan Inspector")');
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Assign")')]);
    await hasText(page.locator('tr', { hasText: 'C11' }), 'Ivan Inspector');
    await page.goto(`${t.base}/inspections/${t.inspectionId}/evidence`);
    await check(page, 'domain-1-evidence');
    // Domain 1 evidence: an empty form is refused field by field, then the item is logged.
    await page.click('a:has-text("Add evidence")');
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Save evidence")')]);
    await visible(page.locator('.govuk-error-summary'));
    await visible(page.locator('#what-error'));
    await check(page, 'evidence-errors');
    await page.check('input[name="kind"][value="meeting"]');
    await page.fill('#what', 'Meeting with the management board chair');
    await page.fill('#occurredOn-day', '3');
    await page.fill('#occurredOn-month', '11');
    await page.fill('#occurredOn-year', '2026');
    await page.selectOption('#standardId', '1.1');
    await page.fill('#summary', 'The board knows the service well and challenges it.');
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Save evidence")')]);
    expect((await page.locator('.govuk-notification-banner--success').textContent())!.replace(/\s+/g, ' ')).toContain('The evidence was added to the log');
    await hasText(page.locator('table'), 'Meeting with the management board chair');
    await page.click('a:has-text("1.1 Governance and leadership")');
    await hasText(page.locator('main'), 'Meeting with the management board chair');
    await check(page, 'judgement');
    await context.close();
  }, 300_000);

  it('a panel member applies discretion with a reason and sees the score change in place', async () => {
    const context = await newContext(browser);
    const page = await signIn(context, 'panel');
    await page.goto(`${t.base}/inspections/${t.inspectionId}/ratings`);
    await check(page, 'ratings-panel');
    const before = (await page.textContent('#score'))!.trim();
    const form = page.locator('form[data-replace]').first();
    await visible(form);
    const standard = (await form.getAttribute('action'))!.split('/').pop()!;
    const sid = standard.replace('.', '-');
    // No reason: the error summary and the inline message, inside the panel.
    await form.locator('input[type=radio]').first().check();
    await form.locator('button').click();
    await visible(page.locator('#ratings-panel .govuk-error-summary'));
    await check(page, 'discretion-error');
    const again = page.locator(`form[action$="/ratings/${standard}"]`);
    await again.locator('input[type=radio]').first().check();
    await again.locator('textarea').fill('Sub-sample of five; the other key questions are Good.');
    await again.locator('button').click();
    await hasText(page.locator('#panel-flash'), `Decision recorded for ${standard}`);
    const after = (await page.textContent('#score'))!.trim();
    expect(after).not.toBe(before);
    expect(page.url()).toMatch(/\/ratings$/); // updated in place, no page load
    await hasText(page.locator(`#standard-${sid}`), 'moved by the ratings panel');
    await check(page, 'ratings-after-discretion');
    await context.close();
  }, 300_000);

  it('a read-only account sees no edit controls, and a forged post is refused', async () => {
    const context = await newContext(browser);
    const page = await signIn(context, 'readonly');
    await page.goto(`${t.base}/inspections/${t.inspectionId}/cases`);
    expect(await page.locator('a:has-text("Assign")').count()).toBe(0);
    await page.goto(`${caseUrl('C10')}/standards/2.1`);
    expect(await page.locator('input[type=radio], textarea, button:has-text("Save")').count()).toBe(0);
    await check(page, 'read-only-standard');
    await page.goto(`${t.base}/inspections/${t.inspectionId}/ratings`);
    expect(await page.locator('form[data-replace]').count()).toBe(0);
    await page.goto(`${t.base}/inspections/${t.inspectionId}/evidence`);
    expect(await page.locator('a:has-text("Add evidence")').count()).toBe(0);
    // A valid CSRF token (from the sign-out form) does not make a read-only account a writer.
    await page.goto(`${t.base}/sign-out`);
    const token = await page.getAttribute('input[name=_csrf]', 'value');
    const forged = await page.request.post(`${caseUrl('C10')}/standards/2.1`, { form: { _csrf: token!, q_2_1_1: 'no', v_2_1_1: '0' } });
    expect(forged.status()).toBe(403);
    const decision = await page.request.post(`${t.base}/inspections/${t.inspectionId}/ratings/2.1`, { form: { _csrf: token!, decision: 'Good', reason: 'forged', version: '0' } });
    expect(decision.status()).toBe(403);
    // Without the token, the post is refused before it reaches any service, with a message a person can act on.
    const noToken = await page.request.post(`${caseUrl('C10')}/standards/2.1`, { form: { q_2_1_1: 'no', v_2_1_1: '0' } });
    expect(noToken.status()).toBe(403);
    expect(await noToken.text()).toContain('reload the page and try again');
    const c10 = await t.services.cases.get(t.users.lead, t.cases.C10!);
    expect(c10.answers).toEqual([]);
    await context.close();
  }, 240_000);

  it('the same assessment works with JavaScript off, with an error summary for an incomplete submission', async () => {
    const context = await newContext(browser, { javaScriptEnabled: false });
    noJs.add(context);
    const page = await signIn(context, 'assessor');
    await page.goto(`${caseUrl('C10')}/check`);
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Submit the case")')]);
    await hasText(page.locator('.govuk-error-summary'), 'Answer 2.1.1');
    await check(page, 'submit-incomplete-no-js');
    await assessEveryStandard(page, 'C10', false);
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Submit the case")')]);
    await hasText(page.locator('h1'), 'Submitted');
    const c10 = await t.services.cases.get(t.users.lead, t.cases.C10!);
    expect(c10.state).toBe('submitted');
    expect(c10.answers.every((a) => a.answer === 'yes')).toBe(true);
    await context.close();
  }, 300_000);

  it('a conflicting edit shows both versions and loses neither', async () => {
    const [a, b] = await Promise.all([newContext(browser, { javaScriptEnabled: false }), newContext(browser, { javaScriptEnabled: false })]);
    noJs.add(a);
    noJs.add(b);
    // The lead and the case's assessor (the lead assigned C11 to the inspector above) edit the same answer.
    const c11 = await t.services.cases.get(t.users.lead, t.cases.C11!);
    if (c11.assessorId !== t.users.inspector.id) await t.services.cases.assign(t.users.lead, c11.id, { assessorId: t.users.inspector.id, version: c11.version });
    const pa = await signIn(a, 'inspector');
    const pb = await signIn(b, 'lead');
    const url = `${caseUrl('C11')}/standards/2.1`;
    await pa.goto(url);
    await pb.goto(url);
    await pa.check('input[name="q_2_1_1"][value="yes"]');
    await Promise.all([pa.waitForNavigation(), pa.click('button:has-text("Save and return to the case")')]);
    await pb.check('input[name="q_2_1_1"][value="no"]');
    await pb.fill('#note_2_1_1', 'Assessment did not consider the victim');
    await Promise.all([pb.waitForNavigation(), pb.click('button:has-text("Save and return to the case")')]);
    await hasText(pb.locator('h1'), 'Someone else changed this');
    // Who changed it (the history knows), and the question in words, not just its number.
    expect(await pb.locator('[data-conflict] p').first().textContent()).toContain('Ivan Inspector changed 2.1.1 on case C11');
    const kqText = getFramework('2018').standards.find((s) => s.id === '2.1')!.keyQuestions[0]!.text;
    expect(await pb.locator('table tbody th').first().textContent()).toContain(`2.1.1 ${kqText}`);
    await hasText(pb.locator('table'), 'No – Assessment did not consider the victim');
    await hasText(pb.locator('table'), 'Yes');
    await check(pb, 'conflict');
    await Promise.all([pb.waitForNavigation(), pb.click('button:has-text("Keep my version")')]);
    const saved = await t.services.cases.get(t.users.lead, t.cases.C11!);
    expect(saved.answers.find((x) => x.questionId === '2.1.1')).toMatchObject({ answer: 'no', note: 'Assessment did not consider the victim', version: 2 });
    await Promise.all([a.close(), b.close()]);
  }, 240_000);

  it('ran axe on every page of the journey', () => {
    expect([...checkedPages].sort()).toEqual([
      'assign', 'case', 'case-history', 'cases', 'check-answers', 'conflict', 'discretion-error', 'divergence-warning',
      'domain-1-evidence', 'evidence-errors', 'inspection-overview', 'inspections', 'judgement', 'not-found', 'ratings-after-discretion',
      'ratings-panel', 'read-only-standard', 'return-without-reason', 'sign-in-errors', 'standard-page',
      'standard-page-no-js', 'submit-incomplete-no-js',
    ]);
  });
});
