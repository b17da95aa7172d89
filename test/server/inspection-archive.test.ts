/**
 * An inspection made by mistake (issue 15): the site administrator archives it (hidden from the lists, kept
 * whole, restorable) or, holding no cases, deletes it — each with a reason in the history; nobody else can,
 * and a published inspection stays. On both databases, through the services and the screens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../src/app/errors.js';
import { webPlugin } from '../../src/web/plugin.js';
import { databaseKinds } from '../store/harness.js';
import { ROLE_EMAILS, signIn, startFixture, type Fixture } from './harness.js';

describe.each(databaseKinds)('archiving and deleting an inspection (%s)', (kind) => {
  let f: Fixture;
  let admin: string;
  let serviceId: string;

  beforeAll(async () => {
    f = await startFixture(kind, {}, [webPlugin]);
    admin = await signIn(f.app, ROLE_EMAILS.admin);
    serviceId = (await f.services.inspections.listServices(await f.user('admin')))[0]!.id;
  }, 300_000);
  afterAll(async () => f?.close());

  const mistake = async (title: string) => (await f.services.inspections.create(await f.user('admin'), { serviceId, title, frameworkVersion: '2021' })).id;
  const history = (id: string) => f.store.query<{ action: string; reason: string | null; before: unknown }>(`SELECT action, reason, before FROM history WHERE entity = 'inspection' AND entity_id = $1 ORDER BY id`, [id]);

  it('archives: hidden from the list, listed as archived, kept whole, restorable, each step in the history', async () => {
    const a = await f.user('admin');
    const ins = await f.services.inspections.get(a, f.inspectionId);
    const archived = await f.services.inspections.archive(a, f.inspectionId, { reason: 'Created twice by mistake', version: ins.version });
    expect(archived.archivedAt).not.toBeNull();
    expect((await f.services.inspections.list(a)).map((i) => i.id)).not.toContain(f.inspectionId);
    expect((await f.services.inspections.list(a, { archived: true })).map((i) => i.id)).toContain(f.inspectionId);
    // The team no longer sees it listed; its cases are all still there.
    expect((await f.services.inspections.list(await f.user('lead'))).map((i) => i.id)).not.toContain(f.inspectionId);
    expect(await f.services.cases.list(a, f.inspectionId)).toHaveLength(3);
    const restored = await f.services.inspections.restore(a, f.inspectionId, { reason: 'It was the right one after all', version: archived.version });
    expect(restored.archivedAt).toBeNull();
    expect((await f.services.inspections.list(a)).map((i) => i.id)).toContain(f.inspectionId);
    expect((await history(f.inspectionId)).filter((h) => h.action === 'archive' || h.action === 'restore').map((h) => [h.action, h.reason]))
      .toEqual([['archive', 'Created twice by mistake'], ['restore', 'It was the right one after all']]);
  });

  it('lets nobody but the site administrator archive or delete, and wants a reason and the current version', async () => {
    const ins = await f.services.inspections.get(await f.user('lead'), f.inspectionId);
    const byLead = await f.services.inspections.archive(await f.user('lead'), f.inspectionId, { reason: 'Mine', version: ins.version }).catch((e: unknown) => e);
    expect(byLead).toBeInstanceOf(ForbiddenError);
    expect((byLead as Error).message).toBe('Only the site administrator may archive or restore the inspection');
    expect(await f.services.inspections.remove(await f.user('lead'), f.inspectionId, { reason: 'Mine', version: ins.version }).catch((e: unknown) => e)).toBeInstanceOf(ForbiddenError);
    const noReason = await f.services.inspections.archive(await f.user('admin'), f.inspectionId, { reason: '  ', version: ins.version }).catch((e: unknown) => e);
    expect(noReason).toBeInstanceOf(ValidationError);
    expect((noReason as ValidationError).fields[0]).toMatchObject({ field: 'reason', message: 'Enter the reason; it is kept in the history' });
    expect(await f.services.inspections.archive(await f.user('admin'), f.inspectionId, { reason: 'Stale', version: ins.version - 1 }).catch((e: unknown) => e)).toBeInstanceOf(ConflictError);
    expect((await f.services.inspections.get(await f.user('admin'), f.inspectionId)).archivedAt).toBeNull();
  });

  it('deletes only an inspection that holds no cases; the history keeps the deletion with its reason', async () => {
    const a = await f.user('admin');
    const ins = await f.services.inspections.get(a, f.inspectionId);
    const refused = await f.services.inspections.remove(a, f.inspectionId, { reason: 'Typo', version: ins.version }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).fields[0]!.message).toBe('The inspection holds 3 cases, so it cannot be deleted; archive it instead');
    const id = await mistake('Made by mistake');
    await f.services.accounts.grantRole(a, id, { accountId: f.accountIds.lead, role: 'lead-inspector' });
    const fresh = await f.services.inspections.get(a, id);
    await f.services.inspections.remove(a, id, { reason: 'Created for the wrong service', version: fresh.version });
    expect(await f.services.inspections.get(a, id).catch((e: unknown) => e)).toBeInstanceOf(NotFoundError);
    const kept = await history(id);
    expect(kept.map((h) => h.action)).toEqual(['create', 'delete']);
    expect(kept[1]).toMatchObject({ reason: 'Created for the wrong service', before: expect.objectContaining({ title: 'Made by mistake', framework: '2021' }) });
  });

  it('keeps a published inspection as it is', async () => {
    const a = await f.user('admin');
    const id = await mistake('Published and final');
    await f.services.accounts.grantRole(a, id, { accountId: f.accountIds.lead, role: 'lead-inspector' });
    await f.store.query(`UPDATE inspections SET phase = 'published', published_on = current_date WHERE id = $1`, [id]);
    const ins = await f.services.inspections.get(a, id);
    expect(await f.services.inspections.archive(a, id, { reason: 'No', version: ins.version }).catch((e: unknown) => e)).toBeInstanceOf(ForbiddenError);
    expect(await f.services.inspections.remove(a, id, { reason: 'No', version: ins.version }).catch((e: unknown) => e)).toBeInstanceOf(ForbiddenError);
  });

  it('on the screens: a reason is asked for on its field, then the inspection leaves the list with a banner', async () => {
    const id = await mistake('Archive me on the screen');
    const form = await f.app.inject({ url: `/inspections/${id}/remove`, headers: { cookie: admin } });
    expect(form.statusCode).toBe(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const cookie = [admin, ...form.cookies.map((c) => `${c.name}=${c.value}`)].join('; ');
    const post = (fields: Record<string, string>) => f.app.inject({
      method: 'POST', url: `/inspections/${id}/remove`, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf, version: /name="version" value="(\d+)"/.exec(form.body)![1]!, ...fields }).toString(),
    });
    const noChoice = await post({ reason: 'Duplicate' });
    expect(noChoice.statusCode).toBe(400);
    expect(noChoice.body).toContain('Choose whether to archive or delete the inspection');
    const noReason = await post({ choice: 'archive', reason: '' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toMatch(/id="reason-error"[\s\S]*Enter the reason; it is kept in the history/);
    const done = await post({ choice: 'archive', reason: 'Duplicate of the real one' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/inspections?removed=archived');
    const list = await f.app.inject({ url: '/inspections?removed=archived', headers: { cookie: admin } });
    expect(list.body).toContain('The inspection was archived');
    expect(list.body).not.toContain('Archive me on the screen');
    const archived = await f.app.inject({ url: '/inspections?archived=1', headers: { cookie: admin } });
    expect(archived.body).toContain('Archive me on the screen');
    // Anyone else is refused before anything is read.
    const lead = await signIn(f.app, ROLE_EMAILS.lead);
    expect((await f.app.inject({ url: `/inspections/${f.inspectionId}/remove`, headers: { cookie: lead } })).statusCode).toBe(403);
  });
});
