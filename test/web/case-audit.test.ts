/**
 * The worked example end to end in Chromium: the site administrator loads frameworks/examples/ooc-audit.yaml
 * (a quarterly out-of-court audit written from scratch, its Good band starting at 70%) on the Frameworks page,
 * and creates a case audit on it; the lead assesses its cases on the assessment pages; the results page rates
 * them by the file's own thresholds and compares each key question with the service's previous audit of the
 * same framework, in a chart and a table.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { getFramework } from '../../src/core/framework/index.js';
import { PASSWORD, signInAs, startApp, type TestApp } from './app.js';
import { hasText, launchBrowser, newContext, seriousViolations } from './harness.js';

type Answer = 'yes' | 'no' | 'not-relevant';
const ADMIN = 'admin@example.org';
const EXAMPLE = fileURLToPath(new URL('../../frameworks/examples/ooc-audit.yaml', import.meta.url));
const FRAMEWORK = 'ooc-audit-2026';
const TITLE = 'Out-of-court disposal audit, third quarter 2026';

/** 3.1.1 'Yes' in two of three cases (67%: Good at 65%, but Requires improvement under this file's 70%). */
const CURRENT: Record<string, Answer> = { Q3A: 'yes', Q3B: 'yes', Q3C: 'no' };
/** The previous audit: 3.1.1 'Yes' in one of two (50%). */
const PREVIOUS: Record<string, Answer> = { Q2A: 'yes', Q2B: 'no' };

let t: TestApp;
let browser: Browser;
const contexts: BrowserContext[] = [];
let auditId = '';

beforeAll(async () => {
  [t, browser] = await Promise.all([startApp(), launchBrowser()]);
  await t.services.accounts.create(null, { email: ADMIN, displayName: 'Ada Admin', password: PASSWORD, isAdmin: true });
}, 300_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await t?.close();
});

async function session(who: string): Promise<Page> {
  const context = await newContext(browser);
  contexts.push(context);
  return signInAs(t, context, who);
}

const go = async (page: Page, selector: string): Promise<void> => {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
};

/** Every answer of a case: 3.1.1 as given, everything else Yes. */
function answersOf(a311: Answer): Map<string, Answer> {
  const fw = getFramework(FRAMEWORK);
  const out = new Map<string, Answer>();
  for (const s of fw.standards) for (const kq of s.keyQuestions) {
    out.set(kq.id, kq.id === '3.1.1' ? a311 : 'yes');
    for (const p of kq.prompts) out.set(p.id, 'yes');
  }
  return out;
}

/** An audit made through the services, as a lead would have done it last quarter. */
async function previousAudit(serviceId: string): Promise<void> {
  const admin = (await t.services.accounts.findByEmail(null, ADMIN))!;
  const adminUser = (await t.services.accounts.loadUser(admin.id))!;
  const { id } = await t.services.inspections.create(adminUser, { serviceId, title: 'Out-of-court disposal audit, second quarter 2026', frameworkVersion: FRAMEWORK, kind: 'case audit', fieldworkStart: '2026-07-06' });
  await t.services.accounts.grantRole(adminUser, id, { accountId: t.users.lead.id, role: 'lead-inspector' });
  const lead = (await t.services.accounts.loadUser(t.users.lead.id))!;
  await t.services.inspections.setPhase(lead, id, { phase: 'fieldwork', version: 1 });
  for (const [ref, a] of Object.entries(PREVIOUS)) {
    const c = await t.services.cases.create(lead, id, { ref, domain: 3, disposalType: 'community-resolution', gender: 'female', ageBand: '15-17', ethnicity: 'white', riskOfSeriousHarm: 'low', safetyAndWellbeing: 'low' });
    await t.services.cases.saveAnswers(lead, c.id, { answers: [...answersOf(a)].map(([questionId, answer]) => ({ questionId, answer, version: 0 })) });
    const submitted = await t.services.cases.transition(lead, c.id, { action: 'submit', version: (await t.services.cases.get(lead, c.id)).version });
    await t.services.cases.transition(lead, c.id, { action: 'quality-assure', version: submitted.version });
  }
}

