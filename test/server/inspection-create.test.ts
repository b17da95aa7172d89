/**
 * Creating inspections through the services and the API: only the site administrator lists services and
 * creates inspections; fieldwork dates must be real dates and the fieldwork cannot end before it starts
 * (400 naming the field, never a database error).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../store/harness.js';
import { ROLE_EMAILS, signIn, startFixture, type Fixture } from './harness.js';

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
  });

  it('refuses dates that are not real and fieldwork that ends before it starts, naming the field', async () => {
    const cookie = await signIn(f.app, ROLE_EMAILS.admin);
    const [service] = await f.services.inspections.listServices(await f.user('admin'));
    const post = (extra: object) => f.app.inject({ method: 'POST', url: '/api/v1/inspections', headers: { cookie }, payload: { serviceId: service!.id, title: 'Dates', frameworkVersion: '2021', ...extra } });
    const notReal = await post({ fieldworkStart: '2026-02-31' });
    expect(notReal.statusCode).toBe(400);
    expect(notReal.json().error.fields).toEqual([{ field: 'fieldworkStart', message: 'Enter a real date, for example 2026-03-27' }]);
    const backwards = await post({ fieldworkStart: '2026-03-10', fieldworkEnd: '2026-03-09' });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.fields).toEqual([{ field: 'fieldworkEnd', message: 'The fieldwork cannot end before it starts' }]);
    const oneDay = await post({ fieldworkStart: '2026-03-10', fieldworkEnd: '2026-03-10' });
    expect(oneDay.statusCode).toBe(201);
  });
});
