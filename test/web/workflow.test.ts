/**
 * The workflow on the screens, in Debian's Chromium against the real server: the overview never calls the
 * ratings panel complete while cases are unfinished, the phase page says what blocks a step with links to the
 * cases, the lead withdraws a case with a reason on its page, the confirmation lists the cases not yet quality
 * assured and moves on only when the lead ticks that they know, and the panel declines discretion with a
 * reason (no JavaScript needed), after which publishing is blocked only by what is still undecided.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { completeAnswers } from '../server/harness.js';
import { signInAs, startApp, type TestApp } from './app.js';
import { expectAccessible, hasText, launchBrowser, newContext, visible } from './harness.js';

let t: TestApp;
let browser: Browser;

beforeAll(async () => {
  [t, browser] = await Promise.all([startApp(), launchBrowser()]);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const overview = () => `${t.base}/inspections/${t.inspectionId}`;
const taskStatus = async (page: Page, title: string) => (await page.locator('.govuk-task-list__item', { hasText: title }).textContent())!.replace(/\s+/g, ' ');

describe('the workflow on the screens', () => {
  it('blocks the ratings panel while cases are unfinished, names them with links, and lets the lead withdraw one with a reason', async () => {
    const context = await newContext(browser);
    const page = await signInAs(t, context, 'lead');
    await page.goto(overview());
    expect(await taskStatus(page, 'Ratings panel')).toMatch(/Waiting for case work: 3 cases are not yet submitted or withdrawn.*Cannot start yet/);

    await page.goto(`${overview()}/phase`);
    await hasText(page.locator('#phase-blockers'), 'What stops the move to ratings panel');
    await hasText(page.locator('#phase-blockers [data-blocker="cases-unfinished"]'), '3 cases are not submitted: C09 (not started), C10 (not started), C11 (not started)');
    expect(await page.getAttribute('#phase-blockers a:has-text("Case C10")', 'href')).toBe(`/inspections/${t.inspectionId}/cases/${t.cases.C10}`);
    await expectAccessible(page, 'phase-blocked');
    await page.check('input[name="phase"][value="panel"]');
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Continue")')]);
    await hasText(page.locator('.govuk-error-summary'), '3 cases are not submitted');
    expect((await t.services.inspections.get(t.users.lead, t.inspectionId)).phase).toBe('fieldwork');

    // Withdraw C10 and C11 on their pages: a reason is needed.
    for (const ref of ['C10', 'C11']) {
      await page.click(`#phase-blockers a:has-text("Case ${ref}")`);
      await page.waitForURL(new RegExp(`/cases/${t.cases[ref]}$`));
      await page.click('button:has-text("Withdraw the case")');
      await hasText(page.locator('.govuk-error-summary'), 'Enter a reason for withdrawing the case from the sample');
      await page.fill('#withdraw-reason', 'The child moved to another area before fieldwork');
      await page.click('button:has-text("Withdraw the case")');
      await hasText(page.locator('.govuk-notification-banner, #main-content'), 'Case withdrawn from the sample with your reason');
      await hasText(page.locator('#withdrawn-reason'), 'The child moved to another area before fieldwork');
      await page.goto(`${overview()}/phase`);
    }
    await context.close();
  }, 300_000);

  it('lists the cases not yet quality assured on the confirmation and moves on only when the lead says they know', async () => {
    const assessor = t.users.assessor;
    const saved = await t.services.cases.saveAnswers(assessor, t.cases.C09!, { answers: completeAnswers(2) });
    await t.services.cases.transition(assessor, t.cases.C09!, { action: 'submit', version: saved.caseVersion });

    const context = await newContext(browser);
    const page = await signInAs(t, context, 'lead');
    await page.goto(`${overview()}/phase`);
    expect(await page.locator('#phase-blockers [data-blocker^="cases-"]').count()).toBe(0);
    await page.check('input[name="phase"][value="panel"]');
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Continue")')]);
    await hasText(page.locator('#phase-unassured'), '1 case is submitted but not yet quality assured: C09 (submitted)');
    await expectAccessible(page, 'phase-confirm-unassured');
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Yes, move to ratings panel")')]);
    await hasText(page.locator('.govuk-error-summary'), 'Confirm that you move on knowing these cases are not yet quality assured');
    expect((await t.services.inspections.get(t.users.lead, t.inspectionId)).phase).toBe('fieldwork');
    await page.check('input[name="acknowledgeUnassured"]');
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Yes, move to ratings panel")')]);
    await hasText(page.locator('.govuk-notification-banner'), 'The inspection moved to ratings panel');
    await context.close();
  }, 300_000);

  it('the panel declines discretion with a reason, without JavaScript; publishing is blocked only by what is undecided', async () => {
    const view = await t.services.inspections.workflow(t.users.panel, t.inspectionId);
    const eligible = view.snapshot.eligibleStandards;
    expect(eligible.length).toBeGreaterThan(1);
    const [first, ...rest] = eligible;
    const sid = first!.replace('.', '-');

    const context = await newContext(browser, { javaScriptEnabled: false });
    const page = await signInAs(t, context, 'panel');
    await page.goto(`${overview()}/ratings`);
    await hasText(page.locator('#awaiting-decision'), first!);
    const form = page.locator(`form[action$="/ratings/${first}"]`);
    await form.locator('input[value="decline"]').check();
    await Promise.all([page.waitForNavigation(), form.locator('button').click()]);
    await hasText(page.locator('.govuk-error-summary'), 'Enter the reason for keeping the computed rating');
    const again = page.locator(`form[action$="/ratings/${first}"]`);
    await again.locator('input[value="decline"]').check();
    await again.locator('textarea').fill('One case would change the band, but the other key questions agree.');
    await Promise.all([page.waitForNavigation(), again.locator('button').click()]);
    await hasText(page.locator(`#standard-${sid} [data-declined]`), 'the ratings panel kept the computed rating');
    expect(await page.locator('#awaiting-decision').textContent()).not.toContain(`${first} `);
    const recorded = (await t.services.discretion.list(t.users.panel, t.inspectionId)).find((d) => d.standardId === first);
    expect(recorded).toMatchObject({ decision: 'decline', rating: null, reason: 'One case would change the band, but the other key questions agree.' });
    await context.close();

    // The lead, in reporting, sees publishing blocked by the standards still undecided, linked to the panel.
    const v = (await t.services.inspections.get(t.users.lead, t.inspectionId)).version;
    await t.services.inspections.setPhase(t.users.lead, t.inspectionId, { phase: 'reporting', version: v });
    const lead = await newContext(browser);
    const leadPage = await signInAs(t, lead, 'lead');
    await leadPage.goto(`${overview()}/phase`);
    const blocker = leadPage.locator('#phase-blockers [data-blocker="discretion-undecided"]');
    await visible(blocker);
    await hasText(blocker, rest.join(', '));
    expect(await blocker.textContent()).not.toContain(`${first},`);
    expect(await leadPage.getAttribute(`#phase-blockers a:has-text("Decide on ${rest[0]} at the ratings panel")`, 'href')).toBe(`/inspections/${t.inspectionId}/ratings#standard-${rest[0]!.replace('.', '-')}`);
    await lead.close();
  }, 300_000);
});
