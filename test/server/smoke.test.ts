import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../store/harness.js';
import { ROLE_EMAILS, signIn, startFixture, type Fixture } from './harness.js';

describe.each(databaseKinds)('server on %s', (kind) => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture(kind);
  });
  afterAll(async () => f?.close());

  it('answers /health with the database kind', async () => {
    const r = await f.app.inject({ url: '/health' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ status: 'ok', database: kind });
  });

  it('refuses the API without a session, and answers unknown routes with a JSON 404', async () => {
    expect((await f.app.inject({ url: '/api/v1/inspections' })).statusCode).toBe(401);
    const r = await f.app.inject({ url: '/api/v1/nothing-here' });
    expect(r.statusCode).toBe(404);
    expect(r.json().error.code).toBe('not-found');
  });

  it('lets an assessor save an answer to an assigned case, then 409s a stale write', async () => {
    const cookie = await signIn(f.app, ROLE_EMAILS.assessor);
    const put = (version: number, answer: string) =>
      f.app.inject({ method: 'PUT', url: `/api/v1/cases/${f.caseIds.C01}/answers/2.1.1`, headers: { cookie }, payload: { answer, version, note: 'Assessment drew on the right sources' } });
    const first = await put(0, 'yes');
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ questionId: '2.1.1', answer: 'yes', version: 1, caseState: 'in-progress' });
    const stale = await put(0, 'no');
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.current).toMatchObject({ questionId: '2.1.1', answer: 'yes', version: 1 });
    const hist = await f.app.inject({ url: `/api/v1/cases/${f.caseIds.C01}/history`, headers: { cookie } });
    expect(hist.json().filter((h: { entity: string }) => h.entity === 'answer')).toHaveLength(1);
  });

  it('computes ratings from the live answers', async () => {
    const cookie = await signIn(f.app, ROLE_EMAILS.readOnly);
    const r = await f.app.inject({ url: `/api/v1/inspections/${f.inspectionId}/ratings`, headers: { cookie } });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ framework: '2018', complete: false });
  });

  it('serves an OpenAPI document', async () => {
    const r = await f.app.inject({ url: '/api/openapi.json' });
    expect(r.statusCode).toBe(200);
    expect(r.json().paths['/api/v1/cases/{caseId}/answers/{questionId}'].put).toBeDefined();
  });
});
