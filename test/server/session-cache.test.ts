/**
 * The short-lived session cache never outlives a change: each request below first puts the account in the
 * cache, then the change is made, and the very next request must already see it. Also the cache itself:
 * entries end after a few seconds or with their session, and a lookup begun before a change is not kept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessionCache, SESSION_CACHE_MS } from '../../src/app/session-cache.js';
import type { User } from '../../src/app/index.js';
import { databaseKinds } from '../store/harness.js';
import { PASSWORD, ROLE_EMAILS, signIn, startFixture, type Fixture } from './harness.js';

describe.each(databaseKinds)('session changes reach the very next request on %s', (kind) => {
  let f: Fixture;
  let admin: string;
  beforeAll(async () => {
    f = await startFixture(kind);
    admin = await signIn(f.app, ROLE_EMAILS.admin);
  });
  afterAll(async () => f?.close());

  const get = (cookie: string, url: string) => f.app.inject({ url, headers: { cookie } });
  const inspection = () => `/api/v1/inspections/${f.inspectionId}`;

  it('a revoked role', async () => {
    const cookie = await signIn(f.app, ROLE_EMAILS.panel);
    expect((await get(cookie, inspection())).statusCode).toBe(200);
    const revoked = await f.app.inject({ method: 'DELETE', url: `${inspection()}/roles`, headers: { cookie: admin }, payload: { accountId: f.accountIds.panel, role: 'panel-member' } });
    expect(revoked.statusCode, revoked.body).toBe(204);
    expect((await get(cookie, inspection())).statusCode).toBe(404);
  });

  it('a granted role', async () => {
    const cookie = await signIn(f.app, ROLE_EMAILS.outsider);
    expect((await get(cookie, inspection())).statusCode).toBe(404);
    const granted = await f.app.inject({ method: 'POST', url: `${inspection()}/roles`, headers: { cookie: admin }, payload: { accountId: f.accountIds.outsider, role: 'read-only' } });
    expect(granted.statusCode, granted.body).toBe(201);
    expect((await get(cookie, inspection())).statusCode).toBe(200);
  });

  it('a revoked role stops answer writes at once', async () => {
    const cookie = await signIn(f.app, ROLE_EMAILS.assessor);
    const put = (questionId: string) => f.app.inject({ method: 'PUT', url: `/api/v1/cases/${f.caseIds.C01}/answers/${questionId}`, headers: { cookie }, payload: { answer: 'yes', version: 0 } });
    expect((await put('2.1.1')).statusCode).toBe(200);
    await f.services.accounts.revokeRole(null, f.inspectionId, { accountId: f.accountIds.assessor, role: 'local-assessor' });
    expect((await put('2.1.2')).statusCode).toBe(404);
  });

  it('signing out', async () => {
    const cookie = await signIn(f.app, ROLE_EMAILS.lead);
    expect((await get(cookie, '/api/v1/me')).statusCode).toBe(200);
    expect((await f.app.inject({ method: 'DELETE', url: '/api/v1/session', headers: { cookie, 'content-type': 'application/json' }, payload: '{}' })).statusCode).toBe(204);
    expect((await get(cookie, '/api/v1/me')).statusCode).toBe(401);
  });

  it('a password reset', async () => {
    const cookie = await signIn(f.app, ROLE_EMAILS.otherAssessor);
    expect((await get(cookie, '/api/v1/me')).statusCode).toBe(200);
    await f.services.accounts.resetPassword(null, ROLE_EMAILS.otherAssessor, 'a new password for the assessor');
    expect((await get(cookie, '/api/v1/me')).statusCode).toBe(401);
  });

  it('a disabled account', async () => {
    const cookie = await signIn(f.app, ROLE_EMAILS.readOnly);
    expect((await get(cookie, '/api/v1/me')).statusCode).toBe(200);
    const r = await f.app.inject({ method: 'PUT', url: `/api/v1/accounts/${f.accountIds.readOnly}/status`, headers: { cookie: admin }, payload: { disabled: true } });
    expect(r.statusCode, r.body).toBe(200);
    expect((await get(cookie, '/api/v1/me')).statusCode).toBe(401);
  });

  it('changing one’s own password ends the other sessions', async () => {
    const other = await signIn(f.app, ROLE_EMAILS.inspector);
    const mine = await signIn(f.app, ROLE_EMAILS.inspector);
    expect((await get(other, '/api/v1/me')).statusCode).toBe(200);
    const user = await f.user('inspector');
    await f.services.accounts.changeOwnPassword(user, { currentPassword: PASSWORD, newPassword: 'another password for the inspector' }, { sessionToken: mine.split('=')[1]!, ip: '127.0.0.1' });
    expect((await get(other, '/api/v1/me')).statusCode).toBe(401);
    expect((await get(mine, '/api/v1/me')).statusCode).toBe(200);
  });
});

describe('the session cache', () => {
  const user: User = { id: 'a1', email: 'a@example.org', displayName: 'A', isAdmin: false, roles: [{ inspectionId: 'i1', role: 'inspector' }] };
  const later = new Date(Date.now() + 3_600_000).toISOString();

  it('keeps an entry a few seconds at most', () => {
    expect(SESSION_CACHE_MS).toBeLessThanOrEqual(5_000);
    let now = 1_000;
    const cache = createSessionCache(() => now, 2_000);
    cache.set('t', user, later, cache.generation());
    expect(cache.get('t')).toEqual(user);
    now += 1_999;
    expect(cache.get('t')).toEqual(user);
    now += 1;
    expect(cache.get('t')).toBeUndefined();
  });

  it('never past the session’s own expiry', () => {
    const now = Date.now();
    const cache = createSessionCache(() => now, 2_000);
    cache.set('t', user, new Date(now + 500).toISOString(), cache.generation());
    expect(cache.get('t')).toEqual(user);
    const after = createSessionCache(() => now + 501, 2_000);
    after.set('t', user, new Date(now + 500).toISOString(), after.generation());
    expect(after.get('t')).toBeUndefined();
  });

  it('drops everything on clear, and does not keep a lookup that began before it', () => {
    const cache = createSessionCache();
    cache.set('t', user, later, cache.generation());
    const begun = cache.generation();
    cache.clear();
    expect(cache.get('t')).toBeUndefined();
    cache.set('t', user, later, begun);
    expect(cache.get('t')).toBeUndefined();
    cache.set('t', user, later, cache.generation());
    expect(cache.get('t')).toEqual(user);
  });

  it('hands out users that cannot be changed in place', () => {
    const cache = createSessionCache();
    cache.set('t', { ...user, roles: [...user.roles] }, later, cache.generation());
    const cached = cache.get('t')!;
    expect(() => (cached.roles as unknown as unknown[]).push({ inspectionId: 'i2', role: 'lead-inspector' })).toThrow();
    expect(cache.get('t')!.roles).toHaveLength(1);
  });
});
