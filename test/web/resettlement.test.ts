/**
 * The resettlement review page in Chromium (2021 framework): the assessor opens a resettlement case, writes a
 * note on each aspect of 4.1, submits the case, and the 4.1 judgement page links the review. axe on each page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { RESETTLEMENT_ASPECTS } from '../../src/core/framework/resettlement.js';
import { ACCOUNTS, PASSWORD, startApp, type TestApp } from './app.js';
import { expectAccessible, launchBrowser, newContext } from './harness.js';

let t: TestApp, browser: Browser, inspectionId: string, caseId: string;

beforeAll(async () => {
  t = await startApp();
  const s = t.services;
  const svc = await s.inspections.createService(null, { name: 'Southshire Youth Justice Service' });
  ({ id: inspectionId } = await s.inspections.create(null, { serviceId: svc.id, title: 'Southshire 2026', frameworkVersion: '2021' }));
  await s.accounts.grantRole(null, inspectionId, { accountId: t.users.lead.id, role: 'lead-inspector' });
  await s.accounts.grantRole(null, inspectionId, { accountId: t.users.assessor.id, role: 'local-assessor' });
  const lead = (await s.accounts.loadUser(t.users.lead.id))!;
  const c = await s.cases.create(lead, inspectionId, {
    ref: 'RS-001', domain: 4, disposalType: 'detention-and-training-order', gender: 'male', ageBand: '15-17', ethnicity: 'white',
    riskOfSeriousHarm: 'high', safetyAndWellbeing: 'medium', assessorId: t.users.assessor.id,
  });
  caseId = c.id;
  await s.inspections.setPhase(lead, inspectionId, { phase: 'fieldwork', version: 1 });
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function signIn(email: string): Promise<Page> {
  const page = await (await newContext(browser)).newPage();
  await page.goto(`${t.base}/sign-in`);
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await page.click('button:has-text("Sign in")');
  await page.waitForURL(/\/inspections$/);
  return page;
}

describe('the resettlement review page', () => {
  it('takes a note per aspect, then the case is submitted and linked from 4.1', async () => {
    const page = await signIn(ACCOUNTS.assessor);
    const caseUrl = `${t.base}/inspections/${inspectionId}/cases/${caseId}`;
    await page.goto(caseUrl);
    await page.click('a:has-text("4.1 Resettlement review")');
    await expectAccessible(page, 'resettlement review');
    expect(await page.locator('textarea').count()).toBe(RESETTLEMENT_ASPECTS.length);
    // The 4.1 judgement's page is the evidence log's, which a local assessor does not read: named, not linked.
    expect(await page.locator('main').textContent()).toContain('4.1 Resettlement policy and provision');
    expect(await page.locator('a[href$="/judgements/4.1"]').count()).toBe(0);

    // Submitting with no notes is refused, naming what is missing with a link to the review.
    await page.goto(`${caseUrl}/check`);
    await page.click('button:has-text("Submit the case")');
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Write a note on accommodation');

    await page.goto(`${caseUrl}/resettlement`);
    for (const a of RESETTLEMENT_ASPECTS) await page.fill(`#note-${a.id}`, `Case records show ${a.name.toLowerCase()} was considered.`);
    await page.click('button:has-text("Save and return to the case")');
    await page.waitForURL(caseUrl);
    expect(await page.locator('.govuk-task-list').textContent()).toMatch(/4\.1 Resettlement review\s*Completed/);
    await page.goto(`${caseUrl}/check`);
    await page.click('button:has-text("Submit the case")');
    await page.waitForURL(/done=submit/);
    expect((await t.services.cases.get((await t.services.accounts.loadUser(t.users.lead.id))!, caseId)).state).toBe('submitted');
    await page.context().close();

    const lead = await signIn(ACCOUNTS.lead);
    await lead.goto(`${t.base}/inspections/${inspectionId}/cases/${caseId}/resettlement`);
    await lead.click('a[href$="/judgements/4.1"]');
    await lead.waitForURL(/\/judgements\/4\.1$/);
    await expectAccessible(lead, '4.1 judgement with resettlement cases');
    await lead.click('a:has-text("Case RS-001: resettlement review")');
    expect(await lead.locator('.govuk-summary-list').textContent()).toContain('Case records show accommodation was considered.');
    await lead.context().close();
  }, 180_000);
});
