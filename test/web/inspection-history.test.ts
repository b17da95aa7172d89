/**
 * The inspection's history in Debian's Chromium: everyone on the inspection reads every change with who and
 * when, newest first, filters it by kind of record and pages back through it; nothing on the page can change
 * it. The team page lists everyone with a role. axe-core runs on every page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { verifyHistoryChain } from '../../src/store/history-chain.js';
import { PASSWORD, signInAs, startApp, type TestApp } from './app.js';
import { expectAccessible, hasText, launchBrowser, newContext, screenshot } from './harness.js';

let t: TestApp;
let browser: Browser;

beforeAll(async () => {
  [t, browser] = await Promise.all([startApp(), launchBrowser()]);
  // Enough recommendation changes to need a second page (100 a page).
  for (let i = 1; i <= 105; i++) await t.services.recommendations.add(t.users.lead, t.inspectionId, { addressee: 'The service should:', text: `act on point ${i}` });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('the inspection history', () => {
  it('shows every change newest first with who made it, filters by kind and pages back', async () => {
    const context = await newContext(browser);
    const page = await signInAs(t, context, 'inspector');
    await page.goto(`${t.base}/inspections/${t.inspectionId}`);
    await page.click('#history-link');
    await hasText(page.locator('h1'), 'History');
    const rows = page.locator('#history-table tbody tr');
    expect(await rows.count()).toBe(100);
    // Newest first: the last recommendation added is the first row, by the lead.
    expect(await rows.first().textContent()).toMatch(/Lena Lead[\s\S]*Recommendation added[\s\S]*act on point 105/);
    expect(await page.locator('main form[method="post"]').count()).toBe(0);
    await expectAccessible(page, 'history');
    await screenshot(page, 'inspection-history');

    await page.selectOption('#entity', { label: 'Cases' });
    await Promise.all([page.waitForURL(/entity=case/), page.click('button:has-text("Show these changes")')]);
    const caseRows = await rows.allTextContents();
    expect(caseRows.length).toBeGreaterThan(0);
    expect(caseRows.every((r) => !/recommendation/.test(r))).toBe(true);
    expect(await page.locator('#older-changes').count()).toBe(0);

    await page.selectOption('#entity', { label: 'Recommendations' });
    await Promise.all([page.waitForURL(/entity=recommendation/), page.click('button:has-text("Show these changes")')]);
    expect(await rows.count()).toBe(100);
    await Promise.all([page.waitForURL(/before=\d+/), page.click('#older-changes')]);
    expect(page.url()).toContain('entity=recommendation');
    const older = await rows.allTextContents();
    expect(older).toHaveLength(5);
    expect(older.at(-1)).toMatch(/act on point 1\b/);
    await expectAccessible(page, 'older page');
    await context.close();
  }, 300_000);

  it('the site administrator redacts text typed by mistake from an entry; nobody else sees the control', async () => {
    await t.services.recommendations.add(t.users.lead, t.inspectionId, { addressee: 'The service should:', text: 'support Sam Example at home' });
    await t.services.accounts.create(null, { email: 'site-admin@example.org', displayName: 'Sita Admin', password: PASSWORD, isAdmin: true });
    const context = await newContext(browser);
    const lead = await signInAs(t, context, 'lead');
    await lead.goto(`${t.base}/inspections/${t.inspectionId}/history`);
    expect(await lead.locator('#history-table a:has-text("Redact")').count()).toBe(0);
    const [entry] = await t.store.query<{ id: string }>(`SELECT id FROM history WHERE after->>'text' = 'support Sam Example at home'`);
    const refused = await lead.goto(`${t.base}/inspections/${t.inspectionId}/history/${entry!.id}/redaction`);
    expect(refused?.status()).toBe(403);
    await context.close();

    const adminContext = await newContext(browser);
    const page = await signInAs(t, adminContext, 'site-admin@example.org');
    await page.goto(`${t.base}/inspections/${t.inspectionId}/history`);
    const row = page.locator('#history-table tbody tr', { hasText: 'Sam Example' });
    await Promise.all([page.waitForURL(/\/redaction$/), row.locator('a:has-text("Redact")').click()]);
    await hasText(page.locator('h1'), 'Redact text from the history');
    await expectAccessible(page, 'history redaction');
    await page.click('button:has-text("Redact the text of this entry")');
    await hasText(page.locator('.govuk-error-summary'), 'Enter why the text is being redacted');
    await page.fill('#reason', 'A child’s name typed in a recommendation');
    await Promise.all([page.waitForURL(/\/history$/), page.click('button:has-text("Redact the text of this entry")')]);
    await hasText(page.locator('#history-table tbody tr').first(), 'A child’s name typed in a recommendation');
    expect(await page.locator('#history-table').textContent()).not.toContain('Sam Example');
    expect(await verifyHistoryChain(t.store)).toMatchObject({ ok: true });
    await screenshot(page, 'history-redacted');
    await adminContext.close();
  }, 300_000);

  it('everyone on the inspection sees the team and what each role does; only the administrator gets account links', async () => {
    const context = await newContext(browser);
    const page = await signInAs(t, context, 'inspector');
    await page.goto(`${t.base}/inspections/${t.inspectionId}`);
    await hasText(page.locator('#team-link'), '5 people with a role');
    await page.click('#team-link');
    await hasText(page.locator('h1'), 'Team');
    const rows = await page.locator('#team-table tbody tr').allTextContents();
    expect(rows).toHaveLength(5);
    expect(rows.find((r) => r.includes('Lena Lead'))).toMatch(/lead@example\.org[\s\S]*Lead inspector/);
    expect(await page.locator('#team-table a').count()).toBe(0);
    await hasText(page.locator('#role-duties'), 'Decides on discretion at the ratings panel.');
    await expectAccessible(page, 'team');
    await context.close();
  }, 300_000);
});
