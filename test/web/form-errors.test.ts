/**
 * The error states of the forms in Debian's Chromium: each message in GOV.UK words ("Enter…", "Choose…",
 * naming the field), shown on its own field and linked from the error summary to that field; the limits
 * stated on the form (character counts, the population file's size); dates as day, month and year boxes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { signInAs, startApp, type TestApp } from './app.js';
import { expectAccessible, hasText, launchBrowser, newContext } from './harness.js';

let t: TestApp;
let browser: Browser;

beforeAll(async () => {
  [t, browser] = await Promise.all([startApp(), launchBrowser()]);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const base = (): string => `${t.base}/inspections/${t.inspectionId}`;

/** The message shown on a field (its GOV.UK error message, without the hidden "Error:" prefix). */
async function fieldError(page: Page, id: string): Promise<string> {
  return ((await page.locator(`#${id}-error`).textContent()) ?? '').replace(/^\s*Error:\s*/, '').trim();
}

/** The error summary's links as [text, href]. */
async function summaryLinks(page: Page): Promise<[string, string][]> {
  const links = page.locator('.govuk-error-summary a');
  const out: [string, string][] = [];
  for (let i = 0; i < await links.count(); i++) out.push([((await links.nth(i).textContent()) ?? '').trim(), (await links.nth(i).getAttribute('href')) ?? '']);
  return out;
}

async function submit(page: Page, button: string): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.click(`button:has-text("${button}")`)]);
}

async function fillDate(page: Page, name: string, d: string, m: string, y: string): Promise<void> {
  await page.fill(`#${name}-day`, d);
  await page.fill(`#${name}-month`, m);
  await page.fill(`#${name}-year`, y);
}

describe('form errors in words, on the right field', () => {
  it('evidence: every field named, the date as boxes, the limits counted', async () => {
    const page = await signInAs(t, await newContext(browser), 'lead');
    await page.goto(`${base()}/evidence/new`);
    // The limits are stated before anything is typed: the character counts carry the services' limits.
    expect(await page.getAttribute('[data-module="govuk-character-count"]:has(#what)', 'data-maxlength')).toBe('300');
    expect(await page.getAttribute('[data-module="govuk-character-count"]:has(#summary)', 'data-maxlength')).toBe('8000');
    expect(await page.locator('#occurredOn-day, #occurredOn-month, #occurredOn-year').count()).toBe(3);

    await submit(page, 'Save evidence');
    expect(await summaryLinks(page)).toEqual([
      ['Choose the kind of evidence: document, meeting, interview or survey', '#kind'],
      ['Enter what the evidence is', '#what'],
      ['Enter a summary of the evidence', '#summary'],
    ]);
    expect(await fieldError(page, 'kind')).toBe('Choose the kind of evidence: document, meeting, interview or survey');
    expect(await fieldError(page, 'what')).toBe('Enter what the evidence is');
    expect(await fieldError(page, 'summary')).toBe('Enter a summary of the evidence');
    await expectAccessible(page, 'evidence errors');

    await page.check('input[name="kind"][value="meeting"]');
    await page.fill('#what', 'x'.repeat(301));
    await fillDate(page, 'occurredOn', '3', '', '2026');
    await page.fill('#summary', 'The board met.');
    await submit(page, 'Save evidence');
    expect(await summaryLinks(page)).toEqual([
      ['What the evidence is must be 300 characters or fewer', '#what'],
      ['Date of the evidence must include a month', '#occurredOn-day'],
    ]);
    expect(await fieldError(page, 'what')).toBe('What the evidence is must be 300 characters or fewer');
    expect(await fieldError(page, 'occurredOn')).toBe('Date of the evidence must include a month');
    // What was typed is kept.
    expect(await page.inputValue('#occurredOn-day')).toBe('3');
    expect((await page.inputValue('#what')).length).toBe(301);

    await page.fill('#what', 'Meeting with the board chair');
    await fillDate(page, 'occurredOn', '31', '2', '2026');
    await submit(page, 'Save evidence');
    expect(await summaryLinks(page)).toEqual([['Date of the evidence must be a real date', '#occurredOn-day']]);
    expect(await page.locator('.govuk-error-summary').textContent()).not.toMatch(/YYYY|\d{4}-\d{2}-\d{2}/);

    await fillDate(page, 'occurredOn', '3', '11', '2026');
    await submit(page, 'Save evidence');
    await hasText(page.locator('table'), 'Meeting with the board chair');
    const added = (await t.services.domain1.listEvidence(t.users.lead, t.inspectionId)).find((e) => e.what === 'Meeting with the board chair');
    expect(added?.occurredOn).toBe('2026-11-03');
  });

  it('a judgement with no rating the service knows says "Choose a rating", never the schema\'s words', async () => {
    const page = await signInAs(t, await newContext(browser), 'lead');
    await page.goto(`${base()}/judgements/1.1`);
    // A rating the form never offers (as a stale or altered page sends): the message is still in words.
    await page.evaluate(() => { (document.querySelector('input[name="rating"]:checked') as HTMLInputElement).value = 'Excellent'; });
    await submit(page, 'Save');
    expect(await fieldError(page, 'rating')).toBe('Choose a rating');
    expect(await page.locator('main').textContent()).not.toMatch(/Invalid option|expected one of/);
  });

  it('an evidence note over its limit is named on the note, not on the key question', async () => {
    const page = await signInAs(t, await newContext(browser), 'assessor');
    await page.goto(`${base()}/cases/${t.cases.C09}/standards/2.1`);
    expect(await page.getAttribute('[data-module="govuk-character-count"]:has(#note_2_1_1)', 'data-maxlength')).toBe('4000');
    await page.check('input[name="q_2_1_1"][value="yes"]');
    await page.fill('#note_2_1_1', 'x'.repeat(4001));
    await submit(page, 'Save and continue');
    expect(await summaryLinks(page)).toEqual([['Evidence note for 2.1.1 must be 4,000 characters or fewer', '#note_2_1_1']]);
    expect(await fieldError(page, 'note_2_1_1')).toBe('Evidence note for 2.1.1 must be 4,000 characters or fewer');
    expect(await page.locator('#q_2_1_1-error').count()).toBe(0);
    expect((await page.inputValue('#note_2_1_1')).length).toBe(4001);
  });

  it('the title over its limit: "Title must be 200 characters or fewer"; fieldwork dates in boxes', async () => {
    const page = await signInAs(t, await newContext(browser), 'lead');
    await page.goto(`${base()}/details`);
    await page.fill('#title', 'x'.repeat(201));
    await fillDate(page, 'fieldworkEnd', '13', '11', '');
    await submit(page, 'Save');
    expect(await fieldError(page, 'fieldworkEnd')).toBe('Last day of fieldwork must include a year');
    expect(await summaryLinks(page)).toContainEqual(['Last day of fieldwork must include a year', '#fieldworkEnd-day']);
    await fillDate(page, 'fieldworkEnd', '13', '11', '2026');
    await submit(page, 'Save');
    expect(await summaryLinks(page)).toEqual([['Title must be 200 characters or fewer', '#title']]);
    expect(await fieldError(page, 'title')).toBe('Title must be 200 characters or fewer');
  });

  it('the population file: its limit stated, another kind of file or one too large named on the file field', async () => {
    const page = await signInAs(t, await newContext(browser), 'lead');
    await page.goto(`${base()}/sampling`);
    await hasText(page.locator('#population-hint'), 'A CSV or XLSX file smaller than 10 MB');

    // A picture: named as not a CSV or XLSX, its bytes never echoed back.
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), Buffer.from('IHDR\u0000\u0001binary')]);
    await page.setInputFiles('#population', { name: 'chart.png', mimeType: 'image/png', buffer: png });
    await submit(page, 'Propose a sample');
    expect(await fieldError(page, 'population')).toBe('The selected file must be a CSV or XLSX file');
    expect(await summaryLinks(page)).toEqual([['The selected file must be a CSV or XLSX file', '#population']]);
    expect(await page.locator('main').textContent()).not.toMatch(/IHDR|PNG/);

    // 20 MB: the file field says so, not a page about shortening text.
    const big = Buffer.alloc(20 * 1024 * 1024, 'a');
    await page.setInputFiles('#population', { name: 'population.csv', mimeType: 'text/csv', buffer: big });
    await fillDate(page, 'fieldwork', '2', '6', '');
    await submit(page, 'Propose a sample');
    expect(await fieldError(page, 'population')).toMatch(/^The selected file must be smaller than 10 MB/);
    expect(await fieldError(page, 'fieldwork')).toBe('First day of fieldwork must include a year');
    expect(await summaryLinks(page)).toContainEqual(['First day of fieldwork must include a year', '#fieldwork-day']);
    expect(await page.locator('main').textContent()).not.toMatch(/Shorten the text|docs\/sampling/);
  }, 120_000);
});

