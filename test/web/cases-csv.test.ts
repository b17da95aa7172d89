/**
 * The case list as CSV in Debian's Chromium: the download carries the filters in force, the documented header,
 * one row per case as the table lists them, and nothing a spreadsheet would run as a formula. The overview
 * leads those who quality assure to the cases waiting for it.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { CASES_CSV_HEADER } from '../../src/web/routes/cases.js';
import { completeAnswers } from '../server/harness.js';
import { PASSWORD, signInAs, startApp, type TestApp } from './app.js';
import { launchBrowser, newContext } from './harness.js';

let t: TestApp;
let browser: Browser;

beforeAll(async () => {
  [t, browser] = await Promise.all([startApp(), launchBrowser()]);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('the case list', () => {
  it('downloads the cases as filtered, with the documented header', async () => {
    // An assessor whose name a spreadsheet would read as a formula.
    const odd = await t.services.accounts.create(null, { email: 'odd@example.org', displayName: '=HYPERLINK("x")', password: PASSWORD });
    await t.services.accounts.grantRole(null, t.inspectionId, { accountId: odd.id, role: 'local-assessor' });
    const cases = await t.services.cases.list(t.users.lead, t.inspectionId);
    const court = cases.filter((c) => c.domain === 2);
    const first = court[0]!;
    await t.services.cases.assign(t.users.lead, first.id, { assessorId: odd.id, version: first.version });

    const context = await newContext(browser);
    const page = await signInAs(t, context, 'inspector');
    await page.goto(`${t.base}/inspections/${t.inspectionId}/cases?domain=2`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#cases-csv')]);
    expect(download.suggestedFilename()).toBe('cases-northshire-youth-justice-inspection-2026.csv');
    const rows = parse(readFileSync((await download.path())!, 'utf8')) as string[][];
    expect(rows[0]).toEqual([...CASES_CSV_HEADER]);
    expect(rows.slice(1).map((r) => r[0]).sort()).toEqual(court.map((c) => c.ref).sort());
    expect(rows.slice(1).every((r) => r[1] === '2')).toBe(true);
    expect(rows.find((r) => r[0] === first.ref)![10]).toBe(`'=HYPERLINK("x")`);
    await context.close();
  }, 300_000);

  it("the overview's assessments task leads the lead to the cases waiting for quality assurance", async () => {
    const c09 = t.cases.C09!;
    const saved = await t.services.cases.saveAnswers(t.users.lead, c09, { answers: completeAnswers(2) });
    await t.services.cases.transition(t.users.lead, c09, { action: 'submit', version: saved.caseVersion });
    const context = await newContext(browser);
    const page = await signInAs(t, context, 'lead');
    await page.goto(`${t.base}/inspections/${t.inspectionId}`);
    await page.click('.govuk-task-list a:has-text("Case assessments")');
    await page.waitForURL(/\/cases\?state=submitted$/);
    expect((await page.locator('#cases-table tbody tr').allTextContents()).map((r) => r.trim().split(/\s+/)[0])).toEqual(['C09']);
    await context.close();
  }, 300_000);
});
