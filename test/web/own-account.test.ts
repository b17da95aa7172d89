/**
 * Your own account, in Debian's Chromium against the real server: the name in the header leads to /account with
 * your name, email and the inspections and roles you hold; you change your password there (current one required,
 * the service's rules, without JavaScript), your other sessions end and this one stays. axe on every page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ACCOUNTS, PASSWORD, signInAs, startApp, type TestApp } from './app.js';
import { hasText, launchBrowser, newContext, screenshot, seriousViolations, seriousViolationsWithoutJs, visible } from './harness.js';

const INSPECTION_TITLE = 'Northshire youth justice inspection 2026';
const NEW_PASSWORD = 'three unrelated words here';

let t: TestApp;
let browser: Browser;
const checkedPages = new Set<string>();

beforeAll(async () => {
  [t, browser] = await Promise.all([startApp(), launchBrowser()]);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function check(page: Page, name: string, audit?: BrowserContext): Promise<void> {
  await page.waitForLoadState('load');
  const violations = audit ? await seriousViolationsWithoutJs(page, audit) : await seriousViolations(page);
  expect(violations, `${name}: ${page.url()}`).toEqual([]);
  checkedPages.add(name);
  await screenshot(page, `own-account-${name}`);
}

const signIn = (context: BrowserContext, email: string, password = PASSWORD): Promise<Page> => signInAs(t, context, email, password);

const nameLink = (page: Page) => page.locator('.moj-header__navigation a[href="/account"]');

describe('your own account', () => {
  it('the name in the header opens your account: name, email, and the inspections and roles you hold', async () => {
    const context = await newContext(browser);
    const page = await signIn(context, ACCOUNTS.lead);
    await hasText(nameLink(page), 'Lena Lead');
    const [response] = await Promise.all([page.waitForNavigation(), nameLink(page).click()]);
    expect(response!.status()).toBe(200);
    expect(page.url()).toBe(`${t.base}/account`);
    await hasText(page.locator('h1'), 'Your account');
    await hasText(page.locator('#your-details'), 'Lena Lead');
    await hasText(page.locator('#your-details'), ACCOUNTS.lead);
    const row = page.locator('#your-roles tbody tr');
    expect(await row.count()).toBe(1);
    await hasText(row, INSPECTION_TITLE);
    await hasText(row, 'Lead inspector');
    expect(await row.locator('a').getAttribute('href')).toBe(`/inspections/${t.inspectionId}`);
    await check(page, 'lead');
    await context.close();
  }, 120_000);

  it('someone with no role is told so; signed out, /account asks you to sign in first', async () => {
    await t.services.accounts.create(null, { email: 'nobody.yet@example.org', displayName: 'Noor Nobody', password: PASSWORD });
    const context = await newContext(browser);
    const page = await signIn(context, 'nobody.yet@example.org');
    await page.goto(`${t.base}/account`);
    await hasText(page.locator('main'), 'You hold no role on any inspection');
    expect(await page.locator('#your-roles').count()).toBe(0);
    await check(page, 'no-roles');
    await context.close();

    const anonymous = await newContext(browser);
    const anon = await anonymous.newPage();
    await anon.goto(`${t.base}/account`);
    expect(anon.url()).toBe(`${t.base}/sign-in?returnTo=${encodeURIComponent('/account')}`);
    await anonymous.close();
  }, 120_000);

  it('you change your password without JavaScript: mistakes are reported, then your other sessions end and this one stays', async () => {
    const elsewhere = await newContext(browser);
    const otherPage = await signIn(elsewhere, ACCOUNTS.panel);
    const audit = await newContext(browser);
    const context = await newContext(browser, { javaScriptEnabled: false });
    const page = await signIn(context, ACCOUNTS.panel);
    await page.goto(`${t.base}/account`);

    // Nothing typed: both fields are reported, in page order.
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Change your password")')]);
    const summary = page.locator('.govuk-error-summary');
    await hasText(summary, 'Enter your current password');
    await hasText(summary, 'A password needs at least 12 characters');
    expect(await summary.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(['#currentPassword', '#newPassword']);
    await visible(page.locator('#currentPassword-error'));
    await check(page, 'password-errors', audit);

    // A wrong current password: said plainly, not shown back; the new one is kept.
    await page.fill('#currentPassword', 'not my password');
    await page.fill('#newPassword', NEW_PASSWORD);
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Change your password")')]);
    await hasText(summary, 'Your current password is not right');
    expect(await page.inputValue('#currentPassword')).toBe('');
    expect(await page.inputValue('#newPassword')).toBe(NEW_PASSWORD);
    expect(await t.services.accounts.signIn(ACCOUNTS.panel, PASSWORD, '10.0.0.5').then(() => true)).toBe(true);

    await page.fill('#currentPassword', PASSWORD);
    await Promise.all([page.waitForURL(/\/account\?done=password$/), page.click('button:has-text("Change your password")')]);
    await hasText(page.locator('.govuk-notification-banner'), 'Your password was changed');
    await check(page, 'password-changed', audit);

    // This session stays; the other one is asked to sign in again; only the new password works.
    await page.goto(`${t.base}/inspections`);
    await hasText(page.locator('main'), INSPECTION_TITLE);
    await otherPage.goto(`${t.base}/inspections`);
    expect(otherPage.url()).toMatch(/\/sign-in/);
    await expect(t.services.accounts.signIn(ACCOUNTS.panel, PASSWORD, '10.0.0.6')).rejects.toMatchObject({ statusCode: 401 });
    await signIn(await newContext(browser), ACCOUNTS.panel, NEW_PASSWORD);
    const history = await t.store.query<{ actor_id: string }>(
      `SELECT actor_id FROM history WHERE entity = 'account' AND action = 'change-password' AND entity_id = $1`, [t.users.panel.id]);
    expect(history).toEqual([{ actor_id: t.users.panel.id }]);
    await Promise.all([elsewhere.close(), audit.close(), context.close()]);
  }, 300_000);

  it('ran axe on every page', () => {
    expect([...checkedPages].sort()).toEqual(['lead', 'no-roles', 'password-changed', 'password-errors']);
  });
});
