/**
 * Creating an inspection in Debian's Chromium against the real server and an embedded database: the site
 * administrator chooses a known service or names a new one, the framework, the fieldwork dates and the lead;
 * every mistake is named at once and nothing is saved until all is right; the lead then sees it. Anyone else
 * gets no button, and the page and a forged post are refused. The lead corrects the title and fieldwork dates.
 * axe-core runs on every page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { PASSWORD, signInAs, startApp, type TestApp } from './app.js';
import { expectAccessible, hasText, launchBrowser, newContext, screenshot } from './harness.js';

let t: TestApp;
let browser: Browser;
const ADMIN = 'admin@example.org';

beforeAll(async () => {
  [t, browser] = await Promise.all([startApp(), launchBrowser()]);
  await t.services.accounts.create(null, { email: ADMIN, displayName: 'Ada Admin', password: PASSWORD, isAdmin: true });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const counts = async () => (await t.store.query<{ services: number; inspections: number }>(
  `SELECT (SELECT count(*) FROM services)::int AS services, (SELECT count(*) FROM inspections)::int AS inspections`,
))[0]!;

async function fillDate(page: Page, name: string, d: string, m: string, y: string): Promise<void> {
  await page.fill(`#${name}-day`, d);
  await page.fill(`#${name}-month`, m);
  await page.fill(`#${name}-year`, y);
}

describe('creating an inspection', () => {
  it('the administrator creates one for a new service, with every mistake named and nothing saved until right', async () => {
    const before = await counts();
    const context = await newContext(browser);
    const page = await signInAs(t, context, ADMIN);
    await page.click('#create-inspection');
    await hasText(page.locator('h1'), 'Create an inspection');
    await expectAccessible(page, 'form');

    await page.click('button:has-text("Create the inspection")');
    const summary = page.locator('.govuk-error-summary');
    await hasText(summary, 'Choose the service');
    await hasText(summary, /title/i);
    await expectAccessible(page, 'errors');

    await page.check('input[name="serviceId"][value="new"]');
    await page.fill('#title', 'Southshire youth justice inspection 2026');
    await page.check('#frameworkVersion-2');
    await fillDate(page, 'fieldworkStart', '31', '2', '2026');
    await fillDate(page, 'fieldworkEnd', '1', '3', '2026');
    await page.click('button:has-text("Create the inspection")');
    await hasText(summary, /name/i);
    await hasText(summary, 'First day of fieldwork must be a real date');
    await hasText(page.locator('#fieldworkStart-error'), 'First day of fieldwork must be a real date');
    // What was typed is kept.
    expect(await page.inputValue('#title')).toBe('Southshire youth justice inspection 2026');
    expect(await page.isChecked('#frameworkVersion-2')).toBe(true);
    expect(await page.inputValue('#fieldworkStart-day')).toBe('31');

    await page.fill('#serviceName', 'Southshire Youth Justice Service');
    await fillDate(page, 'fieldworkStart', '2', '3', '2026');
    await fillDate(page, 'fieldworkEnd', '27', '2', '2026');
    await page.click('button:has-text("Create the inspection")');
    await hasText(summary, 'The fieldwork cannot end before it starts');
    expect(await counts()).toEqual(before);

    await fillDate(page, 'fieldworkEnd', '13', '3', '2026');
    await page.selectOption('#leadAccountId', { label: 'Lena Lead (lead@example.org)' });
    await Promise.all([page.waitForURL(/\?created=1$/), page.click('button:has-text("Create the inspection")')]);
    await hasText(page.locator('.govuk-notification-banner'), 'The inspection was created');
    await expectAccessible(page, 'created');
    await screenshot(page, 'inspection-created');
    // Nothing has been recorded yet, so its report has not been started.
    const reportTask = page.locator('.govuk-task-list__item').filter({ has: page.locator('.govuk-task-list__name-and-hint a', { hasText: /^\s*Report\s*$/ }) });
    expect((await reportTask.locator('.govuk-task-list__status').textContent())!.trim()).toBe('Not started');
    expect(await counts()).toEqual({ services: before.services + 1, inspections: before.inspections + 1 });

    const id = decodeURIComponent(new URL(page.url()).pathname.split('/')[2]!);
    const leadNow = (await t.services.accounts.loadUser(t.users.lead.id))!;
    const created = await t.services.inspections.get(leadNow, id);
    expect(leadNow.roles).toContainEqual(expect.objectContaining({ inspectionId: id, role: 'lead-inspector' }));
    expect(created).toMatchObject({ title: 'Southshire youth justice inspection 2026', serviceName: 'Southshire Youth Justice Service', frameworkVersion: '2018', phase: 'planning', fieldworkStart: '2026-03-02', fieldworkEnd: '2026-03-13' });
    await context.close();

    // The lead now has it in their list.
    const leadContext = await newContext(browser);
    const lead = await signInAs(t, leadContext, 'lead');
    await hasText(lead.locator('table'), 'Southshire youth justice inspection 2026');
    await leadContext.close();
  }, 300_000);

  it('the administrator creates one for a service already known, choosing the lead later', async () => {
    const before = await counts();
    const context = await newContext(browser);
    const page = await signInAs(t, context, ADMIN);
    await page.goto(`${t.base}/inspections/new`);
    // The new service's name is revealed only under its own choice: choosing a known service hides it.
    await page.check('input[name="serviceId"][value="new"]');
    expect(await page.isVisible('#serviceName')).toBe(true);
    await page.check('input[name="serviceId"] >> nth=0');
    expect(await page.isVisible('#serviceName')).toBe(false);
    await page.fill('#title', 'Northshire case audit, spring 2027');
    await Promise.all([page.waitForURL(/\?created=1$/), page.click('button:has-text("Create the inspection")')]);
    expect(await counts()).toEqual({ services: before.services, inspections: before.inspections + 1 });
    await context.close();
  }, 300_000);

  it('anyone else gets no button, and the page and a forged post are refused', async () => {
    const before = await counts();
    const context = await newContext(browser);
    const page = await signInAs(t, context, 'lead');
    expect(await page.locator('#create-inspection').count()).toBe(0);
    const res = await page.goto(`${t.base}/inspections/new`);
    expect(res?.status()).toBe(403);
    await hasText(page.locator('main'), 'Only a site administrator can create inspections.');
    await page.goto(`${t.base}/sign-out`);
    const csrf = (await page.getAttribute('input[name=_csrf]', 'value'))!;
    const forged = await page.request.post(`${t.base}/inspections/new`, { form: { _csrf: csrf, serviceId: 'new', serviceName: 'Forged Service', title: 'Forged', frameworkVersion: '2021' } });
    expect(forged.status()).toBe(403);
    expect(await counts()).toEqual(before);
    await context.close();
  }, 300_000);

  it('the lead corrects the title and fieldwork dates; an inspector cannot', async () => {
    const context = await newContext(browser);
    const page = await signInAs(t, context, 'lead');
    await page.goto(`${t.base}/inspections/${t.inspectionId}`);
    await page.click('a:has-text("Change the title and fieldwork dates")');
    await hasText(page.locator('h1'), 'Title and fieldwork dates');
    expect([await page.inputValue('#fieldworkStart-day'), await page.inputValue('#fieldworkStart-month'), await page.inputValue('#fieldworkStart-year')]).toEqual(['2', '11', '2026']);
    await expectAccessible(page, 'details form');
    await fillDate(page, 'fieldworkEnd', '30', '10', '2026');
    await page.click('button:has-text("Save")');
    await hasText(page.locator('.govuk-error-summary'), 'The fieldwork cannot end before it starts');
    await expectAccessible(page, 'details errors');
    await page.fill('#title', 'Northshire youth justice inspection, autumn 2026');
    await fillDate(page, 'fieldworkEnd', '20', '11', '2026');
    await Promise.all([page.waitForURL(/\?changed=1$/), page.click('button:has-text("Save")')]);
    await hasText(page.locator('.govuk-notification-banner'), 'The title and fieldwork dates were saved');
    await hasText(page.locator('h1'), 'Northshire youth justice inspection, autumn 2026');
    await hasText(page.locator('.govuk-summary-list'), '2 November 2026 to 20 November 2026');
    await context.close();

    const other = await newContext(browser);
    const inspector = await signInAs(t, other, 'inspector');
    await inspector.goto(`${t.base}/inspections/${t.inspectionId}`);
    expect(await inspector.locator('a:has-text("Change the title and fieldwork dates")').count()).toBe(0);
    expect((await inspector.goto(`${t.base}/inspections/${t.inspectionId}/details`))?.status()).toBe(403);
    await other.close();
  }, 300_000);
});
