/**
 * Findings text in the store (PGlite, and PostgreSQL when TEST_DATABASE_URL is set): saving and listing,
 * optimistic concurrency, who may write, publication, history, and the report data built from the inspection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findingsService, MAX_FINDING_CHARS } from '../../src/app/findings.js';
import { prepareReport } from '../../src/report/index.js';
import { ConflictError, ForbiddenError, ValidationError } from '../../src/app/errors.js';
import { COMMAND_LINE_READER, createServices, type User } from '../../src/app/index.js';
import type { Store } from '../../src/store/index.js';
import { databaseKinds, testDatabase, type TestDatabase } from '../store/harness.js';
import { walkTo } from '../support/workflow.js';

const PASSWORD = 'correct horse battery staple';

describe.each(databaseKinds)('findings in the store (%s)', (kind) => {
  let db: TestDatabase;
  let store: Store;
  let lead: User;
  let inspector: User;
  let inspectionId: string;
  let publishedId: string;

  beforeAll(async () => {
    db = testDatabase(kind);
    store = await db.open();
    const services = createServices(store);
    const leadAcc = await services.accounts.create(null, { email: 'lead@example.org', displayName: 'Pat Lead', password: PASSWORD });
    const insAcc = await services.accounts.create(null, { email: 'inspector@example.org', displayName: 'Alex Inspector', password: PASSWORD });
    const svc = await services.inspections.createService(null, { name: 'Fictional Youth Justice Service' });
    for (const title of ['Findings test', 'Published test']) {
      const { id } = await services.inspections.create(null, { serviceId: svc.id, title, frameworkVersion: '2021' });
      await services.accounts.grantRole(null, id, { accountId: leadAcc.id, role: 'lead-inspector' });
      await services.accounts.grantRole(null, id, { accountId: insAcc.id, role: 'inspector' });
      if (title === 'Findings test') inspectionId = id;
      else publishedId = id;
    }
    lead = (await services.accounts.loadUser(leadAcc.id))!;
    inspector = (await services.accounts.loadUser(insAcc.id))!;
    await walkTo(services, lead, publishedId, 'published');
  });
  afterAll(async () => {
    await store?.close();
    await db?.cleanup();
  });

  it('saves a domain and lists it in order; a stale version is a conflict carrying the current value', async () => {
    const findings = findingsService(store);
    expect(await findings.list(lead, inspectionId)).toEqual([]);
    const saved = await findings.save(lead, inspectionId, {
      domain: '2', strengths: ['Assessments drew on a wide range of sources.', 'Planning involved the child.'], areas: ['Safety planning was too rarely updated.'], version: 0,
    });
    expect(saved).toEqual({ domain: '2', strengths: ['Assessments drew on a wide range of sources.', 'Planning involved the child.'], areas: ['Safety planning was too rarely updated.'], version: 1 });
    const again = await findings.save(lead, inspectionId, { domain: '2', strengths: ['Planning involved the child.'], areas: ['Safety planning was too rarely updated.', 'Reviews were late.'], version: 1 });
    expect(again.version).toBe(2);
    await findings.save(lead, inspectionId, { domain: '1', strengths: ['Leaders know the service well.'], areas: [], version: 0 });
    expect((await findings.list(inspector, inspectionId)).map((f) => [f.domain, f.strengths.length, f.areas.length])).toEqual([['1', 1, 0], ['2', 1, 2]]);

    const stale = await findings.save(lead, inspectionId, { domain: '2', strengths: ['Lost?'], areas: [], version: 1 }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(ConflictError);
    expect((stale as ConflictError).statusCode).toBe(409);
    expect((stale as ConflictError).current).toEqual(again);
    const create = await findings.save(lead, inspectionId, { domain: '1', strengths: ['Twice created?'], areas: [], version: 0 }).catch((e: unknown) => e);
    expect(create).toBeInstanceOf(ConflictError);
    expect((await findings.list(lead, inspectionId)).find((f) => f.domain === '2')).toEqual(again);
  });

  it('refuses empty and over-long items and unknown domains with field messages, saving nothing', async () => {
    const findings = findingsService(store);
    const bad = async (input: unknown) => {
      const e = await findings.save(lead, inspectionId, input).catch((err: unknown) => err);
      expect(e).toBeInstanceOf(ValidationError);
      return (e as ValidationError).fields;
    };
    expect(await bad({ domain: '3', strengths: ['ok', '  '], areas: [], version: 0 })).toEqual([{ field: 'strengths.1', message: 'Write the finding, or remove the empty item' }]);
    expect(await bad({ domain: '3', strengths: [], areas: ['x'.repeat(MAX_FINDING_CHARS + 1)], version: 0 })).toEqual([{ field: 'areas.0', message: 'Each finding must be 2,000 characters or fewer' }]);
    expect((await bad({ domain: '5', strengths: [], areas: [], version: 0 }))[0]?.field).toBe('domain');
    await findings.save(lead, inspectionId, { domain: '3', strengths: ['x'.repeat(MAX_FINDING_CHARS)], areas: [], version: 0 });
    expect((await findings.list(lead, inspectionId)).map((f) => f.domain)).toEqual(['1', '2', '3']);
  });

  it('lets only the lead inspector write, and nothing after publication', async () => {
    const findings = findingsService(store);
    const byInspector = await findings.save(inspector, inspectionId, { domain: '4', strengths: ['Mine'], areas: [], version: 0 }).catch((e: unknown) => e);
    expect(byInspector).toBeInstanceOf(ForbiddenError);
    expect((byInspector as ForbiddenError).statusCode).toBe(403);
    const published = await findings.save(lead, publishedId, { domain: '1', strengths: ['Too late'], areas: [], version: 0 }).catch((e: unknown) => e);
    expect(published).toBeInstanceOf(ForbiddenError);
    expect((published as Error).message).toMatch(/published/);
    expect(await findings.list(lead, publishedId)).toEqual([]);
    expect((await findings.list(lead, inspectionId)).some((f) => f.domain === '4')).toBe(false);
  });

  it('writes every save to the history with before and after', async () => {
    const rows = await store.query<{ action: string; entity_id: string; actor_id: string; before: unknown; after: unknown }>(
      `SELECT action, entity_id, actor_id, before, after FROM history WHERE entity = 'findings' AND inspection_id = $1 ORDER BY id`, [inspectionId],
    );
    expect(rows.map((r) => [r.action, r.entity_id])).toEqual([
      ['create', `${inspectionId}/2`], ['update', `${inspectionId}/2`], ['create', `${inspectionId}/1`], ['create', `${inspectionId}/3`],
    ]);
    expect(rows.every((r) => r.actor_id === lead.id)).toBe(true);
    const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as { version: number; areas: string[] };
    expect(json(rows[1]!.before).version).toBe(1);
    expect(json(rows[1]!.after).areas).toEqual(['Safety planning was too rarely updated.', 'Reviews were late.']);
  });

  it('puts the recorded findings in the report data, so those domains are no longer missing', async () => {
    const data = await createServices(store).reports.data(COMMAND_LINE_READER, inspectionId);
    expect(data.report?.domains?.['2']).toEqual({ strengths: ['Planning involved the child.'], areasForImprovement: ['Safety planning was too rarely updated.', 'Reviews were late.'] });
    expect(data.report?.domains?.['1']).toEqual({ strengths: ['Leaders know the service well.'], areasForImprovement: [] });
    expect(data.report?.domains?.['4']).toBeUndefined();
    const model = prepareReport(data).view;
    const findingsMissing = model.missing.filter((m) => m.startsWith('strengths and areas for improvement'));
    expect(findingsMissing).toHaveLength(1);
    expect(findingsMissing[0]).toMatch(/^strengths and areas for improvement for domain 4 /);
    expect(model.domains.find((d) => d.id === 2)?.areasForImprovement).toEqual(['Safety planning was too rarely updated.', 'Reviews were late.']);
  });

  it('two first saves of a domain at once: one is kept, the other is a conflict', async () => {
    const findings = findingsService(store);
    const results = await Promise.allSettled([
      findings.save(lead, inspectionId, { domain: '4', strengths: ['First'], areas: [], version: 0 }),
      findings.save(lead, inspectionId, { domain: '4', strengths: ['Second'], areas: [], version: 0 }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failed = results.find((r) => r.status === 'rejected');
    expect(failed?.reason).toBeInstanceOf(ConflictError);
    expect((await findings.list(lead, inspectionId)).find((f) => f.domain === '4')?.version).toBe(1);
  });
});
