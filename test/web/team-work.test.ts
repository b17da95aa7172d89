/**
 * The team's week in Chromium: a local assessor's worklist with a case returned to them (the reason, who and
 * when), the lead assigning several cases at once with each person's load shown and a success banner after, and
 * a notification reaching its reader in the service (the header's count, the list, marked read) and as an email
 * caught by a real local SMTP server. axe on every page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startApp, signInAs, type TestApp } from './app.js';
import { expectAccessible, launchBrowser, newContext, screenshot } from './harness.js';
import { mailText, startSmtp } from '../support/smtp.js';

let t: TestApp, browser: Browser, smtp: Awaited<ReturnType<typeof startSmtp>>;

beforeAll(async () => {
  smtp = await startSmtp();
  t = await startApp({ config: { mail: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'inspect@example.org' }, serviceUrl: 'https://inspect.example.org' } });
  // C09 (the assessor's) answered, submitted, and returned by the lead with a reason.
  const s = t.services;
  const c = await s.cases.get(t.users.lead, t.cases.C09!);
  const fw = (await import('../../src/core/framework/index.js')).getFramework('2018');
  const answers = fw.standards.filter((x) => x.domain === 2 && x.kind === 'case-assessed')
    .flatMap((x) => x.keyQuestions.flatMap((kq) => [kq.id, ...kq.prompts.map((p) => p.id)]))
    .map((questionId) => ({ questionId, answer: 'yes' as const, version: 0 }));
  await s.cases.saveAnswers(t.users.assessor, c.id, { answers });
  const submitted = await s.cases.transition(t.users.assessor, c.id, { action: 'submit', version: (await s.cases.get(t.users.assessor, c.id)).version });
  await s.cases.transition(t.users.lead, c.id, { action: 'return', version: submitted.version, reason: 'Say what the plan of 2 November records for 2.1.1' });
  await s.notifications.outbox.idle();
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
  await smtp?.close();
});

describe("the team's week", () => {
  it('reaches the assessor in the service and by email, and their worklist shows the returned case first', async () => {
    const page = await signInAs(t, await newContext(browser), 'assessor');
    const header = page.locator('#header-notifications');
    expect((await header.textContent())!.trim()).toBe('Notifications (1 unread)');
    await header.click();
    await page.waitForURL(/\/notifications$/);
    await expectAccessible(page, 'notifications');
    expect(await page.locator('#notifications').textContent()).toContain('Case C09 was returned to you by Lena Lead (Northshire youth justice inspection 2026)');
    await page.click('#notifications button:has-text("Mark as read")');
    await page.waitForURL(/done=read/);
    expect(await page.locator('.govuk-notification-banner--success').textContent()).toContain('Notification marked as read');
    expect((await page.locator('#header-notifications').textContent())!.trim()).toBe('Notifications');

    // The same notification as an email, naming the case by its reference and linking to the service.
    const mail = smtp.mails.find((m) => m.to.includes('assessor@example.org'));
    expect(mail).toBeDefined();
    expect(mailText(mail!)).toContain('Subject: Case C09 was returned to you by Lena Lead');
    expect(mailText(mail!)).toContain(`https://inspect.example.org/inspections/${t.inspectionId}/cases/${t.cases.C09}`);

    // My work: returned first, with the reason, who returned it and when.
    await page.goto(`${t.base}/inspections/${t.inspectionId}`);
    await page.click('.govuk-service-navigation a:has-text("My work")');
    await page.waitForURL(/\/my-work$/);
    await expectAccessible(page, 'my work');
    await screenshot(page, 'worklist');
    const captions = (await page.locator('caption').allTextContents()).map((c) => c.trim());
    expect(captions[0]).toBe('Returned to you (1)');
    const returned = page.locator('#work-returned-table');
    expect(await returned.locator('th a').first().textContent()).toBe('C09');
    expect(await returned.locator('[data-return-of="C09"]').textContent()).toMatch(/Returned by Lena Lead on .+\s+Reason: Say what the plan of 2 November records for 2\.1\.1/);
    // The case list opens on their cases and shows C09 as Returned.
    await page.goto(`${t.base}/inspections/${t.inspectionId}/cases?state=returned`);
    await expectAccessible(page, 'cases: returned');
    expect((await page.locator('#cases-table tbody th').allTextContents()).map((x) => x.trim())).toEqual(['C09']);
    expect(await page.locator('#cases-table tbody .govuk-tag').first().textContent()).toBe('Returned');
  });

  it('lets the lead assign several cases at once, seeing each person\'s load, with a success banner', async () => {
    const page = await signInAs(t, await newContext(browser), 'lead');
    await page.goto(`${t.base}/inspections/${t.inspectionId}/cases`);
    await expectAccessible(page, 'cases with bulk assignment');
    const inspectorLoad = page.locator(`input[name="assessorId"][value="${t.users.inspector.id}"] ~ .govuk-hint`);
    expect(await inspectorLoad.textContent()).toContain('13 cases assigned: 13 quality assured');
    await page.check(`#select-case-${t.cases.C10}`);
    await page.check(`#select-case-${t.cases.C11}`);
    await page.check(`input[name="assessorId"][value="${t.users.inspector.id}"]`);
    await Promise.all([page.waitForURL(/assigned=2/), page.click('#assign-selected')]);
    await expectAccessible(page, 'cases after bulk assignment');
    expect(await page.locator('.govuk-notification-banner--success').textContent()).toContain('2 cases assigned to Ivan Inspector');
    expect(await inspectorLoad.textContent()).toContain('15 cases assigned: 2 not started, 13 quality assured');
    for (const ref of ['C10', 'C11']) expect((await t.services.cases.get(t.users.lead, t.cases[ref]!)).assessorId).toBe(t.users.inspector.id);

    // Nothing ticked: the error on the right field, nothing assigned.
    await page.check(`input[name="assessorId"][value="${t.users.assessor.id}"]`);
    await page.click('#assign-selected');
    await page.waitForSelector('.govuk-error-summary');
    await expectAccessible(page, 'cases: bulk assignment error');
    expect(await page.locator('.govuk-error-summary a[href="#select-cases"]').textContent()).toBe('Select at least one case to assign');
  });
});
