/**
 * Every page the lead can reach, at a phone's width (375 px): nothing pushes the page sideways (tables scroll
 * inside their own container), and no case reference breaks across lines. Screenshots of the worklist and a
 * data table at 375 px are kept with the test output.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { signInAs, startApp, type TestApp } from './app.js';
import { launchBrowser, newContext, screenshot } from './harness.js';

let t: TestApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const PHONE = 375;

beforeAll(async () => {
  [t, browser] = await Promise.all([startApp(), launchBrowser()]);
  context = await newContext(browser, { width: PHONE });
  page = await signInAs(t, context, 'lead');
}, 300_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await t?.close();
});

/** The inspection's HTML pages, by following links (downloads, sign-out and the plugins this app lacks left out). */
async function pages(limit: number): Promise<string[]> {
  const seen = new Set<string>();
  const queue = ['/inspections', `/inspections/${t.inspectionId}`];
  while (queue.length > 0 && seen.size < limit) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    const res = await context.request.get(`${t.base}${url}`, { maxRedirects: 0 });
    if (res.status() !== 200 || !(res.headers()['content-type'] ?? '').includes('text/html')) continue;
    seen.add(url);
    for (const m of (await res.text()).matchAll(/href="(\/[^"#]*)"/g)) {
      const href = m[1]!.replace(/&amp;/g, '&');
      if (!/sign-out|\/download|\/assets\/|favicon|\.(csv|xlsx|docx|pdf|json)|\/library|\/sampling/.test(href) && !seen.has(href)) queue.push(href);
    }
  }
  return [...seen];
}

/** What makes a page wider than the screen, and any reference drawn on more than one line. */
async function measure(p: Page): Promise<{ scrollWidth: number; wide: string[]; brokenRefs: string[] }> {
  return p.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = Array.from(document.querySelectorAll('body *'))
      .filter((el) => !el.closest('.app-table-container') && el.getBoundingClientRect().right > width + 1 && getComputedStyle(el).position !== 'absolute')
      .slice(0, 3).map((el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${Array.from(el.classList).join('.')}`);
    // A reference's text drawn on more than one line has line boxes at more than one height.
    const lines = (el: Element): number => {
      const range = document.createRange();
      range.selectNodeContents(el);
      return new Set(Array.from(range.getClientRects()).filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
    };
    const brokenRefs = Array.from(document.querySelectorAll('.app-nowrap')).filter((el) => lines(el) > 1).map((el) => el.textContent ?? '');
    return { scrollWidth: document.documentElement.scrollWidth, wide, brokenRefs };
  });
}

describe('at 375 pixels', () => {
  it('no page scrolls sideways and no case reference breaks', async () => {
    const urls = await pages(80);
    expect(urls.length).toBeGreaterThan(20);
    const problems: string[] = [];
    let tablesSeen = 0;
    for (const url of urls) {
      await page.goto(`${t.base}${url}`);
      const m = await measure(page);
      if (m.scrollWidth > PHONE) problems.push(`${url}: ${m.scrollWidth} px wide (${m.wide.join(', ')})`);
      if (m.brokenRefs.length) problems.push(`${url}: reference broken across lines: ${m.brokenRefs.join(', ')}`);
      tablesSeen += await page.locator('.app-table-container table').count();
      // Every table of the service's pages is inside its own scrolling container (the report itself is a
      // standalone document whose tables fit the width).
      if (await page.locator('.govuk-template__body').count()) expect(await page.locator('table:not(.app-table-container table)').count(), url).toBe(0);
    }
    expect(problems).toEqual([]);
    expect(tablesSeen).toBeGreaterThan(10);
  }, 300_000);

  it('keeps screenshots of the worklist and the cases table', async () => {
    await page.goto(`${t.base}/inspections/${t.inspectionId}/cases`);
    const table = page.locator('.app-table-container').first();
    // The table is wider than the phone, so it scrolls inside its container, which a keyboard can reach.
    expect(await table.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    expect(await table.getAttribute('tabindex')).toBe('0');
    await screenshot(page, 'cases-table-375');
    const worklist = await page.goto(`${t.base}/inspections/${t.inspectionId}/my-work`);
    expect(worklist?.status()).toBe(200);
    await screenshot(page, 'worklist-375');
  });
});
