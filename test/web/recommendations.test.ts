/**
 * Recommendations in Debian's Chromium against the real server and an embedded database: the lead adds them
 * by addressee (mistakes reported, nothing typed lost), the report stops listing them as missing and prints
 * them numbered in order; a change keeps its place or moves after the new addressee's; a stale change gets
 * the conflict page; removing asks first. Inspectors read them without controls and a forged post is refused;
 * once published nobody changes them. axe-core runs on every kind of page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { signInAs, startApp, type ACCOUNTS, type TestApp } from './app.js';
import { expectAccessible, hasText, launchBrowser, newContext, screenshot } from './harness.js';
import { walkTo } from '../support/workflow.js';

let t: TestApp;
let browser: Browser;

beforeAll(async () => {
  [t, browser] = await Promise.all([startApp(), launchBrowser()]);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const signIn = (context: BrowserContext, who: keyof typeof ACCOUNTS): Promise<Page> => signInAs(t, context, who);
const overview = () => `${t.base}/inspections/${t.inspectionId}`;
const BOARD = 'The Northshire youth justice partnership board should:';
const SERVICE = 'The Northshire youth justice service should:';

/** What the page shows: each addressee with its numbered recommendations. */
async function shown(page: Page): Promise<string[]> {
  return (await page.locator('#recommendations ol li').evaluateAll((lis) => lis.map((li) => {
    const addressee = li.closest('ol')!.getAttribute('data-addressee');
    const text = (li.firstChild?.parentElement?.textContent ?? '').replace(/(Change|Remove|Move up|Move down) recommendation \d+/g, '').replace(/\s+/g, ' ').trim();
    return `${addressee}: ${text}`;
  })));
}

async function add(page: Page, addressee: string, text: string): Promise<void> {
  await page.fill('#addressee', addressee);
  await page.fill('#text', text);
  await Promise.all([page.waitForURL(/saved=1/), page.click('button:has-text("Add the recommendation")')]);
}

