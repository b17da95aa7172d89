/**
 * Changing your own password: the current one is required (a wrong one counts as a failed sign-in), the new
 * one follows the account rules, every other session ends and the one used stays, and history records it.
 * Also over the JSON API (PUT /api/v1/me/password).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/app/accounts.js';
import { databaseKinds } from '../store/harness.js';
import { PASSWORD, ROLE_EMAILS, signIn, startFixture, type Fixture } from './harness.js';

const NEW_PASSWORD = 'a brand new long password';

describe.each(databaseKinds)('change your own password on %s', (kind) => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture(kind, { maxFailuresPerAccount: 3 });
  });
  afterAll(async () => f?.close());

  const tokenOf = (cookie: string) => cookie.replace(/^yjinspect_session=/, '');
  const me = (cookie: string) => f.app.inject({ url: '/api/v1/me', headers: { cookie } });
  const signsIn = (email: string, password: string) =>
    f.services.accounts.signIn(email, password, '10.0.0.9').then(() => true, () => false);
  const passwordHistory = (accountId: string) =>
    f.store.query<{ actor_id: string; action: string }>(`SELECT actor_id, action FROM history WHERE entity = 'account' AND entity_id = $1 AND action = 'change-password'`, [accountId]);

  it('refuses a wrong current password and a new one the rules do not allow, naming the field; nothing changes', async () => {
    const panel = await f.user('panel');
    await expect(f.services.accounts.changeOwnPassword(panel, { currentPassword: 'not my password', newPassword: NEW_PASSWORD }, { ip: '10.0.0.1' }))
      .rejects.toMatchObject({ statusCode: 400, fields: [{ field: 'currentPassword', message: 'Your current password is not right' }] });
    await expect(f.services.accounts.changeOwnPassword(panel, { currentPassword: PASSWORD, newPassword: 'short' }, { ip: '10.0.0.1' }))
      .rejects.toMatchObject({ statusCode: 400, fields: [{ field: 'newPassword', message: 'A password needs at least 12 characters' }] });
    await expect(f.services.accounts.changeOwnPassword(panel, { newPassword: NEW_PASSWORD }, { ip: '10.0.0.1' }))
      .rejects.toMatchObject({ statusCode: 400, fields: [{ field: 'currentPassword' }] });
    expect(await signsIn(ROLE_EMAILS.panel, PASSWORD)).toBe(true);
    expect(await passwordHistory(f.accountIds.panel)).toEqual([]);
  });

  it('counts wrong current passwords as failed sign-ins, so guessing is stopped', async () => {
    const inspector = await f.user('inspector');
    for (let i = 0; i < 3; i++) {
      await expect(f.services.accounts.changeOwnPassword(inspector, { currentPassword: `guess ${i}`, newPassword: NEW_PASSWORD }, { ip: '10.0.0.2' }))
        .rejects.toMatchObject({ statusCode: 400 });
    }
    await expect(f.services.accounts.changeOwnPassword(inspector, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }, { ip: '10.0.0.2' }))
      .rejects.toMatchObject({ statusCode: 429 });
    expect(await signsIn(ROLE_EMAILS.inspector, PASSWORD)).toBe(false);
  });

  it('changes the password: this session stays, every other one ends, the old password no longer works, history records who', async () => {
    const here = await signIn(f.app, ROLE_EMAILS.readOnly);
    const elsewhere = await signIn(f.app, ROLE_EMAILS.readOnly);
    const readOnly = await f.user('readOnly');
    await f.services.accounts.changeOwnPassword(readOnly, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }, { sessionToken: tokenOf(here), ip: '10.0.0.3' });

    expect((await me(here)).statusCode).toBe(200);
    expect((await me(elsewhere)).statusCode).toBe(401);
    const sessions = await f.store.query<{ token_hash: string }>(`SELECT token_hash FROM sessions WHERE account_id = $1`, [readOnly.id]);
    expect(sessions.map((s) => s.token_hash)).toEqual([hashToken(tokenOf(here))]);
    expect(await signsIn(ROLE_EMAILS.readOnly, PASSWORD)).toBe(false);
    expect(await signsIn(ROLE_EMAILS.readOnly, NEW_PASSWORD)).toBe(true);
    expect(await passwordHistory(readOnly.id)).toEqual([{ actor_id: readOnly.id, action: 'change-password' }]);
  });

  it('over the API: 400 naming the field, 401 signed out, 204 keeping this session and ending the others', async () => {
    const here = await signIn(f.app, ROLE_EMAILS.lead);
    const elsewhere = await signIn(f.app, ROLE_EMAILS.lead);
    const put = (cookie: string | undefined, payload: object) =>
      f.app.inject({ method: 'PUT', url: '/api/v1/me/password', headers: cookie ? { cookie } : {}, payload });
    expect((await put(undefined, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD })).statusCode).toBe(401);
    const wrong = await put(here, { currentPassword: 'not my password', newPassword: NEW_PASSWORD });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields).toEqual([{ field: 'currentPassword', message: 'Your current password is not right' }]);
    expect((await put(here, { currentPassword: PASSWORD, newPassword: 'short' })).json().error.fields[0].field).toBe('newPassword');
    expect(await signsIn(ROLE_EMAILS.lead, PASSWORD)).toBe(true);

    const changed = await put(here, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    expect(changed.statusCode).toBe(204);
    expect((await me(here)).statusCode).toBe(200);
    expect((await me(elsewhere)).statusCode).toBe(401);
    expect(await signsIn(ROLE_EMAILS.lead, NEW_PASSWORD)).toBe(true);
    expect(await passwordHistory(f.accountIds.lead)).toEqual([{ actor_id: f.accountIds.lead, action: 'change-password' }]);
  });
});
