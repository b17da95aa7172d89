/**
 * A session that ends while a case's standard page is open (signed out in another tab): nothing claims a save
 * that did not happen, and nothing typed is lost. In Debian's Chromium against the real server: the session is
 * shared with a second browser context, which signs out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ACCOUNTS, PASSWORD, signInAs, startApp, type TestApp } from './app.js';
import { expectAccessible, hasText, launchBrowser, newContext, screenshot, seriousViolationsWithoutJs } from './harness.js';

let t: TestApp;
let browser: Browser;

beforeAll(async () => {
  [t, browser] = await Promise.all([startApp(), launchBrowser()]);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const standardUrl = (ref: string) => `${t.base}/inspections/${t.inspectionId}/cases/${t.cases[ref]}/standards/2.1`;

/** Signs out in another context that shares this context's session, as another tab of the same browser would. */
async function endSessionElsewhere(context: BrowserContext): Promise<void> {
  const other = await newContext(browser);
  await other.addCookies(await context.cookies());
  const page = await other.newPage();
  await page.goto(`${t.base}/sign-out`);
  await Promise.all([page.waitForNavigation(), page.click('button:has-text("Sign out")')]);
  await hasText(page.locator('h1'), 'You have signed out');
  await other.close();
}

async function signInHere(page: Page, returnPath: RegExp): Promise<void> {
  await page.fill('#email', ACCOUNTS.assessor);
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL(returnPath), page.click('button:has-text("Sign in")')]);
}

async function storedAnswer(ref: string, questionId: string) {
  const c = await t.services.cases.get(t.users.lead, t.cases[ref]!);
  return c.answers.find((a) => a.questionId === questionId) ?? null;
}

/** The first key question of the page: its radios' name and its note's name. */
async function firstQuestion(page: Page): Promise<{ q: string; note: string; id: string }> {
  const q = await page.$eval('input[type=radio][name^="q_"]', (e) => (e as HTMLInputElement).name);
  const note = await page.$eval('textarea[name^="note_"]', (e) => (e as HTMLTextAreaElement).name);
  return { q, note, id: q.slice(2).replace(/_/g, '.') };
}

const NOTE = 'Plan reviewed with the case manager on the second visit.';

