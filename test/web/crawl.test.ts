/**
 * Every page each role can reach by following links, from the inspections list, answers without a server
 * error and without a link to a page they may not open (404): a crawl through the real server (HTML pages
 * only; downloads and sign-out left out) as each role, and as the lead and the local assessor once published.
 * Catches a page that breaks for one role or one kind of record, which page-by-page tests can miss.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ACCOUNTS, signInAs, startApp, type TestApp } from './app.js';
import { launchBrowser, newContext } from './harness.js';
import { walkTo } from '../support/workflow.js';

let t: TestApp;
let browser: Browser;
const MAX_PAGES = 600;
/** The library and sampling screens are plugins of their own, which this test app does not register. */
const NOT_REGISTERED = /^\/library|\/sampling(\/|$)/;

beforeAll(async () => {
  [t, browser] = await Promise.all([startApp(), launchBrowser()]);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** Follows every link from the inspections list as `who`; returns the pages seen and the server errors. */
async function crawl(who: keyof typeof ACCOUNTS): Promise<{ seen: Set<string>; failures: string[] }> {
  const context = await newContext(browser);
  await signInAs(t, context, who);
  const seen = new Set<string>();
  const queue = ['/inspections'];
  const failures: string[] = [];
  while (queue.length > 0 && seen.size < MAX_PAGES) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const res = await context.request.get(`${t.base}${url}`, { maxRedirects: 0 });
    // A link to a page the reader may not open (404) is a failure too: the screens must not offer it.
    if (res.status() >= 500 || (res.status() === 404 && !NOT_REGISTERED.test(url))) failures.push(`${res.status()} ${url}`);
    if (!(res.headers()['content-type'] ?? '').includes('text/html')) continue;
    for (const m of (await res.text()).matchAll(/href="(\/[^"#]*)"/g)) {
      const href = m[1]!.replace(/&amp;/g, '&');
      if (!/sign-out|\/download\/|\/assets\/|favicon/.test(href) && !seen.has(href)) queue.push(href);
    }
  }
  await context.close();
  return { seen, failures };
}

const inspectionPages = (seen: Set<string>) => [...seen].filter((u) => u.startsWith(`/inspections/${t.inspectionId}/`)).length;

describe('every reachable page', () => {
  for (const who of Object.keys(ACCOUNTS) as (keyof typeof ACCOUNTS)[]) {
    it(`answers without a server error for ${who}`, async () => {
      const { seen, failures } = await crawl(who);
      expect(failures).toEqual([]);
      // The crawl reached the inspection's pages, not just the list.
      expect(inspectionPages(seen)).toBeGreaterThan(10);
    }, 300_000);
  }

  it('answers without a server error once the inspection is published', async () => {
    await walkTo(t.services, t.users.lead, t.inspectionId, 'published');
    for (const who of ['lead', 'assessor'] as const) {
      const { seen, failures } = await crawl(who);
      expect(failures, who).toEqual([]);
      expect(inspectionPages(seen), who).toBeGreaterThan(10);
    }
  }, 300_000);
});
