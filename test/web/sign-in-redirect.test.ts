/**
 * After signing in, `returnTo` leads only to a page of this site: every variant a browser would read as another
 * host (tabs, newlines, backslashes, encoded slashes, other schemes, non-ASCII) ends on a local page, resolved
 * with the same URL parser browsers use.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webPlugin } from '../../src/web/plugin.js';
import { PASSWORD, ROLE_EMAILS, signIn, startFixture, type Fixture } from '../server/harness.js';

const BASE = 'http://127.0.0.1';

/** Decoded values, as the query or form parser hands them to the route. */
const HOSTILE = [
  '//evil.example', '/\\evil.example', '/\t/evil.example', '\\/evil.example', 'https://evil.example', '///evil.example',
  '/\n/evil.example', '/\r\n/evil.example', '/.//evil.example', '/..//evil.example', ' //evil.example', '/\\\\evil.example',
  '/\t\\evil.example', 'javascript:alert(1)', 'http:/evil.example', '\t//evil.example',
];
const LOCAL = ['/%2F%2Fevil.example', '/\u200b/evil.example', '/inspections/ünïcode', '/\uff0f\uff0fevil.example', '/inspections?x=é#y'];

function landsHere(location: string | undefined): void {
  expect(location).toBeDefined();
  expect(location).toMatch(/^\/[^/\\]/);
  expect(new URL(location!, BASE).origin).toBe(BASE);
  // A Location header is ASCII: nothing left to be read differently by another client.
  expect(location).toMatch(/^[\x21-\x7e]+$/);
}

describe('returnTo after signing in', () => {
  let f: Fixture;
  let session: string;
  beforeAll(async () => {
    f = await startFixture('pglite', {}, [webPlugin]);
    session = await signIn(f.app, ROLE_EMAILS.lead);
  });
  afterAll(async () => f?.close());

  it.each([...HOSTILE, ...LOCAL])('a signed-in visit to /sign-in?returnTo=%j stays on this site', async (value) => {
    const r = await f.app.inject({ method: 'GET', url: `/sign-in?returnTo=${encodeURIComponent(value)}`, headers: { cookie: session } });
    expect(r.statusCode).toBe(303);
    landsHere(r.headers.location as string);
    if (HOSTILE.includes(value)) expect(r.headers.location).toBe('/inspections');
  });

  it.each(HOSTILE)('signing in with the form and returnTo=%j goes to the inspections', async (value) => {
    const form = await f.app.inject({ method: 'GET', url: '/sign-in' });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const cookie = form.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const r = await f.app.inject({
      method: 'POST', url: '/sign-in', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf, email: ROLE_EMAILS.inspector, password: PASSWORD, returnTo: value }).toString(),
    });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe('/inspections');
  });

  it('keeps a local path with its query and fragment', async () => {
    const r = await f.app.inject({ method: 'GET', url: `/sign-in?returnTo=${encodeURIComponent('/inspections/abc/cases?domain=2#top')}`, headers: { cookie: session } });
    expect(r.headers.location).toBe('/inspections/abc/cases?domain=2#top');
  });
});