describe('the other reasons a form asks for, in words and on their own field', () => {
  const ADMIN = 'admin-forms@example.org';
  beforeAll(async () => {
    await t.services.accounts.create(null, { email: ADMIN, displayName: 'Ada Admin', password: 'correct horse battery staple', isAdmin: true });
  });

  it('withdrawing a case without a reason: the message is on the withdrawal reason, not the return reason', async () => {
    const page = await signInAs(t, await newContext(browser), 'lead');
    await page.goto(`${base()}/cases/${t.cases.C10}`);
    await submit(page, 'Withdraw the case');
    const [[text, href]] = await summaryLinks(page) as [[string, string]];
    expect(href).toBe('#withdraw-reason');
    expect(text).toMatch(/^Enter /);
    expect(await fieldError(page, 'withdraw-reason')).toBe(text);
    expect(await page.locator('#reason-error').count()).toBe(0);
    await expectAccessible(page, 'withdraw error');
    await page.context().close();
  });

  it('redacting a history entry and archiving an inspection without a reason', async () => {
    const page = await signInAs(t, await newContext(browser), ADMIN);
    await page.goto(`${base()}/history`);
    await Promise.all([page.waitForNavigation(), page.locator('#history-table a:has-text("Redact")').first().click()]);
    await submit(page, 'Redact');
    let links = await summaryLinks(page);
    expect(links).toHaveLength(1);
    expect(links[0]![1]).toBe('#reason');
    expect(links[0]![0]).toMatch(/^Enter /);
    expect(await fieldError(page, 'reason')).toBe(links[0]![0]);
    await expectAccessible(page, 'redaction error');

    await page.goto(`${base()}/remove`);
    await page.check('input[name="choice"] >> nth=0');
    await submit(page, 'Continue');
    links = await summaryLinks(page);
    expect(links).toHaveLength(1);
    expect(links[0]![1]).toBe('#reason');
    expect(links[0]![0]).toMatch(/^Enter /);
    expect(await fieldError(page, 'reason')).toBe(links[0]![0]);
    await expectAccessible(page, 'archive error');
    await page.context().close();
  });
});
