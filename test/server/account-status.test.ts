/**
 * Disabling and enabling an account: only the site administrator (or the command line) may, never their own
 * account; a disabled account's sessions end at once and it cannot sign in; each change is in history with
 * who, when, before and after. Also over the JSON API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../store/harness.js';
import { PASSWORD, ROLE_EMAILS, signIn, startFixture, type Fixture, type Who } from './harness.js';

interface AccountHistoryRow {
  actor_id: string | null;
  at: string;
  action: string;
  before: unknown;
  after: unknown;
}

describe.each(databaseKinds)('disable and enable an account on %s', (kind) => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture(kind);
  });
  afterAll(async () => f?.close());

  const accountHistory = (accountId: string) =>
    f.store.query<AccountHistoryRow>(
      `SELECT actor_id, at::text, action, before, after FROM history WHERE entity = 'account' AND entity_id = $1 AND action IN ('disable', 'enable') ORDER BY id`,
      [accountId],
    );
  const me = (cookie: string) => f.app.inject({ url: '/api/v1/me', headers: { cookie } });

  it('refuses everyone but the site administrator, and changes nothing', async () => {
    const others: Who[] = ['lead', 'inspector', 'assessor', 'panel', 'readOnly', 'outsider'];
    for (const who of others) {
      await expect(f.services.accounts.setDisabled(await f.user(who), f.accountIds.otherAssessor, { disabled: true }), who)
        .rejects.toMatchObject({ statusCode: 403 });
    }
    expect(await f.services.accounts.findByEmail(null, ROLE_EMAILS.otherAssessor)).toMatchObject({ disabled: false });
    expect(await accountHistory(f.accountIds.otherAssessor)).toEqual([]);
  });

  it('the administrator disables an account: its open session ends at once, it cannot sign in, history has who, when, before and after', async () => {
    const cookie = await signIn(f.app, ROLE_EMAILS.assessor);
    expect((await me(cookie)).statusCode).toBe(200);
    const admin = await f.user('admin');
    const before = await f.services.accounts.findByEmail(null, ROLE_EMAILS.assessor);

    const after = await f.services.accounts.setDisabled(admin, f.accountIds.assessor, { disabled: true, version: before!.version });
    expect(after).toMatchObject({ id: f.accountIds.assessor, disabled: true, version: before!.version + 1 });
    expect((await me(cookie)).statusCode).toBe(401);
    const [{ n }] = (await f.store.query<{ n: number }>(`SELECT count(*)::int AS n FROM sessions WHERE account_id = $1`, [f.accountIds.assessor])) as [{ n: number }];
    expect(n).toBe(0);
    await expect(f.services.accounts.signIn(ROLE_EMAILS.assessor, PASSWORD, '10.0.0.1')).rejects.toMatchObject({ statusCode: 401 });
    // Roles are kept, so enabling gives back exactly what the person had.
    expect((await f.services.accounts.members(admin, f.inspectionId)).find((m) => m.accountId === f.accountIds.assessor)?.roles).toEqual(['local-assessor']);

    const history = await accountHistory(f.accountIds.assessor);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      actor_id: f.accountIds.admin, action: 'disable',
      before: { disabled: false, version: before!.version }, after: { disabled: true, version: before!.version + 1 },
    });
    expect(history[0]!.at).toMatch(/^\d{4}-\d{2}-\d{2}/);

    // Disabling it again changes nothing and writes no second entry.
    await f.services.accounts.setDisabled(admin, f.accountIds.assessor, { disabled: true });
    expect(await accountHistory(f.accountIds.assessor)).toHaveLength(1);
  });

  it('the administrator enables it again: the person signs in with the same password', async () => {
    const admin = await f.user('admin');
    const enabled = await f.services.accounts.setDisabled(admin, f.accountIds.assessor, { disabled: false });
    expect(enabled.disabled).toBe(false);
    await expect(f.services.accounts.signIn(ROLE_EMAILS.assessor, PASSWORD, '10.0.0.1')).resolves.toMatchObject({ user: { id: f.accountIds.assessor } });
    expect((await accountHistory(f.accountIds.assessor)).map((h) => [h.action, h.before, h.after])).toEqual([
      ['disable', { disabled: false, version: 1 }, { disabled: true, version: 2 }],
      ['enable', { disabled: true, version: 2 }, { disabled: false, version: 3 }],
    ]);
  });

  it('refuses an administrator disabling their own account, a stale version, an unknown account and a bad value', async () => {
    const admin = await f.user('admin');
    await expect(f.services.accounts.setDisabled(admin, f.accountIds.admin, { disabled: true }))
      .rejects.toMatchObject({ statusCode: 403, message: expect.stringContaining('cannot disable your own account') });
    await expect(f.services.accounts.setDisabled(admin, f.accountIds.panel, { disabled: true, version: 99 }))
      .rejects.toMatchObject({ statusCode: 409, current: { id: f.accountIds.panel, disabled: false } });
    await expect(f.services.accounts.setDisabled(admin, 'no-such-account', { disabled: true })).rejects.toMatchObject({ statusCode: 404 });
    await expect(f.services.accounts.setDisabled(admin, f.accountIds.panel, { disabled: 'maybe' }))
      .rejects.toMatchObject({ statusCode: 400, fields: [{ field: 'disabled' }] });
    expect(await f.services.accounts.findByEmail(null, ROLE_EMAILS.admin)).toMatchObject({ disabled: false });
    expect(await f.services.accounts.findByEmail(null, ROLE_EMAILS.panel)).toMatchObject({ disabled: false });
    expect(await accountHistory(f.accountIds.admin)).toEqual([]);
    expect(await accountHistory(f.accountIds.panel)).toEqual([]);
  });

  it('over the JSON API: PUT /api/v1/accounts/:accountId/status, documented in /api/openapi.json', async () => {
    const adminCookie = await signIn(f.app, ROLE_EMAILS.admin);
    const panelCookie = await signIn(f.app, ROLE_EMAILS.panel);
    const url = `/api/v1/accounts/${f.accountIds.panel}/status`;
    const off = await f.app.inject({ method: 'PUT', url, payload: { disabled: true }, headers: { cookie: adminCookie } });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json()).toMatchObject({ id: f.accountIds.panel, disabled: true });
    expect((await me(panelCookie)).statusCode).toBe(401);
    const self = await f.app.inject({ method: 'PUT', url: `/api/v1/accounts/${f.accountIds.admin}/status`, payload: { disabled: true }, headers: { cookie: adminCookie } });
    expect(self.statusCode).toBe(403);
    const bad = await f.app.inject({ method: 'PUT', url, payload: {}, headers: { cookie: adminCookie } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toEqual([expect.objectContaining({ field: 'disabled' })]);
    const on = await f.app.inject({ method: 'PUT', url, payload: { disabled: false }, headers: { cookie: adminCookie } });
    expect(on.json()).toMatchObject({ disabled: false });

    const doc = (await f.app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    expect(doc.paths['/api/v1/accounts/{accountId}/status']).toHaveProperty('put');
  });
});
