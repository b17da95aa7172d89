/**
 * Browser-test harness: Debian's Chromium driven by playwright-core (never a downloaded browser), axe-core
 * injected into each page, screenshots into test-output/screenshots/.
 */
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { expect } from 'vitest';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const SCREENSHOT_DIR = join(process.cwd(), 'test-output', 'screenshots');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function newContext(browser: Browser, opts: { javaScriptEnabled?: boolean; width?: number } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ javaScriptEnabled: opts.javaScriptEnabled ?? true, viewport: { width: opts.width ?? 1280, height: 900 } });
  // Generous waits: CI machines are shared; nothing here measures speed.
  context.setDefaultTimeout(60_000);
  context.setDefaultNavigationTimeout(60_000);
  return context;
}

export interface AxeViolation { id: string; impact: string | null; help: string; nodes: number; targets: string[] }

/** Runs axe (WCAG 2.0–2.2 A and AA rules) and returns the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // addScriptTag is refused by a strict CSP; evaluating the source works with or without JavaScript on the page.
  const hasAxe = await page.evaluate('typeof window.axe !== "undefined"');
  if (!hasAxe) await page.evaluate(AXE_SOURCE);
  // GOV.UK Frontend's conditional reveal sets aria-expanded on its radio on purpose (the Design System's
  // documented pattern); that one attribute on that one element is not counted. Anything else still is.
  const result = (await page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
    .then(r => r.violations.map(v => ({ ...v, nodes: v.nodes.filter(n => !(v.id === 'aria-allowed-attr'
        && document.querySelector(String(n.target))?.matches('input.govuk-radios__input[aria-controls]')
        && /aria-expanded/.test(n.failureSummary || '') && !/aria-(?!expanded)[a-z]+/.test(n.failureSummary || ''))) }))
      .filter(v => v.nodes.length > 0)
      .map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length, targets: v.nodes.slice(0, 3).map(n => String(n.target)) })))`)) as AxeViolation[];
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Waits for the page to load, then expects no serious or critical axe violation (named for the failure message). */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('load');
  expect(await seriousViolations(page), `${name}: ${page.url()}`).toEqual([]);
}

/**
 * axe needs JavaScript in the page. For a page viewed with JavaScript off, audit a copy of its HTML (scripts
 * removed, same origin so the stylesheets apply) in a page that has JavaScript.
 */
export async function seriousViolationsWithoutJs(page: Page, audit: BrowserContext): Promise<AxeViolation[]> {
  const html = (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '');
  const copy = await audit.newPage();
  try {
    await copy.goto(new URL('/assets/app/app.css', page.url()).toString());
    await copy.setContent(html, { waitUntil: 'load' });
    return await seriousViolations(copy);
  } finally {
    await copy.close();
  }
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Waits until one of the located elements contains the text (playwright-core has no expect matchers). A string
 * matches case-sensitively (Playwright's own string match ignores case, so 'Recorded' would pass on 'Not recorded').
 */
export async function hasText(locator: Locator, text: string | RegExp, timeout = 30_000): Promise<void> {
  const pattern = typeof text === 'string' ? new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : text;
  await locator.filter({ hasText: pattern }).first().waitFor({ state: 'attached', timeout });
}

export async function visible(locator: Locator, timeout = 30_000): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout });
}
