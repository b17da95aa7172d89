/**
 * Case data never stays in a cache (Cache-Control: no-store on every API answer and page), and over HTTPS the
 * browser is told to keep to HTTPS (HSTS), believed only from a configured proxy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config.js';
import { webPlugin } from '../../src/web/plugin.js';
import { ROLE_EMAILS, signIn, startFixture, type Fixture } from './harness.js';

describe('response headers', () => {
  let f: Fixture;
  let cookie: string;
  beforeAll(async () => {
    f = await startFixture('pglite', { trustProxy: 'loopback' }, [webPlugin]);
    cookie = await signIn(f.app, ROLE_EMAILS.lead);
  });
  afterAll(async () => f?.close());

  it('sends no-store on every API answer holding case data, refusals included', async () => {
    for (const url of [`/api/v1/cases/${f.caseIds.C01}`, `/api/v1/inspections/${f.inspectionId}/cases`, `/api/v1/cases/${f.caseIds.C01}/history`, `/api/v1/inspections/${f.inspectionId}/ratings`, '/api/v1/me']) {
      const r = await f.app.inject({ url, headers: { cookie } });
      expect(r.statusCode, url).toBe(200);
      expect(r.headers['cache-control'], url).toBe('no-store');
    }
    const refused = await f.app.inject({ url: `/api/v1/cases/${f.caseIds.C01}` });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['cache-control']).toBe('no-store');
  });

  it('sends no-store on pages and downloads, and leaves the static assets their own caching', async () => {
    for (const url of [`/inspections/${f.inspectionId}/cases`, `/inspections/${f.inspectionId}/cases.csv`, `/inspections/${f.inspectionId}/cases/${f.caseIds.C01}`, '/nowhere']) {
      const r = await f.app.inject({ url, headers: { cookie } });
      expect(r.headers['cache-control'], url).toBe('no-store');
    }
    const css = await f.app.inject({ url: '/assets/app/app.js' });
    expect(css.headers['cache-control']).toBe('no-cache');
  });

  it('sends HSTS over HTTPS from a trusted proxy, and not over plain HTTP', async () => {
    const https = await f.app.inject({ url: '/sign-in', headers: { 'x-forwarded-proto': 'https' } });
    expect(https.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    const api = await f.app.inject({ url: '/api/v1/me', headers: { cookie, 'x-forwarded-proto': 'https' } });
    expect(api.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    const plain = await f.app.inject({ url: '/sign-in' });
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    // A client that is not the proxy cannot claim HTTPS.
    const other = await f.app.inject({ url: '/sign-in', headers: { 'x-forwarded-proto': 'https' }, remoteAddress: '203.0.113.9' });
    expect(other.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('TRUST_PROXY', () => {
  it('1 means a proxy on this machine; a list names the proxies; anything else is refused', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe('loopback');
    expect(loadConfig({ TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,::1' }).trustProxy).toBe('10.0.0.5,10.1.0.0/16,::1');
    expect(() => loadConfig({ TRUST_PROXY: 'yes please' })).toThrow(/TRUST_PROXY/);
  });
});