describe('recommendations', () => {
  it('the lead adds, changes and removes recommendations, and the report prints them in order', async () => {
    const context = await newContext(browser);
    const page = await signIn(context, 'lead');
    await page.goto(`${overview()}/report`);
    await hasText(page.locator('#report-missing li'), /^recommendations$/);
    // Each missing part links to where it is recorded.
    expect(await page.getAttribute('#report-missing li a:text-is("recommendations")', 'href')).toBe(`/inspections/${t.inspectionId}/recommendations`);
    expect(await page.getAttribute('#report-missing li a:text-is("contextual facts")', 'href')).toBe(`/inspections/${t.inspectionId}/report-text/contextual-facts`);
    await page.click('#recommendations-link');
    await hasText(page.locator('h1'), 'Recommendations');
    await hasText(page.locator('#no-recommendations'), 'No recommendations have been recorded');
    await expectAccessible(page, 'empty list');

    // Nothing filled in but the text: both mistakes are named, the text is kept.
    await page.fill('#text', 'review the out-of-court disposal policy with the police');
    await page.click('button:has-text("Add the recommendation")');
    await hasText(page.locator('.govuk-error-summary'), /who the recommendation is for/i);
    expect(await page.inputValue('#text')).toBe('review the out-of-court disposal policy with the police');
    await expectAccessible(page, 'add with a mistake');

    await add(page, BOARD, 'review the out-of-court disposal policy with the police');
    await hasText(page.locator('.govuk-notification-banner'), 'The recommendation was saved.');
    await add(page, SERVICE, 'make sure that planning sets out contingency arrangements');
    await add(page, BOARD, 'make sure that children wait no more than six weeks for mental health support');
    expect(await shown(page)).toEqual([
      `${BOARD}: 1. review the out-of-court disposal policy with the police`,
      `${BOARD}: 2. make sure that children wait no more than six weeks for mental health support`,
      `${SERVICE}: 3. make sure that planning sets out contingency arrangements`,
    ]);
    await expectAccessible(page, 'list');
    await screenshot(page, 'recommendations');

    // The report no longer lists them as missing and prints them in the same order.
    await page.goto(`${overview()}/report`);
    expect(await page.locator('#report-missing').textContent()).not.toMatch(/^\s*recommendations\s*$/m);
    const html = await (await page.request.get(`${overview()}/report/view`)).text();
    const order = [BOARD, 'review the out-of-court', 'six weeks', SERVICE, 'contingency arrangements'].map((s) => html.indexOf(s));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);

    // Given to the other addressee, the first goes after that addressee's recommendations; that addressee now
    // comes first, as its first recommendation does.
    await page.goto(`${overview()}/recommendations`);
    await page.click('a:has-text("Change recommendation 1")');
    await hasText(page.locator('h1'), 'Change a recommendation');
    expect(await page.inputValue('#addressee')).toBe(BOARD);
    await expectAccessible(page, 'change form');
    await page.fill('#text', '');
    await page.click('button:has-text("Save the recommendation")');
    await hasText(page.locator('.govuk-error-summary'), /\S/);
    await page.fill('#addressee', SERVICE);
    await page.fill('#text', 'agree with the police how out-of-court disposals are decided');
    await Promise.all([page.waitForURL(/saved=1/), page.click('button:has-text("Save the recommendation")')]);
    expect(await shown(page)).toEqual([
      `${SERVICE}: 1. make sure that planning sets out contingency arrangements`,
      `${SERVICE}: 2. agree with the police how out-of-court disposals are decided`,
      `${BOARD}: 3. make sure that children wait no more than six weeks for mental health support`,
    ]);

    // A stale change: the conflict page shows both; keeping mine saves it.
    await page.click('a:has-text("Change recommendation 1")');
    const planning = (await t.services.recommendations.list(t.users.lead, t.inspectionId)).find((r) => r.text.includes('contingency'))!;
    await t.services.recommendations.update(t.users.lead, planning.id, { addressee: SERVICE, text: 'changed elsewhere', version: planning.version });
    await page.fill('#text', 'make sure that every plan sets out contingency arrangements');
    await page.click('button:has-text("Save the recommendation")');
    await hasText(page.locator('[data-conflict] h1'), 'Someone else changed this');
    await hasText(page.locator('[data-conflict] table'), 'changed elsewhere');
    await expectAccessible(page, 'conflict');
    await Promise.all([page.waitForURL(/saved=1/), page.click('button:has-text("Keep my version")')]);
    expect((await shown(page))[0]).toBe(`${SERVICE}: 1. make sure that every plan sets out contingency arrangements`);

    // Removing asks first; cancelling keeps it.
    await page.click('a:has-text("Remove recommendation 3")');
    await hasText(page.locator('h1'), 'Remove this recommendation?');
    await hasText(page.locator('#remove-text'), 'six weeks');
    await expectAccessible(page, 'remove confirmation');
    await page.click('a:has-text("Cancel")');
    expect(await shown(page)).toHaveLength(3);
    await page.click('a:has-text("Remove recommendation 3")');
    await Promise.all([page.waitForURL(/removed=1/), page.click('button:has-text("Yes, remove it")')]);
    await hasText(page.locator('.govuk-notification-banner'), 'The recommendation was removed.');
    expect(await shown(page)).toEqual([
      `${SERVICE}: 1. make sure that every plan sets out contingency arrangements`,
      `${SERVICE}: 2. agree with the police how out-of-court disposals are decided`,
    ]);
    const history = await t.store.query<{ action: string }>(`SELECT action FROM history WHERE entity = 'recommendation' ORDER BY id`);
    expect(history.map((h) => h.action).filter((a) => a === 'delete')).toHaveLength(1);

    // Reordering within an addressee: the first cannot move up, the last cannot move down.
    expect(await page.locator('button:has-text("Move up recommendation 1")').count()).toBe(0);
    expect(await page.locator('button:has-text("Move down recommendation 2")').count()).toBe(0);
    await Promise.all([page.waitForURL(/moved=1/), page.click('button:has-text("Move down recommendation 1")')]);
    await hasText(page.locator('.govuk-notification-banner'), 'The recommendation was moved.');
    expect(await shown(page)).toEqual([
      `${SERVICE}: 1. agree with the police how out-of-court disposals are decided`,
      `${SERVICE}: 2. make sure that every plan sets out contingency arrangements`,
    ]);
    await expectAccessible(page, 'after a move');
    // A move from a page loaded before someone else's change is refused and the list shown as it is now.
    const [top] = await t.services.recommendations.list(t.users.lead, t.inspectionId);
    await t.services.recommendations.update(t.users.lead, top!.id, { addressee: SERVICE, text: top!.text, version: top!.version });
    await page.click('button:has-text("Move down recommendation 1")');
    await hasText(page.locator('.govuk-error-summary'), 'Someone changed the recommendations since you loaded this page');
    expect((await shown(page))[0]).toContain('1. agree with the police');
    await context.close();
  }, 300_000);

  it('an inspector reads them without controls, and a forged post is refused', async () => {
    const context = await newContext(browser);
    const page = await signIn(context, 'inspector');
    await page.goto(`${overview()}/recommendations`);
    expect(await shown(page)).toHaveLength(2);
    expect(await page.locator('#recommendations a').count()).toBe(0);
    expect(await page.locator('main form[method="post"]').count()).toBe(0);
    await expectAccessible(page, 'read only');

    await page.goto(`${t.base}/sign-out`);
    const csrf = (await page.getAttribute('input[name=_csrf]', 'value'))!;
    const res = await page.request.post(`${overview()}/recommendations`, { form: { _csrf: csrf, addressee: SERVICE, text: 'added by an inspector' } });
    expect(res.status()).toBe(403);
    expect(await res.text()).toContain('Only the lead inspector can do this.');
    const [first] = await t.services.recommendations.list(t.users.lead, t.inspectionId);
    const change = await page.request.post(`${overview()}/recommendations/${first!.id}`, { form: { _csrf: csrf, addressee: SERVICE, text: 'changed by an inspector', version: String(first!.version) } });
    expect(change.status()).toBe(403);
    expect(await t.services.recommendations.list(t.users.lead, t.inspectionId)).toHaveLength(2);
    await context.close();
  }, 300_000);

  it('once published, the lead sees them read-only too', async () => {
    await walkTo(t.services, t.users.lead, t.inspectionId, 'published');
    const context = await newContext(browser);
    const page = await signIn(context, 'lead');
    await page.goto(`${overview()}/recommendations`);
    await hasText(page.locator('.govuk-body'), 'The inspection is published: the recommendations are read-only.');
    expect(await page.locator('#recommendations a').count()).toBe(0);
    const [first] = await t.services.recommendations.list(t.users.lead, t.inspectionId);
    expect((await page.goto(`${overview()}/recommendations/${first!.id}/remove`))?.status()).toBe(403);
    await expectAccessible(page, 'published');
    await context.close();
  }, 300_000);
});
