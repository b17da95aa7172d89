/**
 * Sign-in throttling holds under parallel requests and across two server instances (each attempt is counted
 * in the database before its password is checked); a forwarded address is believed only from a trusted proxy;
 * and a browser the owner signed in from before still signs in while guesses from elsewhere have locked the
 * account. Sign-ins, failures and lockouts are in the history.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { testConfig } from '../../src/server/config.js';
import { createServices } from '../../src/app/index.js';
import type { Store } from '../../src/store/index.js';
import { databaseKinds } from '../store/harness.js';
import { PASSWORD, ROLE_EMAILS, startFixture, type Fixture } from './harness.js';

const PROXY = '127.0.0.1';

function attempt(app: FastifyInstance, email: string, password: string, opts: { from?: string; peer?: string; device?: string } = {}) {
  return app.inject({
    method: 'POST', url: '/api/v1/session', payload: { email, password },
    remoteAddress: opts.peer ?? PROXY,
    headers: { ...(opts.from ? { 'x-forwarded-for': opts.from } : {}), ...(opts.device ? { cookie: `yjinspect_device=${opts.device}` } : {}) },
  });
}

const statuses = (rs: { statusCode: number }[]) => rs.reduce<Record<number, number>>((m, r) => ({ ...m, [r.statusCode]: (m[r.statusCode] ?? 0) + 1 }), {});

describe.each(databaseKinds)('sign-in throttling on %s', (kind) => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture(kind, { trustProxy: 'loopback' });
  });
  afterAll(async () => f?.close());

  async function history(entityId: string): Promise<string[]> {
    const rows = await f.store.query<{ action: string }>(`SELECT action FROM history WHERE entity_id = $1 ORDER BY id`, [entityId]);
    return rows.map((r) => r.action);
  }

  it('lets at most 5 of 30 parallel wrong passwords for one account be checked, and records one lockout', async () => {
    const rs = await Promise.all(Array.from({ length: 30 }, () => attempt(f.app, ROLE_EMAILS.panel, 'wrong password!', { from: '198.51.100.1' })));
    expect(statuses(rs)).toEqual({ 401: 5, 429: 25 });
    const refused = rs.find((r) => r.statusCode === 429)!;
    expect(refused.headers['retry-after']).toBe('900');
    expect(refused.json().error.message).toMatch(/Wait 15 minutes/);
    // Locked for every browser the owner has not signed in from, even with the right password.
    expect((await attempt(f.app, ROLE_EMAILS.panel, PASSWORD, { from: '198.51.100.2' })).statusCode).toBe(429);
    const actions = await history(f.accountIds.panel);
    expect(actions.filter((a) => a === 'sign-in-failed')).toHaveLength(5);
    expect(actions.filter((a) => a === 'lockout')).toHaveLength(1);
  });

  it('lets at most 20 of 60 parallel attempts from one address be checked', async () => {
    const rs = await Promise.all(Array.from({ length: 60 }, (_v, i) => attempt(f.app, `nobody${i}@example.org`, 'wrong password!', { from: '198.51.100.3' })));
    expect(statuses(rs)).toEqual({ 401: 20, 429: 40 });
    expect(await history('address:198.51.100.3')).toEqual(['lockout']);
  });

  it('counts a client that is not a trusted proxy under its own address, whatever X-Forwarded-For says', async () => {
    const peer = '203.0.113.7';
    const rs = [];
    for (let i = 0; i < 21; i++) rs.push(await attempt(f.app, `spoof${i}@example.org`, 'wrong password!', { peer, from: `192.0.2.${i + 1}` }));
    expect(statuses(rs)).toEqual({ 401: 20, 429: 1 });
    expect(await history(`address:${peer}`)).toEqual(['lockout']);
    // From the trusted proxy, the forwarded address is the client's: another client is not locked.
    expect((await attempt(f.app, 'spoof-other@example.org', 'wrong password!', { from: '192.0.2.200' })).statusCode).toBe(401);
  });

  it('a browser the owner signed in from before still signs in while the account is locked to everyone else', async () => {
    const ok = await attempt(f.app, ROLE_EMAILS.readOnly, PASSWORD, { from: '198.51.100.10' });
    expect(ok.statusCode).toBe(200);
    const device = ok.cookies.find((c) => c.name === 'yjinspect_device')!;
    expect(device).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(await history(f.accountIds.readOnly)).toEqual(['create', 'sign-in']);

    // Someone else guesses from many addresses until the account is locked.
    const guesses = await Promise.all(Array.from({ length: 10 }, (_v, i) => attempt(f.app, ROLE_EMAILS.readOnly, 'guess guess guess', { from: `192.0.2.${50 + i}` })));
    expect(statuses(guesses)).toEqual({ 401: 5, 429: 5 });
    expect((await attempt(f.app, ROLE_EMAILS.readOnly, PASSWORD, { from: '198.51.100.11' })).statusCode).toBe(429);

    // The owner's browser: a typo counts on its own key, then the right password gets in.
    expect((await attempt(f.app, ROLE_EMAILS.readOnly, 'typo typo typo', { from: '198.51.100.10', device: device.value })).statusCode).toBe(401);
    const again = await attempt(f.app, ROLE_EMAILS.readOnly, PASSWORD, { from: '198.51.100.10', device: device.value });
    expect(again.statusCode).toBe(200);

    // The cookie is signed for that account: it lets nobody past another account's lock, nor when altered.
    const forged = `${device.value.split('.')[0]}.${'A'.repeat(43)}`;
    expect((await attempt(f.app, ROLE_EMAILS.readOnly, PASSWORD, { device: forged, from: '198.51.100.12' })).statusCode).toBe(429);
    expect((await attempt(f.app, ROLE_EMAILS.panel, PASSWORD, { device: device.value, from: '198.51.100.13' })).statusCode).toBe(429);

    const actions = await history(f.accountIds.readOnly);
    expect(actions.filter((a) => a === 'sign-in')).toHaveLength(2);
    expect(actions.filter((a) => a === 'lockout')).toHaveLength(1);
  });

  it('a password reset by a site administrator lifts the lock', async () => {
    const admin = await f.user('admin');
    await f.services.accounts.resetPassword(admin, ROLE_EMAILS.panel, 'a new long pass phrase');
    expect((await attempt(f.app, ROLE_EMAILS.panel, 'a new long pass phrase', { from: '198.51.100.20' })).statusCode).toBe(200);
  });
});

describe.runIf(databaseKinds.includes('postgresql'))('sign-in throttling across two server instances on postgresql', () => {
  let f: Fixture;
  let second: { store: Store; app: FastifyInstance };
  beforeAll(async () => {
    f = await startFixture('postgresql', { trustProxy: 'loopback' });
    const store = await f.db.open();
    const cfg = testConfig({ trustProxy: 'loopback' });
    const app = await buildApp({ store, config: cfg }, { services: createServices(store) });
    await app.ready();
    second = { store, app };
  });
  afterAll(async () => {
    await second?.app.close();
    await second?.store.close();
    await f?.close();
  });

  it('lets at most 5 of 30 parallel wrong passwords through, split over both instances', async () => {
    const rs = await Promise.all(Array.from({ length: 30 }, (_v, i) => attempt(i % 2 ? f.app : second.app, ROLE_EMAILS.inspector, 'wrong password!', { from: `198.51.100.${100 + i}` })));
    expect(statuses(rs)).toEqual({ 401: 5, 429: 25 });
  });
});
