/**
 * What the standard page's route answers the autosave (JSON: a save confirmed with its version, or why not) and
 * how a form post is answered once the session has ended, over HTTP against the real app.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS, PASSWORD, startApp, type TestApp } from './app.js';

let t: TestApp;

beforeAll(async () => {
  t = await startApp();
}, 300_000);

afterAll(async () => {
  await t?.close();
});

const standardPath = (ref: string) => `/inspections/${t.inspectionId}/cases/${t.cases[ref]}/standards/2.1`;

/** A fresh session for the assessor, and the page's CSRF cookie and token. */
async function openPage(ref: string): Promise<{ session: string; csrf: string; token: string }> {
  const { token: sessionToken } = await t.services.accounts.signIn(ACCOUNTS.assessor, PASSWORD, '127.0.0.1');
  const session = `yjinspect_session=${sessionToken}`;
  const page = await t.app.inject({ url: standardPath(ref), headers: { cookie: session } });
  expect(page.statusCode).toBe(200);
  const csrf = `yjinspect_csrf=${page.cookies.find((c) => c.name === 'yjinspect_csrf')!.value}`;
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  return { session, csrf, token };
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = 'application/x-www-form-urlencoded';

describe('the standard page after the session ended', () => {
  it('confirms an autosave with the stored answer and its version, in JSON', async () => {
    const { session, csrf, token } = await openPage('C09');
    const r = await t.app.inject({
      method: 'POST', url: standardPath('C09'),
      headers: { cookie: `${session}; ${csrf}`, 'content-type': FORM, accept: 'application/json' },
      payload: form({ _csrf: token, autosave: '1', q_2_1_1: 'yes', note_2_1_1: 'Seen in the plan' }),
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers['content-type']).toMatch(/application\/json/);
    expect(r.json().answers.q_2_1_1).toEqual({ questionId: '2.1.1', value: 'yes', note: 'Seen in the plan', version: 1 });
    expect(r.json().answers.q_2_1_2).toMatchObject({ value: null, version: null });
  });

  it('tells the autosave 401 when nobody is signed in, with or without the CSRF cookie', async () => {
    const { session, csrf, token } = await openPage('C10');
    await t.services.accounts.signOut(session.split('=')[1]!);
    for (const cookie of [`${session}; ${csrf}`, session, '']) {
      const r = await t.app.inject({
        method: 'POST', url: standardPath('C10'),
        headers: { cookie, 'content-type': FORM, accept: 'application/json' },
        payload: form({ _csrf: token, autosave: '1', q_2_1_1: 'no' }),
      });
      expect(r.statusCode, cookie).toBe(401);
      expect(r.json().error.code).toBe('session-ended');
    }
    const c = await t.services.cases.get(t.users.lead, t.cases.C10!);
    expect(c.answers.find((a) => a.questionId === '2.1.1')).toBeUndefined();
  });

  it('answers a form post whose CSRF cookie went with the session as an ended session, not as a permission problem', async () => {
    const { session, token } = await openPage('C11');
    await t.services.accounts.signOut(session.split('=')[1]!);
    const r = await t.app.inject({ method: 'POST', url: standardPath('C11'), headers: { cookie: session, 'content-type': FORM }, payload: form({ _csrf: token, q_2_1_1: 'no' }) });
    expect(r.statusCode).toBe(401);
    expect(r.body).toContain('Your session has ended');
    expect(r.body).not.toMatch(/permission/i);
    expect(r.body).toContain(`/sign-in?returnTo=${encodeURIComponent(standardPath('C11'))}`);
  });

  it('signed in, a form without its CSRF cookie has expired: still not a permission problem', async () => {
    const { session, token } = await openPage('C11');
    const r = await t.app.inject({ method: 'POST', url: standardPath('C11'), headers: { cookie: session, 'content-type': FORM }, payload: form({ _csrf: token, q_2_1_1: 'no' }) });
    expect(r.statusCode).toBe(403);
    expect(r.body).toContain('This form has expired');
    expect(r.body).not.toMatch(/permission/i);
  });

  it('sends a full post made after the session ended to sign in, saying so, and back to the page', async () => {
    const { session, csrf, token } = await openPage('C11');
    await t.services.accounts.signOut(session.split('=')[1]!);
    const r = await t.app.inject({ method: 'POST', url: standardPath('C11'), headers: { cookie: `${session}; ${csrf}`, 'content-type': FORM }, payload: form({ _csrf: token, q_2_1_1: 'no', next: 'continue' }) });
    expect(r.statusCode).toBe(303);
    const to = new URL(r.headers.location as string, 'http://x');
    expect(to.pathname).toBe('/sign-in');
    expect(to.searchParams.get('ended')).toBe('kept');
    expect(to.searchParams.get('returnTo')).toMatch(new RegExp(`^${standardPath('C11')}\\?kept=[\\w-]+$`));
    const signIn = await t.app.inject({ url: r.headers.location as string });
    expect(signIn.body).toContain('You have been signed out. Sign in again to continue; what you typed has been kept.');
  });

  it('sends any other form posted after the session ended to sign in, saying what was typed could not be kept, and back to its page', async () => {
    const { session, csrf, token } = await openPage('C11');
    await t.services.accounts.signOut(session.split('=')[1]!);
    const path = `/inspections/${t.inspectionId}/recommendations`;
    const r = await t.app.inject({ method: 'POST', url: path, headers: { cookie: `${session}; ${csrf}`, 'content-type': FORM }, payload: form({ _csrf: token, addressee: 'The service', text: 'Do better' }) });
    expect(r.statusCode).toBe(303);
    const to = new URL(r.headers.location as string, 'http://x');
    expect(to.searchParams.get('returnTo')).toBe(path);
    expect(to.searchParams.get('ended')).toBe('lost');
    const signIn = await t.app.inject({ url: r.headers.location as string });
    expect(signIn.body).toContain('What you typed on the last page could not be kept: enter it again.');
  });
});
