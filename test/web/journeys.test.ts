/**
 * Every journey of the web plugin, sampling and library included, shares one sign-in check, one error page and
 * typed input: signed out, any page leads to sign-in and back; a 404 says "Page not found" and nothing of what
 * was looked for; odd query values are read as text, never a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_REPORT_BYTES } from '../../src/app/index.js';
import { webPlugin } from '../../src/web/plugin.js';
import { ROLE_EMAILS, signIn, startFixture, type Fixture } from '../server/harness.js';

describe('the journeys of the web plugin', () => {
  let f: Fixture;
  let lead: string;
  beforeAll(async () => {
    f = await startFixture('pglite', {}, [webPlugin]);
    lead = await signIn(f.app, ROLE_EMAILS.lead);
  }, 120_000);
  afterAll(async () => f?.close());

  it.each([
    '/inspections/ID/team',
    '/inspections/ID/sampling',
    '/library',
    '/library/some-report?row=standards.1.1',
  ])('sends a signed-out GET of %s to sign in and back', async (path) => {
    const url = path.replace('ID', f.inspectionId);
    const r = await f.app.inject({ method: 'GET', url });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe(`/sign-in?returnTo=${encodeURIComponent(url)}`);
  });

  // A form posted with no session: the session ended while its page was open. Sign in says so (ended=lost) and
  // brings the user back to the form's page when it has one, else to the inspections.
  it.each([
    ['/inspections/ID/sampling/some-plan/confirm', '/inspections'],
    ['/inspections/ID/phase', '/inspections/ID/phase'],
    ['/inspections/ID/cases/some-case/resettlement', '/inspections/ID/cases/some-case/resettlement'],
  ])('sends a signed-out POST to %s to sign in (the session ended), then to %s', async (path, back) => {
    const page = await f.app.inject({ method: 'GET', url: '/sign-in' });
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    const cookie = page.headers['set-cookie'];
    const r = await f.app.inject({
      method: 'POST',
      url: path.replace('ID', f.inspectionId),
      headers: { cookie: (Array.isArray(cookie) ? cookie : [cookie ?? '']).map((c) => c.split(';')[0]).join('; '), 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(token ?? '')}`,
    });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe(`/sign-in?returnTo=${encodeURIComponent(back.replace('ID', f.inspectionId))}&ended=lost`);
  });

  it.each([
    '/inspections/ID/sampling/no-such-plan',
    '/library/no-such-report',
    '/inspections/ID/findings/9',
  ])('answers %s with a 404 page that names nothing it looked for', async (path) => {
    const r = await f.app.inject({ method: 'GET', url: path.replace('ID', f.inspectionId), headers: { cookie: lead } });
    expect(r.statusCode).toBe(404);
    expect(r.body).toContain('Page not found');
    expect(r.body).not.toMatch(/no-such|No sampling plan|no domain 9/i);
  });

  it('refuses a library upload over the limit with a 413 that says so', async () => {
    const admin = await signIn(f.app, ROLE_EMAILS.admin);
    const form = await f.app.inject({ method: 'GET', url: '/library/upload', headers: { cookie: admin } });
    const token = /_csrf=([^"&]+)/.exec(form.body)?.[1];
    const cookies = form.headers['set-cookie'];
    const cookie = [admin, ...(Array.isArray(cookies) ? cookies : [cookies ?? '']).map((c) => c.split(';')[0])].join('; ');
    const boundary = 'journeys-boundary';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="report"; filename="big.txt"\r\nContent-Type: text/plain\r\n\r\n`),
      Buffer.alloc(MAX_REPORT_BYTES + 1024, 'a'),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const r = await f.app.inject({ method: 'POST', url: `/library/upload?_csrf=${token}`, headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
    expect(r.statusCode).toBe(413);
    expect(r.body).toContain('The file is larger than 20 MB; a published report is smaller. Nothing was saved.');
  });

  it('reads a repeated query value as text, not a 500', async () => {
    const r = await f.app.inject({ method: 'GET', url: `/inspections/${f.inspectionId}/history?entity=answer&entity=case&before=1&before=2`, headers: { cookie: lead } });
    expect(r.statusCode).toBe(200);
    const library = await f.app.inject({ method: 'GET', url: '/library?from=2019&from=x&framework=2018', headers: { cookie: lead } });
    expect(library.statusCode).toBe(200);
  });
});
