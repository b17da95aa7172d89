/** The web plugin's frame on a bare Fastify app: assets from node_modules, design-system error pages, axe clean. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../../src/store/index.js';
import { buildApp } from '../../src/server/app.js';
import { testConfig } from '../../src/server/config.js';
import { webPlugin } from '../../src/web/plugin.js';
import { launchBrowser, newContext, seriousViolations, screenshot } from './harness.js';

let app: FastifyInstance;
let base: string;
let browser: Browser;
let store: Store;
const dir = mkdtempSync(join(tmpdir(), 'yjinspect-web-layout-'));

beforeAll(async () => {
  store = await openStore({ dataDir: join(dir, 'db') });
  app = await buildApp({ store, config: testConfig() }, { plugins: [webPlugin] });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('web frame', () => {
  it('serves GOV.UK and MoJ CSS, fonts and the bundled script from the app itself', async () => {
    for (const path of ['/assets/vendor/govuk-frontend.min.css', '/assets/vendor/moj-frontend.min.css', '/assets/app/app.css']) {
      const res = await fetch(base + path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/css');
    }
    const font = await fetch(base + '/assets/fonts/bold-b542beb274-v2.woff2');
    expect(font.status).toBe(200);
    const js = await fetch(base + '/assets/app/app.js');
    expect(js.status).toBe(200);
    expect(await js.text()).toContain('govuk-frontend-supported');
    expect((await fetch(base + '/assets/vendor/package.json')).status).toBe(404);
  });

  it('shows an unknown address as a design-system 404 page with no serious accessibility problems', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const failed: string[] = [];
    page.on('response', (r) => { if (r.status() >= 400 && r.url() !== `${base}/no-such-page`) failed.push(r.url()); });
    const res = await page.goto(`${base}/no-such-page`);
    expect(res?.status()).toBe(404);
    await expect(page.locator('h1').textContent()).resolves.toBe('Page not found');
    expect(await page.title()).toContain('Page not found');
    // The enhancement script ran: GOV.UK Frontend marks the body.
    await page.waitForFunction(() => document.body.classList.contains('govuk-frontend-supported'));
    expect(failed).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'not-found');
    await context.close();
  });
});
