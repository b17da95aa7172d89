/**
 * Publishing a draft report only on purpose: with the report's gaps wired in (as `yjinspect serve` wires
 * them), moving an inspection to published is refused while the report lacks anything, naming what, unless
 * the lead says `publishDraft: true`. Role and version are checked first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { testConfig } from '../../src/server/config.js';
import { ConflictError, ForbiddenError, ValidationError } from '../../src/app/errors.js';
import { createServices, type Services, type User } from '../../src/app/index.js';
import type { Store } from '../../src/store/index.js';
import { databaseKinds, testDatabase, type TestDatabase } from '../store/harness.js';
import { PASSWORD, signIn } from './harness.js';

describe.each(databaseKinds)('publishing a draft report (%s)', (kind) => {
  let db: TestDatabase;
  let store: Store;
  let services: Services;
  let app: FastifyInstance;
  let lead: User;
  let inspector: User;
  let inspectionId: string;

  beforeAll(async () => {
    db = testDatabase(kind);
    store = await db.open();
    services = createServices(store);
    const l = await services.accounts.create(null, { email: 'lead@example.org', displayName: 'Pat Lead', password: PASSWORD });
    const i = await services.accounts.create(null, { email: 'inspector@example.org', displayName: 'Alex Inspector', password: PASSWORD });
    const svc = await services.inspections.createService(null, { name: 'Fictional Youth Justice Service' });
    ({ id: inspectionId } = await services.inspections.create(null, { serviceId: svc.id, title: 'Publish test', frameworkVersion: '2018' }));
    await services.accounts.grantRole(null, inspectionId, { accountId: l.id, role: 'lead-inspector' });
    await services.accounts.grantRole(null, inspectionId, { accountId: i.id, role: 'inspector' });
    lead = (await services.accounts.loadUser(l.id))!;
    inspector = (await services.accounts.loadUser(i.id))!;
    // The workflow's own gates hold (no cases; domain 1 judged): only the report's gaps remain to refuse.
    for (const sid of ['1.1', '1.2', '1.3', '1.4']) {
      await services.domain1.recordJudgement(lead, inspectionId, sid, { rating: 'Good', rationale: `The evidence for ${sid} meets the characteristics of Good.`, version: 0 });
    }
    for (const phase of ['fieldwork', 'panel', 'reporting']) {
      const ins = await services.inspections.get(lead, inspectionId);
      await services.inspections.setPhase(lead, inspectionId, { phase, version: ins.version });
    }
    app = await buildApp({ store, config: testConfig() }, { services });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await store?.close();
    await db?.cleanup();
  });

  it('refuses to publish a report that lacks parts, naming them, and changes nothing', async () => {
    const ins = await services.inspections.get(lead, inspectionId);
    const err = await services.inspections.setPhase(lead, inspectionId, { phase: 'published', version: ins.version }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    const [field] = (err as ValidationError).fields;
    expect(field?.field).toBe('publishDraft');
    expect(field?.message).toMatch(/^The report is still a draft without: .*strengths and areas for improvement for domain 1 \(Organisational delivery\)/);
    expect(field?.message).not.toContain('publication date');
    expect((await services.inspections.get(lead, inspectionId)).phase).toBe('reporting');
  });

  it('checks the role and the version before saying what the report lacks', async () => {
    const ins = await services.inspections.get(lead, inspectionId);
    await expect(services.inspections.setPhase(inspector, inspectionId, { phase: 'published', version: ins.version })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(services.inspections.setPhase(lead, inspectionId, { phase: 'published', version: ins.version - 1 })).rejects.toBeInstanceOf(ConflictError);
  });

  it('over the API: 400 naming publishDraft, then published when the lead says so', async () => {
    const cookie = await signIn(app, 'lead@example.org');
    const url = `/api/v1/inspections/${inspectionId}/phase`;
    const { version } = await services.inspections.get(lead, inspectionId);
    const refused = await app.inject({ method: 'PUT', url, headers: { cookie }, payload: { phase: 'published', version } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fields[0].field).toBe('publishDraft');
    const published = await app.inject({ method: 'PUT', url, headers: { cookie }, payload: { phase: 'published', version, publishDraft: true } });
    expect(published.statusCode).toBe(200);
    expect(published.json().phase).toBe('published');
  });
});
