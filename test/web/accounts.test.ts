/**
 * The site administrator's accounts screens, in Debian's Chromium against the real server and an embedded
 * database: create an account (a bad email first: the error is shown and what was typed is kept), give it a
 * role, the new person signs in and sees the inspection; the role is removed and they no longer see it; the
 * password is reset; the account is disabled (signed out at once, no sign-in) and enabled again, each after a
 * confirmation, and the administrator cannot disable their own. Nobody else sees the Accounts link or gets past
 * /accounts, by page or by a forged post.
 * axe-core runs on each new page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { User } from '../../src/app/index.js';
import { ACCOUNTS, PASSWORD, signInAs, startApp, type TestApp } from './app.js';
import { hasText, launchBrowser, newContext, screenshot, seriousViolations, visible } from './harness.js';

const ADMIN_EMAIL = 'admin@example.org';
const NEW_EMAIL = 'nia.new@example.org';
const NEW_PASSWORD = 'a long enough password';

let t: TestApp;
let browser: Browser;
let admin: User;
let newAccountId = '';
const checkedPages = new Set<string>();

beforeAll(async () => {
  [t, browser] = await Promise.all([startApp(), launchBrowser()]);
  const a = await t.services.accounts.create(null, { email: ADMIN_EMAIL, displayName: 'Ada Admin', password: PASSWORD, isAdmin: true });
  admin = (await t.services.accounts.loadUser(a.id))!;
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function check(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('load');
  expect(await seriousViolations(page), `${name}: ${page.url()}`).toEqual([]);
  checkedPages.add(name);
  await screenshot(page, `accounts-${name}`);
}

const signIn = (context: BrowserContext, email: string, password = PASSWORD): Promise<Page> => signInAs(t, context, email, password);

async function csrfFrom(page: Page): Promise<string> {
  await page.goto(`${t.base}/sign-out`);
  return (await page.getAttribute('input[name=_csrf]', 'value'))!;
}

const accountsLink = (page: Page) => page.locator('.moj-header__navigation a[href="/accounts"]');
const INSPECTION_TITLE = 'Northshire youth justice inspection 2026';

async function roleHistory(action: 'grant' | 'revoke') {
  return (await t.services.history.forInspection(admin, t.inspectionId))
    .filter((h) => h.entity === 'role' && h.action === action && h.entityId === `${newAccountId}:inspector`);
}

describe('accounts', () => {
  it('the administrator creates an account: a bad email is reported, nothing typed is lost', async () => {
    const context = await newContext(browser);
    const page = await signIn(context, ADMIN_EMAIL);
    await Promise.all([page.waitForURL(/\/accounts$/), accountsLink(page).click()]);
    await hasText(page.locator('h1'), 'Accounts');
    // Every account with its roles, the lead's among them.
    const lead = page.locator('#accounts tr[data-account="lead@example.org"]');
    await hasText(lead, 'Lena Lead');
    await hasText(lead, `${INSPECTION_TITLE}: lead inspector`);
    await hasText(page.locator('#accounts tr[data-account="admin@example.org"] td').nth(1), 'Yes');
    await check(page, 'list');

    await Promise.all([page.waitForURL(/\/accounts\/new$/), page.click('a:has-text("Create an account")')]);
    await check(page, 'new');
    await page.fill('#displayName', 'Nia New');
    await page.fill('#email', 'nia.new-at-example.org');
    await page.fill('#password', NEW_PASSWORD);
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Create account")')]);
    await hasText(page.locator('.govuk-error-summary'), 'Enter an email address, like name@example.org');
    await visible(page.locator('#email-error'));
    expect(await page.inputValue('#displayName')).toBe('Nia New');
    expect(await page.inputValue('#email')).toBe('nia.new-at-example.org');
    expect(await page.inputValue('#password')).toBe(NEW_PASSWORD);
    expect(await t.services.accounts.findByEmail(null, 'nia.new-at-example.org')).toBeNull();
    await check(page, 'new-error');

    await page.fill('#email', NEW_EMAIL);
    await Promise.all([page.waitForURL(/\/accounts\/[^/]+\?done=created$/), page.click('button:has-text("Create account")')]);
    await hasText(page.locator('.govuk-notification-banner'), 'The account for Nia New was created');
    await hasText(page.locator('main'), 'Nia New holds no role on any inspection');
    const created = await t.services.accounts.findByEmail(null, NEW_EMAIL);
    expect(created).toMatchObject({ displayName: 'Nia New', isAdmin: false, disabled: false });
    newAccountId = created!.id;
    await check(page, 'account');
    await context.close();
  }, 300_000);

  it('the administrator gives the account a role; the new person signs in and sees the inspection', async () => {
    const context = await newContext(browser);
    const page = await signIn(context, ADMIN_EMAIL);
    await page.goto(`${t.base}/accounts/${newAccountId}`);
    // Nothing chosen: both questions are reported.
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Give the role")')]);
    await hasText(page.locator('.govuk-error-summary'), 'Choose the inspection');
    await hasText(page.locator('.govuk-error-summary'), 'Choose the role');
    await check(page, 'grant-error');
    await page.selectOption('#inspectionId', t.inspectionId);
    await page.check('input[name="role"][value="inspector"]');
    await Promise.all([page.waitForURL(/done=granted/), page.click('button:has-text("Give the role")')]);
    await hasText(page.locator('.govuk-notification-banner'), `Nia New is now inspector on ${INSPECTION_TITLE}`);
    await hasText(page.locator('#account-roles'), /Inspector/);
    expect(await roleHistory('grant')).toHaveLength(1);
    expect((await roleHistory('grant'))[0]!.actorId).toBe(admin.id);
    await context.close();

    const nia = await newContext(browser);
    const niaPage = await signIn(nia, NEW_EMAIL, NEW_PASSWORD);
    await hasText(niaPage.locator('main'), INSPECTION_TITLE);
    expect(await accountsLink(niaPage).count()).toBe(0);
    const overview = await niaPage.goto(`${t.base}/inspections/${t.inspectionId}`);
    expect(overview!.status()).toBe(200);
    await nia.close();
  }, 300_000);

  it('the administrator removes the role after a confirmation; the person no longer sees the inspection', async () => {
    const nia = await newContext(browser);
    const niaPage = await signIn(nia, NEW_EMAIL, NEW_PASSWORD);
    await hasText(niaPage.locator('main'), INSPECTION_TITLE);

    const context = await newContext(browser);
    const page = await signIn(context, ADMIN_EMAIL);
    await page.goto(`${t.base}/accounts/${newAccountId}`);
    await Promise.all([page.waitForURL(/\/revoke\?/), page.click('#account-roles a:has-text("Remove")')]);
    await hasText(page.locator('h1'), 'Remove Nia New’s role as inspector?');
    await check(page, 'revoke-confirm');
    // Nothing is removed until it is confirmed.
    expect((await t.services.accounts.loadUser(newAccountId))!.roles).toHaveLength(1);
    await Promise.all([page.waitForURL(/done=revoked/), page.click('button:has-text("Yes, remove the role")')]);
    await hasText(page.locator('.govuk-notification-banner'), `Nia New is no longer inspector on ${INSPECTION_TITLE}`);
    expect(await page.locator('#account-roles').count()).toBe(0);
    expect(await roleHistory('revoke')).toHaveLength(1);

    // The same session, next page: the inspection is gone and its address is not found.
    await niaPage.goto(`${t.base}/inspections`);
    await hasText(niaPage.locator('main'), 'You have no part in any inspection yet');
    expect(await niaPage.locator('main').innerText()).not.toContain(INSPECTION_TITLE);
    expect((await niaPage.goto(`${t.base}/inspections/${t.inspectionId}`))!.status()).toBe(404);

    // Removing it again (a second tab) is refused with the reason, not an error page.
    const again = await page.request.post(`${t.base}/accounts/${newAccountId}/revoke`, {
      form: { _csrf: await csrfFrom(page), inspectionId: t.inspectionId, role: 'inspector', confirmed: 'yes' },
    });
    expect(again.status()).toBe(409);
    expect(await again.text()).toContain('no longer holds it');
    await nia.close();
    await context.close();
  }, 300_000);

  it('the administrator resets the password: the person is signed out and signs in with the new one', async () => {
    const nia = await newContext(browser);
    const niaPage = await signIn(nia, NEW_EMAIL, NEW_PASSWORD);

    const context = await newContext(browser);
    const page = await signIn(context, ADMIN_EMAIL);
    await page.goto(`${t.base}/accounts/${newAccountId}`);
    await Promise.all([page.waitForURL(/\/password$/), page.click('a:has-text("reset the password")')]);
    await page.fill('#password', 'short');
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Reset the password")')]);
    await hasText(page.locator('.govuk-error-summary'), 'at least 12 characters');
    expect(await page.inputValue('#password')).toBe('short');
    await check(page, 'password-error');
    await page.fill('#password', 'another long password');
    await Promise.all([page.waitForURL(/done=password/), page.click('button:has-text("Reset the password")')]);
    await hasText(page.locator('.govuk-notification-banner'), 'The password was reset');

    await niaPage.goto(`${t.base}/inspections`);
    expect(niaPage.url()).toMatch(/\/sign-in/);
    await nia.close();
    await signIn(await newContext(browser), NEW_EMAIL, 'another long password');
    await context.close();
  }, 300_000);

  it('the administrator disables the account after a confirmation: the person is signed out at once and cannot sign in; enabling gives it back', async () => {
    const nia = await newContext(browser);
    const niaPage = await signIn(nia, NEW_EMAIL, 'another long password');

    const context = await newContext(browser);
    const page = await signIn(context, ADMIN_EMAIL);
    await page.goto(`${t.base}/accounts/${newAccountId}`);
    await Promise.all([page.waitForURL(/\/disable$/), page.click('#account-details a:has-text("Disable")')]);
    await hasText(page.locator('h1'), 'Disable Nia New’s account?');
    await check(page, 'disable-confirm');
    // Nothing changes until it is confirmed.
    expect(await t.services.accounts.findByEmail(null, NEW_EMAIL)).toMatchObject({ disabled: false });
    const staleVersion = await page.getAttribute('input[name=version]', 'value');
    await Promise.all([page.waitForURL(/done=disabled/), page.click('button:has-text("Yes, disable the account")')]);
    await hasText(page.locator('.govuk-notification-banner'), 'Nia New’s account is disabled');
    await hasText(page.locator('#account-details'), 'Disabled: cannot sign in');
    await hasText(page.locator('#account-details a'), 'Enable');

    // The person's next page asks them to sign in, and signing in is refused.
    await niaPage.goto(`${t.base}/inspections`);
    expect(niaPage.url()).toMatch(/\/sign-in/);
    await niaPage.fill('#email', NEW_EMAIL);
    await niaPage.fill('#password', 'another long password');
    await Promise.all([niaPage.waitForNavigation(), niaPage.click('button:has-text("Sign in")')]);
    await hasText(niaPage.locator('.govuk-error-summary'), 'The email address or password is not right');
    const history = await t.store.query<{ actor_id: string; action: string; before: unknown; after: unknown }>(
      `SELECT actor_id, action, before, after FROM history WHERE entity = 'account' AND entity_id = $1 AND action IN ('disable', 'enable') ORDER BY id`, [newAccountId]);
    expect(history).toEqual([expect.objectContaining({ actor_id: admin.id, action: 'disable', before: expect.objectContaining({ disabled: false }), after: expect.objectContaining({ disabled: true }) })]);

    // A second tab's confirmation, sent after the change, is refused with the reason.
    const stale = await page.request.post(`${t.base}/accounts/${newAccountId}/disable`, {
      form: { _csrf: await csrfFrom(page), version: staleVersion!, confirmed: 'yes' },
    });
    expect(stale.status()).toBe(409);
    expect(await stale.text()).toContain('it is now disabled');

    await page.goto(`${t.base}/accounts/${newAccountId}`);
    await Promise.all([page.waitForURL(/\/enable$/), page.click('#account-details a:has-text("Enable")')]);
    await hasText(page.locator('h1'), 'Enable Nia New’s account?');
    await check(page, 'enable-confirm');
    await Promise.all([page.waitForURL(/done=enabled/), page.click('button:has-text("Yes, enable the account")')]);
    await hasText(page.locator('.govuk-notification-banner'), 'Nia New’s account is enabled');
    await signIn(await newContext(browser), NEW_EMAIL, 'another long password');
    await nia.close();
    await context.close();
  }, 300_000);

  it('the administrator cannot disable their own account: no link, and the page and a forged post are refused', async () => {
    const context = await newContext(browser);
    const page = await signIn(context, ADMIN_EMAIL);
    await page.goto(`${t.base}/accounts/${admin.id}`);
    await hasText(page.locator('main'), 'This is your own account');
    expect(await page.locator('#account-details a').count()).toBe(0);
    const confirm = await page.goto(`${t.base}/accounts/${admin.id}/disable`);
    expect(confirm!.status()).toBe(403);
    await hasText(page.locator('main'), 'You cannot disable your own account');
    const forged = await page.request.post(`${t.base}/accounts/${admin.id}/disable`, { form: { _csrf: await csrfFrom(page), confirmed: 'yes' } });
    expect(forged.status()).toBe(403);
    expect(await t.services.accounts.findByEmail(null, ADMIN_EMAIL)).toMatchObject({ disabled: false });
    await context.close();
  }, 120_000);

  it('anyone else gets no Accounts link and is refused at /accounts and on every post', async () => {
    const context = await newContext(browser);
    const page = await signIn(context, ACCOUNTS.lead);
    expect(await accountsLink(page).count()).toBe(0);
    for (const path of ['/accounts', '/accounts/new', `/accounts/${newAccountId}`, `/accounts/${newAccountId}/password`, `/accounts/${newAccountId}/disable`, `/accounts/${newAccountId}/enable`]) {
      const r = await page.goto(`${t.base}${path}`);
      expect(r!.status(), path).toBe(403);
      expect(await page.locator('main form[method="post"]').count(), path).toBe(0);
    }
    await hasText(page.locator('main'), 'Only a site administrator can manage accounts');

    const token = await csrfFrom(page);
    const posts: [string, Record<string, string>][] = [
      ['/accounts', { displayName: 'Forged', email: 'forged@example.org', password: NEW_PASSWORD }],
      [`/accounts/${newAccountId}/roles`, { inspectionId: t.inspectionId, role: 'lead-inspector' }],
      [`/accounts/${t.users.readonly.id}/revoke`, { inspectionId: t.inspectionId, role: 'read-only', confirmed: 'yes' }],
      [`/accounts/${newAccountId}/password`, { password: 'a forged long password' }],
      [`/accounts/${newAccountId}/disable`, { confirmed: 'yes' }],
    ];
    for (const [path, form] of posts) {
      const r = await page.request.post(`${t.base}${path}`, { form: { _csrf: token, ...form } });
      expect(r.status(), path).toBe(403);
    }
    expect(await t.services.accounts.findByEmail(null, 'forged@example.org')).toBeNull();
    expect((await t.services.accounts.loadUser(newAccountId))!.roles).toEqual([]);
    expect((await t.services.accounts.loadUser(t.users.readonly.id))!.roles).toEqual([{ inspectionId: t.inspectionId, role: 'read-only' }]);
    await signIn(await newContext(browser), NEW_EMAIL, 'another long password');
    await context.close();
  }, 120_000);

  it('ran axe on every new page', () => {
    expect([...checkedPages].sort()).toEqual(['account', 'disable-confirm', 'enable-confirm', 'grant-error', 'list', 'new', 'new-error', 'password-error', 'revoke-confirm']);
  });
});
