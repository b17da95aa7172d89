/**
 * Blind double marking in Debian's Chromium against the real server: the lead chooses a case and its second
 * marker, the two markers assess it blind (the second marker's case page and marking page never show the
 * first's answers or notes), the lead resolves the disagreement with a reason, the moderation summary shows
 * the agreement and kappa, and the ratings panel (which counts the resolved answer) shows each standard's
 * interval. axe-core runs on the new pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { getFramework } from '../../src/core/framework/index.js';
import { signInAs, startApp, type TestApp } from './app.js';
import { expectAccessible, hasText, launchBrowser, newContext } from './harness.js';

let t: TestApp;
let browser: Browser;

beforeAll(async () => {
  [t, browser] = await Promise.all([startApp(), launchBrowser()]);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const FIRST_NOTE = 'First marker: plan ignored the victim';
const SECOND_NOTE = 'Second marker: plan covered desistance';

/** Every key question and prompt of a domain 2 case, all Yes but 2.1.1. */
function firstMarking() {
  return getFramework('2018').standards.filter((s) => s.domain === 2 && s.kind === 'case-assessed')
    .flatMap((s) => s.keyQuestions.flatMap((kq) => [kq.id, ...kq.prompts.map((p) => p.id)]))
    .map((questionId) => ({ questionId, answer: questionId === '2.1.1' ? ('no' as const) : ('yes' as const), note: questionId === '2.1.1' ? FIRST_NOTE : null, version: 0 }));
}

describe('blind double marking', () => {
  it('lead selects, two markers assess blind, the lead resolves, the summary shows kappa and the ratings panel the intervals', async () => {
    const base = `${t.base}/inspections/${t.inspectionId}`;
    // The first marker (the local assessor) answers C09, 2.1.1 "No" with a note.
    await t.services.cases.saveAnswers(t.users.assessor, t.cases.C09!, { answers: firstMarking() });

    // The lead chooses C09 for double marking by the inspector, from the overview's link.
    const leadContext = await newContext(browser);
    const lead = await signInAs(t, leadContext, 'lead');
    await lead.goto(base);
    await Promise.all([lead.waitForURL(/\/moderation$/), lead.click('#moderation-link')]);
    await expectAccessible(lead, 'moderation selection');
    // Nothing chosen: the mistakes are said on their fields.
    await lead.click('#select-submit');
    await hasText(lead.locator('.govuk-error-summary'), 'Choose a case');
    await lead.selectOption('#caseId', { label: 'C09 (domain 2, Asha Assessor)' });
    await lead.selectOption('#markerId', { label: 'Ivan Inspector' });
    await Promise.all([lead.waitForURL(/selected=1/), lead.click('#select-submit')]);
    await hasText(lead.locator('#moderation-table'), 'Ivan Inspector');

    // The second marker: the case page and the marking page show none of the first marker's answers or notes.
    const inspContext = await newContext(browser);
    const insp = await signInAs(t, inspContext, 'inspector');
    await insp.goto(`${base}/cases/${t.cases.C09}`);
    await hasText(insp.locator('#answers-withheld'), 'hidden from you until both markings are submitted');
    expect(await insp.content()).not.toContain(FIRST_NOTE);
    await insp.goto(`${base}/moderation`);
    await Promise.all([insp.waitForURL(/\/moderation\/cases\//), insp.click('#moderation-table a:has-text("C09")')]);
    await hasText(insp.locator('.govuk-inset-text'), 'blind');
    expect(await insp.content()).not.toContain(FIRST_NOTE);
    await expectAccessible(insp, 'blind marking');
    await insp.evaluate(() => document.querySelectorAll<HTMLInputElement>('#marking-form input[type=radio][value=yes]').forEach((r) => (r.checked = true)));
    await insp.fill('#note_2_1_1', SECOND_NOTE);
    await Promise.all([insp.waitForURL(/submitted=1/), insp.click('#marking-submit')]);
    await hasText(insp.locator('#blind-note'), 'when the first marker has submitted');
    expect(await insp.content()).not.toContain(FIRST_NOTE);

    // The lead cannot see the second marking yet.
    await lead.goto(`${base}/moderation/cases/${t.cases.C09}`);
    await hasText(lead.locator('#marking-status'), 'Blind until both are submitted');
    expect(await lead.content()).not.toContain(SECOND_NOTE);

    // The first marker submits: both are in.
    const c9 = await t.services.cases.get(t.users.assessor, t.cases.C09!);
    await t.services.cases.transition(t.users.assessor, t.cases.C09!, { action: 'submit', version: c9.version });
    const before = (await t.services.ratings.forInspection(t.users.lead, t.inspectionId)).standards.find((s) => s.id === '2.1')!.keyQuestions.find((k) => k.id === '2.1.1')!;

    // Side by side with both notes; the lead resolves with a reason (a missing reason is said on its field).
    await lead.reload();
    await hasText(lead.locator('#marking-status'), 'Both submitted');
    const d = lead.locator('#resolve-2-1-1');
    await hasText(d, FIRST_NOTE);
    await hasText(d, SECOND_NOTE);
    await expectAccessible(lead, 'disagreements');
    await d.locator('input[name=answer][value=yes]').check();
    await d.locator('button:has-text("Resolve 2.1.1")').click();
    await hasText(lead.locator('.govuk-error-summary'), 'Enter a reason');
    const again = lead.locator('#resolve-2-1-1');
    await again.locator('input[name=answer][value=yes]').check();
    await again.locator('textarea[name=reason]').fill('The plan addressed desistance; the victim work is under 2.1.3');
    await Promise.all([lead.waitForURL(/resolved=1/), again.locator('button:has-text("Resolve 2.1.1")').click()]);
    await hasText(lead.locator('#resolve-2-1-1 .app-resolution'), 'Resolved: Yes');

    // The ratings count the resolved answer: one more Yes of the same relevant cases.
    const after = (await t.services.ratings.forInspection(t.users.lead, t.inspectionId)).standards.find((s) => s.id === '2.1')!.keyQuestions.find((k) => k.id === '2.1.1')!;
    expect(after.relevant).toBe(before.relevant);
    expect(after.yes).toBe(before.yes + 1);

    // The summary: agreement and kappa, the question that disagrees most, the disagreement resolved.
    await lead.goto(`${base}/moderation`);
    await Promise.all([lead.waitForURL(/\/summary$/), lead.click('#moderation-summary-link')]);
    await hasText(lead.locator('#moderation-overall'), 'Kappa');
    const kappa = (await lead.locator('#overall-kappa').textContent())!.trim();
    const summary = await t.services.moderation.summary(t.users.lead, t.inspectionId);
    expect(kappa).toBe(summary.overall.agreement.kappa === null ? 'Undefined' : summary.overall.agreement.kappa.toFixed(2));
    await hasText(lead.locator('#most-disagreed'), '2.1.1');
    await hasText(lead.locator('#disagreements'), 'Yes – The plan addressed desistance');
    await expectAccessible(lead, 'moderation summary');
    const csv = await lead.request.get(`${base}/moderation/summary.csv`);
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain('2.1.1');

    // The ratings panel shows each case-assessed standard's interval.
    await lead.goto(`${base}/ratings`);
    await hasText(lead.locator('#firmness-2-1'), 'How firm');
    expect(await lead.locator('.app-interval').count()).toBeGreaterThan(0);
    await Promise.all([leadContext.close(), inspContext.close()]);
  }, 240_000);
});
