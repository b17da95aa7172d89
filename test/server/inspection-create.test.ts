/**
 * Creating inspections through the services and the API: only the site administrator lists services and
 * creates inspections; fieldwork dates must be real dates and the fieldwork cannot end before it starts
 * (400 naming the field, never a database error). The lead or the site administrator corrects the title and
 * dates until publication, with history and versions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../store/harness.js';
import { ROLE_EMAILS, signIn, startFixture, type Fixture } from './harness.js';
import { walkTo } from '../support/workflow.js';

describe.each(databaseKinds)('creating an inspection on %s', (kind) => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture(kind);
  });
  afterAll(async () => f?.close());

  it('lists the services for the site administrator only', async () => {
    const admin = await f.user('admin');
    const names = (await f.services.inspections.listServices(admin)).map((s) => s.name);
    expect(names.length).toBeGreaterThan(0);
    await expect(f.services.inspections.listServices(await f.user('lead'))).rejects.toMatchObject({ statusCode: 403 });
    const overApi = await f.app.inject({ url: '/api/v1/services', headers: { cookie: await signIn(f.app, ROLE_EMAILS.admin) } });
    expect(overApi.json().map((s: { name: string }) => s.name)).toEqual(names);
    expect((await f.app.inject({ url: '/api/v1/services', headers: { cookie: await signIn(f.app, ROLE_EMAILS.lead) } })).statusCode).toBe(403);
  });

  it('refuses dates that are not real and fieldwork that ends before it starts, naming the field', async () => {
    const cookie = await signIn(f.app, ROLE_EMAILS.admin);
    const [service] = await f.services.inspections.listServices(await f.user('admin'));
    const post = (extra: object) => f.app.inject({ method: 'POST', url: '/api/v1/inspections', headers: { cookie }, payload: { serviceId: service!.id, title: 'Dates', frameworkVersion: '2021', ...extra } });
    const notReal = await post({ fieldworkStart: '2026-02-31' });
    expect(notReal.statusCode).toBe(400);
    expect(notReal.json().error.fields).toEqual([{ field: 'fieldworkStart', message: 'Enter a real date' }]);
    const backwards = await post({ fieldworkStart: '2026-03-10', fieldworkEnd: '2026-03-09' });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.fields).toEqual([{ field: 'fieldworkEnd', message: 'The fieldwork cannot end before it starts' }]);
    const oneDay = await post({ fieldworkStart: '2026-03-10', fieldworkEnd: '2026-03-10' });
    expect(oneDay.statusCode).toBe(201);
  });

  it('the lead and the administrator correct the title and dates, checked against the dates already held', async () => {
    const lead = await f.user('lead');
    const admin = await f.user('admin');
    let ins = await f.services.inspections.get(lead, f.inspectionId);
    ins = await f.services.inspections.updateDetails(lead, f.inspectionId, { title: 'Westshire inspection 2026', fieldworkStart: '2026-05-04', fieldworkEnd: '2026-05-15', version: ins.version });
    expect(ins).toMatchObject({ title: 'Westshire inspection 2026', fieldworkStart: '2026-05-04', fieldworkEnd: '2026-05-15' });
    // Only the start given: checked against the end already held.
    await expect(f.services.inspections.updateDetails(lead, f.inspectionId, { title: ins.title, fieldworkStart: '2026-06-01', version: ins.version }))
      .rejects.toMatchObject({ statusCode: 400, fields: [{ field: 'fieldworkEnd', message: 'The fieldwork cannot end before it starts' }] });
    await expect(f.services.inspections.updateDetails(lead, f.inspectionId, { title: ins.title, version: ins.version - 1 })).rejects.toMatchObject({ statusCode: 409 });
    await expect(f.services.inspections.updateDetails(await f.user('inspector'), f.inspectionId, { title: 'x', version: ins.version })).rejects.toMatchObject({ statusCode: 403 });
    ins = await f.services.inspections.updateDetails(admin, f.inspectionId, { title: ins.title, fieldworkEnd: null, version: ins.version });
    expect(ins).toMatchObject({ fieldworkStart: '2026-05-04', fieldworkEnd: null });
    const history = await f.store.query<{ actor_id: string; before: unknown; after: unknown }>(`SELECT actor_id, before, after FROM history WHERE entity = 'inspection' AND action = 'details' ORDER BY id`);
    expect(history).toHaveLength(2);
    expect(history[0]).toMatchObject({ actor_id: lead.id, after: { title: 'Westshire inspection 2026', fieldworkStart: '2026-05-04', fieldworkEnd: '2026-05-15' } });
    expect(history[1]).toMatchObject({ actor_id: admin.id, before: { fieldworkEnd: '2026-05-15' }, after: { fieldworkEnd: null } });

    await walkTo(f.services, lead, f.inspectionId, 'published');
    ins = await f.services.inspections.get(lead, f.inspectionId);
    await expect(f.services.inspections.updateDetails(admin, f.inspectionId, { title: 'After publication', version: ins.version })).rejects.toMatchObject({ statusCode: 403 });
  });
});
