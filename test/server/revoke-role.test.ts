/**
 * Revoking a role on an inspection: only the site administrator (or the command line) may, the account loses
 * sight of the inspection at once, the change is in the inspection's history, and a role not held is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../store/harness.js';
import { ROLE_EMAILS, signIn, startFixture, type Fixture, type Who } from './harness.js';

describe.each(databaseKinds)('revoke a role on %s', (kind) => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture(kind);
  });
  afterAll(async () => f?.close());

  it('refuses everyone but the site administrator, and changes nothing', async () => {
    const others: Who[] = ['lead', 'inspector', 'assessor', 'panel', 'readOnly', 'outsider'];
    for (const who of others) {
      await expect(f.services.accounts.revokeRole(await f.user(who), f.inspectionId, { accountId: f.accountIds.readOnly, role: 'read-only' }), who)
        .rejects.toMatchObject({ statusCode: 403 });
    }
    expect((await f.user('readOnly')).roles).toEqual([{ inspectionId: f.inspectionId, role: 'read-only' }]);
  });

  it('the administrator revokes a role: the account no longer sees the inspection, and history records who and what', async () => {
    const admin = await f.user('admin');
    await f.services.accounts.revokeRole(admin, f.inspectionId, { accountId: f.accountIds.panel, role: 'panel-member' });
    const panel = await f.user('panel');
    expect(panel.roles).toEqual([]);
    expect(await f.services.inspections.list(panel)).toEqual([]);
    await expect(f.services.inspections.get(panel, f.inspectionId)).rejects.toMatchObject({ statusCode: 404 });

    const history = await f.services.history.forInspection(admin, f.inspectionId);
    const entry = history.find((h) => h.entity === 'role' && h.action === 'revoke');
    expect(entry).toMatchObject({ actorId: f.accountIds.admin, entityId: `${f.accountIds.panel}:panel-member`, after: null });
    expect(entry!.before).toEqual({ accountId: f.accountIds.panel, role: 'panel-member' });
  });

  it('refuses a role the account does not hold, and a role that is not one', async () => {
    const admin = await f.user('admin');
    await expect(f.services.accounts.revokeRole(admin, f.inspectionId, { accountId: f.accountIds.lead, role: 'inspector' }))
      .rejects.toMatchObject({ statusCode: 404 });
    await expect(f.services.accounts.revokeRole(admin, f.inspectionId, { accountId: f.accountIds.lead, role: 'owner' }))
      .rejects.toMatchObject({ statusCode: 400 });
    expect((await f.user('lead')).roles).toEqual([{ inspectionId: f.inspectionId, role: 'lead-inspector' }]);
  });

  it('over the JSON API: DELETE /api/v1/inspections/:inspectionId/roles with the grant body, documented in /api/openapi.json', async () => {
    const cookie = await signIn(f.app, ROLE_EMAILS.admin);
    const url = `/api/v1/inspections/${f.inspectionId}/roles`;
    const done = await f.app.inject({ method: 'DELETE', url, payload: { accountId: f.accountIds.inspector, role: 'inspector' }, headers: { cookie } });
    expect(done.statusCode, done.body).toBe(204);
    expect((await f.user('inspector')).roles).toEqual([]);
    const again = await f.app.inject({ method: 'DELETE', url, payload: { accountId: f.accountIds.inspector, role: 'inspector' }, headers: { cookie } });
    expect(again.statusCode).toBe(404);
    expect(again.json().error.message).toContain('does not hold the role inspector');
    const bad = await f.app.inject({ method: 'DELETE', url, payload: { accountId: f.accountIds.lead }, headers: { cookie } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toEqual([expect.objectContaining({ field: 'role' })]);

    const doc = (await f.app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, { requestBody?: unknown }>> };
    expect(doc.paths['/api/v1/inspections/{inspectionId}/roles']?.delete?.requestBody).toBeTruthy();
  });
});
