/**
 * Report downloads from the running server: every PDF is printed by one shared Chromium (started once,
 * started again after a crash, closed with the server) through a bounded queue that answers 503 with
 * Retry-After when full; a published inspection's files are rendered once and then served from the cache,
 * an unpublished one's never cached.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webPlugin } from '../../src/web/plugin.js';
import { ROLE_EMAILS, signIn, startFixture, type Fixture } from '../server/harness.js';
import { walkTo } from '../support/workflow.js';

let f: Fixture, cookie: string, readOnlyCookie: string;

/** Chromium processes started by this process (the server runs in it). */
function chromiumChildren(): number[] {
  let out = '';
  try {
    out = execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  } catch {
    return []; // ps exits 1 when there is none
  }
  return out.split('\n').filter((l) => /chrom/i.test(l)).map((l) => Number(l.trim().split(/\s+/)[0]));
}

const download = (format: string, who = cookie) =>
  f.app.inject({ method: 'GET', url: `/inspections/${f.inspectionId}/report/download/${format}`, headers: { cookie: who } });

beforeAll(async () => {
  f = await startFixture('pglite', {}, [webPlugin]);
  cookie = await signIn(f.app, ROLE_EMAILS.lead);
  readOnlyCookie = await signIn(f.app, ROLE_EMAILS.readOnly);
}, 120_000);

afterAll(async () => {
  await f?.close();
});

describe('PDF downloads share one browser', () => {
  it('prints eight concurrent downloads with one Chromium', async () => {
    const before = chromiumChildren().length;
    const responses = await Promise.all(Array.from({ length: 8 }, () => download('pdf', readOnlyCookie)));
    for (const r of responses) {
      expect(r.statusCode).toBe(200);
      expect(r.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    }
    expect(f.app.pdfPrinter.launches).toBe(1);
    expect(chromiumChildren().length - before).toBe(1);
  }, 180_000);

  it('answers 503 with Retry-After when the queue is full, and prints again once it drains', async () => {
    const { concurrent, waiting, retryAfterSeconds } = f.app.pdfPrinter.limits;
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const held = Array.from({ length: concurrent + waiting }, () => f.app.pdfPrinter.run(() => gate));
    const refused = await download('pdf');
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBe(String(retryAfterSeconds));
    expect(refused.body).toContain(`Too many PDFs are being printed just now. Try again in ${retryAfterSeconds} seconds.`);
    release();
    await Promise.all(held);
    expect((await download('pdf')).statusCode).toBe(200);
    expect(f.app.pdfPrinter.launches).toBe(1);
  }, 180_000);

  it('starts another browser when the shared one has crashed', async () => {
    const [pid] = chromiumChildren();
    expect(pid).toBeDefined();
    const exited = f.app.pdfPrinter.run((browser) => new Promise<void>((resolve) => {
      browser.once('disconnected', () => resolve());
      process.kill(pid!, 'SIGKILL');
    }));
    await exited;
    const r = await download('pdf');
    expect(r.statusCode).toBe(200);
    expect(f.app.pdfPrinter.launches).toBe(2);
  }, 180_000);
});

describe('the report cache', () => {
  it('never caches the report of an unpublished inspection', async () => {
    const cache = f.app.reportCache;
    const first = await download('docx');
    const second = await download('csv');
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    expect(cache.size.files).toBe(0);
    expect(cache.hits).toBe(0);
  }, 120_000);

  it('renders a published report once per format, then serves the same bytes', async () => {
    const lead = await f.user('lead');
    await walkTo(f.services, lead, f.inspectionId, 'published');
    const cache = f.app.reportCache;
    const printer = f.app.pdfPrinter;
    const launches = printer.launches;
    const prints = printer.prints;
    const pdf1 = await download('pdf');
    const pdf2 = await download('pdf', readOnlyCookie);
    expect([pdf1.statusCode, pdf2.statusCode]).toEqual([200, 200]);
    expect(printer.prints - prints).toBe(1);
    expect(Buffer.compare(pdf1.rawPayload, pdf2.rawPayload)).toBe(0);
    const hits = cache.hits;
    for (const format of ['docx', 'html', 'csv', 'xlsx']) {
      const a = await download(format);
      const b = await download(format);
      expect(a.statusCode).toBe(200);
      expect(Buffer.compare(a.rawPayload, b.rawPayload)).toBe(0);
    }
    expect(cache.hits - hits).toBe(4);
    expect(cache.size.files).toBe(5);
    expect(printer.launches).toBe(launches);
  }, 180_000);

  it('closes the shared browser with the server', async () => {
    expect(chromiumChildren().length).toBeGreaterThan(0);
    await f.app.close();
    expect(chromiumChildren()).toEqual([]);
  }, 60_000);
});