describe('a local case audit from a framework file, in the browser', () => {
  it('the site administrator loads the worked example on the Frameworks page', async () => {
    const admin = await session(ADMIN);
    await go(admin, 'a.moj-header__navigation-link[href="/frameworks"]');
    await hasText(admin.locator('h1'), 'Frameworks');
    await admin.setInputFiles('#file', EXAMPLE);
    await go(admin, 'button:has-text("Add the framework")');
    await hasText(admin.locator('.govuk-notification-banner'), `${FRAMEWORK} was added`);
    await hasText(admin.locator(`tr[data-framework="${FRAMEWORK}"]`), 'Quarterly out-of-court disposal audit (2026)');
    expect(await seriousViolations(admin)).toEqual([]);
    // A broken copy is refused on the file field, naming the place in the file.
    await admin.setInputFiles('#file', { name: 'broken.yaml', mimeType: 'application/yaml', buffer: Buffer.from('version: broken\ntitle: x\n') });
    await go(admin, 'button:has-text("Add the framework")');
    await hasText(admin.locator('.govuk-error-summary'), 'appliesTo: is missing');
    await hasText(admin.locator('#file-error'), 'appliesTo: is missing');
  });

  it('the site administrator creates a case audit on it', async () => {
    const [service] = await t.services.inspections.listServices(null);
    await previousAudit(service!.id);
    const admin = await session(ADMIN);
    await admin.goto(`${t.base}/inspections/new`);
    await admin.check(`input[name="serviceId"][value="${service!.id}"]`);
    await admin.fill('#title', TITLE);
    await admin.check('input[name="kind"][value="case audit"]');
    await admin.check(`input[name="frameworkVersion"][value="${FRAMEWORK}"]`);
    await admin.fill('#fieldworkStart-day', '5');
    await admin.fill('#fieldworkStart-month', '10');
    await admin.fill('#fieldworkStart-year', '2026');
    await admin.selectOption('#leadAccountId', { label: 'Lena Lead (lead@example.org)' });
    await Promise.all([admin.waitForURL(/\?created=1$/), admin.click('button:has-text("Create the inspection")')]);
    auditId = decodeURIComponent(new URL(admin.url()).pathname.split('/')[2]!);
    const lead = (await t.services.accounts.loadUser(t.users.lead.id))!;
    expect(await t.services.inspections.get(lead, auditId)).toMatchObject({ kind: 'case audit', frameworkVersion: FRAMEWORK });
  });

  it('the lead assesses its cases on the assessment pages', async () => {
    // The sample: account set-up, not part of this journey (sampling has its own).
    const lead = (await t.services.accounts.loadUser(t.users.lead.id))!;
    await t.services.inspections.setPhase(lead, auditId, { phase: 'fieldwork', version: 1 });
    const ids: Record<string, string> = {};
    for (const ref of Object.keys(CURRENT)) {
      ids[ref] = (await t.services.cases.create(lead, auditId, { ref, domain: 3, disposalType: 'youth-caution', gender: 'male', ageBand: '15-17', ethnicity: 'white', riskOfSeriousHarm: 'low', safetyAndWellbeing: 'low', assessorId: lead.id })).id;
    }
    const page = await session('lead');
    const standards = getFramework(FRAMEWORK).standards;
    for (const [ref, a311] of Object.entries(CURRENT)) {
      const answers = answersOf(a311);
      await page.goto(`${t.base}/inspections/${encodeURIComponent(auditId)}/cases/${encodeURIComponent(ids[ref]!)}`);
      await go(page, `.govuk-task-list a[href$="/standards/${standards[0]!.id}"]`);
      for (const s of standards) {
        await hasText(page.locator('h1'), s.name);
        for (const kq of s.keyQuestions) {
          await page.check(`input[name="q_${kq.id.replace(/\./g, '_')}"][value="${answers.get(kq.id)!}"]`);
          for (const p of kq.prompts) await page.check(`input[name="q_${p.id.replace(/\./g, '_')}"][value="${answers.get(p.id)!}"]`);
        }
        await go(page, 'button:has-text("Save and continue")');
      }
      await hasText(page.locator('h1'), 'Check your answers');
      await go(page, 'button:has-text("Submit the case")');
      await hasText(page.locator('main'), 'Case submitted for quality assurance');
      const c = await t.services.cases.get(lead, ids[ref]!);
      await t.services.cases.transition(lead, ids[ref]!, { action: 'quality-assure', version: c.version });
    }
  });

  it('the results rate by the file\'s thresholds and compare each key question with the previous audit', async () => {
    const page = await session('lead');
    await page.goto(`${t.base}/inspections/${encodeURIComponent(auditId)}`);
    // An audit's navigation: results, no domain 1.
    const nav = page.locator('.govuk-service-navigation');
    await hasText(nav, 'Results');
    expect(await nav.locator('a', { hasText: 'Domain 1 evidence' }).count()).toBe(0);
    await go(page, '.govuk-service-navigation a:has-text("Results")');
    await hasText(page.locator('h1'), 'Results');
    expect((await page.locator('#standard-3-1 [data-rating]').textContent())?.trim()).toBe('Requires improvement');
    expect((await page.locator('#standard-3-2 [data-rating]').textContent())?.trim()).toBe('Outstanding');
    const table = page.locator('#trend-table');
    await hasText(table, 'second quarter 2026');
    await hasText(table, 'third quarter 2026');
    const row = table.locator('tr', { hasText: '3.1.1' });
    await hasText(row, '50%');
    await hasText(row, '67%');
    await hasText(row, 'Up 17 points');
    await hasText(table.locator('tr', { hasText: '3.1.2' }), 'No change');
    const chart = await page.request.get(await page.locator('#trend-chart').getAttribute('src').then((s) => `${t.base}${s}`));
    expect(chart.status()).toBe(200);
    expect(chart.headers()['content-type']).toContain('image/svg+xml');
    expect(await seriousViolations(page)).toEqual([]);
  });
});