describe('a session that ends while a standard page is open', () => {
  it('with JavaScript: says the answer was not saved, keeps what was typed, and puts it back after signing in again', async () => {
    const context = await newContext(browser);
    const page = await signInAs(t, context, 'assessor');
    await page.goto(standardUrl('C10'));
    const { q, note, id } = await firstQuestion(page);

    await endSessionElsewhere(context);
    await page.check(`input[name="${q}"][value="yes"]`);
    const error = page.locator(`#${q}-autosave-error`);
    await hasText(error, `Your answer to ${id} was not saved: you have been signed out`);
    expect(await page.locator('[data-autosave-status]').textContent()).not.toMatch(/Saved at/);
    expect(await page.locator(`.govuk-form-group--error:has(#${q}-autosave-error)`).count()).toBe(1);
    await screenshot(page, 'autosave-signed-out');
    await expectAccessible(page, 'autosave signed out');
    await page.fill(`textarea[name="${note}"]`, NOTE);

    await Promise.all([page.waitForURL(/\/sign-in\?/), page.click('button:has-text("Save and continue")')]);
    await hasText(page.locator('[data-session-ended]'), 'You have been signed out. Sign in again to continue; what you typed has been kept.');
    await expectAccessible(page, 'sign in after the session ended');
    expect(await storedAnswer('C10', id)).toBeNull();

    await signInHere(page, /\/standards\/2\.1/);
    await hasText(page.locator('[data-restored-status]'), 'It has now been saved.');
    expect(await page.isChecked(`input[name="${q}"][value="yes"]`)).toBe(true);
    expect(await page.inputValue(`textarea[name="${note}"]`)).toBe(NOTE);
    expect(new URL(page.url()).search).toBe('');
    await hasText(page.locator('[data-autosave-status]'), /Saved at/);
    await expectAccessible(page, 'standard page put back');
    const saved = await storedAnswer('C10', id);
    expect(saved).toMatchObject({ answer: 'yes', note: NOTE });

    // Saving goes on working, and a reload shows the stored answers (nothing left over to put back).
    await page.check(`input[name="${q}"][value="no"]`);
    await page.waitForFunction(() => /Saved at/.test(document.querySelector('[data-autosave-status]')?.textContent ?? ''));
    await expect.poll(async () => (await storedAnswer('C10', id))?.answer).toBe('no');
    await page.reload();
    expect(await page.isChecked(`input[name="${q}"][value="no"]`)).toBe(true);
    expect(await page.locator('[data-restored-banner]').count()).toBe(0);
    await context.close();
  }, 300_000);

  it('with the CSRF cookie gone too: reports an ended session, not a permission problem', async () => {
    const context = await newContext(browser);
    const page = await signInAs(t, context, 'assessor');
    await page.goto(standardUrl('C11'));
    const { q, note, id } = await firstQuestion(page);

    await endSessionElsewhere(context);
    await context.clearCookies();
    await page.check(`input[name="${q}"][value="no"]`);
    await hasText(page.locator(`#${q}-autosave-error`), `Your answer to ${id} was not saved: you have been signed out`);
    await page.fill(`textarea[name="${note}"]`, NOTE);

    const [response] = await Promise.all([page.waitForNavigation(), page.click('button:has-text("Save and continue")')]);
    expect(response?.status()).toBe(401);
    await hasText(page.locator('h1'), 'Your session has ended');
    const text = await page.locator('main').textContent();
    expect(text).not.toMatch(/permission|role/i);
    expect(text).toContain('What you typed has been kept in this browser');
    await expectAccessible(page, 'session ended page');
    await screenshot(page, 'session-ended');

    await Promise.all([page.waitForURL(/\/sign-in\?/), page.click('a:has-text("Sign in again")')]);
    await hasText(page.locator('[data-session-ended]'), 'what you typed has been kept');
    await signInHere(page, /\/standards\/2\.1/);
    await hasText(page.locator('[data-restored-status]'), 'It has now been saved.');
    expect(await page.inputValue(`textarea[name="${note}"]`)).toBe(NOTE);
    expect(await storedAnswer('C11', id)).toMatchObject({ answer: 'no', note: NOTE });
    await context.close();
  }, 300_000);

  it('without JavaScript: the posted answers are kept on the server for this browser and put back after signing in', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    context.setDefaultTimeout(60_000);
    const page = await signInAs(t, context, 'assessor');
    await page.goto(standardUrl('C09'));
    const { q, note, id } = await firstQuestion(page);
    const before = await storedAnswer('C09', id);

    await endSessionElsewhere(context);
    const value = before?.answer === 'not-relevant' ? 'yes' : 'not-relevant';
    await page.check(`input[name="${q}"][value="${value}"]`);
    await page.fill(`textarea[name="${note}"]`, NOTE);
    await Promise.all([page.waitForURL(/\/sign-in\?/), page.click('button:has-text("Save and continue")')]);
    await hasText(page.locator('[data-session-ended]'), 'what you typed has been kept');
    const returnTo = new URL(page.url()).searchParams.get('returnTo')!;
    expect(returnTo).toMatch(/\/standards\/2\.1\?kept=/);

    // The token alone, in another browser, puts nothing back.
    const stranger = await newContext(browser);
    const other = await signInAs(t, stranger, 'assessor');
    await other.goto(t.base + returnTo);
    expect(await other.inputValue(`textarea[name="${note}"]`)).not.toBe(NOTE);
    await stranger.close();

    await signInHere(page, /\/standards\/2\.1\?kept=/);
    await hasText(page.locator('[data-restored-banner]'), 'It is not saved yet');
    expect(await page.isChecked(`input[name="${q}"][value="${value}"]`)).toBe(true);
    expect(await page.inputValue(`textarea[name="${note}"]`)).toBe(NOTE);
    expect(await seriousViolationsWithoutJs(page, await newContext(browser))).toEqual([]);
    expect((await storedAnswer('C09', id))?.answer ?? null).toBe(before?.answer ?? null);

    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Save and continue")')]);
    expect(await storedAnswer('C09', id)).toMatchObject({ answer: value, note: NOTE });
    // One time only: the same address again shows the stored answers, with no banner.
    await page.goto(t.base + returnTo);
    expect(await page.locator('[data-restored-banner]').count()).toBe(0);
    await context.close();
  }, 300_000);
});
