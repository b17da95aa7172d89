/**
 * One sample per inspection (issue 13): confirming a second sample once the inspection has cases is refused;
 * before any case has answers the lead may discard the confirmed sample (its cases removed, both samples in
 * the history) and draw again; after that, cases change one at a time (the lead may add one by hand).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { parsePopulationCsv } from '../../src/population/index.js';
import { buildApp } from '../../src/server/app.js';
import { testConfig } from '../../src/server/config.js';
import { webPlugin } from '../../src/web/plugin.js';
import { createServices, ForbiddenError, ValidationError, type Services, type User } from '../../src/app/index.js';
import type { Store } from '../../src/store/index.js';
import { databaseKinds, testDatabase, type TestDatabase } from '../store/harness.js';
import { signIn } from '../server/harness.js';

const PASSWORD = 'correct horse battery staple';
const population = parsePopulationCsv(readFileSync(fileURLToPath(new URL('../sampling/fixtures/population-medium.csv', import.meta.url)), 'utf8'), 'population-medium.csv');
const parameters = { seed: 11, confidence: 80, margin: 5, fieldwork: '2025-06-02' };

describe.each(databaseKinds)('one sample per inspection (%s)', (kind) => {
  let db: TestDatabase, store: Store, services: Services, app: FastifyInstance;
  let lead: User, inspector: User, inspectionId: string, otherId: string;

  beforeAll(async () => {
    db = testDatabase(kind);
    store = await db.open();
    services = createServices(store);
    const l = await services.accounts.create(null, { email: 'lead@example.org', displayName: 'Lena Lead', password: PASSWORD });
    const i = await services.accounts.create(null, { email: 'inspector@example.org', displayName: 'Ivan Inspector', password: PASSWORD });
    const svc = await services.inspections.createService(null, { name: 'Westshire Youth Justice Service' });
    ({ id: inspectionId } = await services.inspections.create(null, { serviceId: svc.id, title: 'Westshire 2025', frameworkVersion: '2018' }));
    ({ id: otherId } = await services.inspections.create(null, { serviceId: svc.id, title: 'Westshire mock', frameworkVersion: '2018' }));
    for (const id of [inspectionId, otherId]) {
      await services.accounts.grantRole(null, id, { accountId: l.id, role: 'lead-inspector' });
      await services.accounts.grantRole(null, id, { accountId: i.id, role: 'inspector' });
    }
    lead = (await services.accounts.loadUser(l.id))!;
    inspector = (await services.accounts.loadUser(i.id))!;
    app = await buildApp({ store, config: testConfig() }, { services, plugins: [webPlugin] });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await store?.close();
    await db?.cleanup();
  });

  it('refuses to confirm a sample on an inspection that already has cases, adding nothing', async () => {
    const base = { gender: 'male', ageBand: '15-17', ethnicity: 'white', riskOfSeriousHarm: 'low', safetyAndWellbeing: 'low' } as const;
    await services.cases.create(lead, otherId, { ...base, ref: 'HAND-1', domain: 2, disposalType: 'referral-order' });
    const plan = await services.sampling.propose(lead, otherId, { fileName: 'p.csv', cases: population, parameters });
    const err = await services.sampling.confirm(lead, otherId, plan.id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).fields[0]!.message).toMatch(/^This inspection already has 1 case, so this sample cannot be confirmed/);
    expect((await services.cases.list(lead, otherId)).map((c) => c.ref)).toEqual(['HAND-1']);
    expect((await services.sampling.get(lead, otherId, plan.id)).state).toBe('proposed');
  });

  it('discards the confirmed sample before any answers, keeps both in the history, and draws again', async () => {
    const first = await services.sampling.confirm(lead, inspectionId, (await services.sampling.propose(lead, inspectionId, { fileName: 'first.csv', cases: population, parameters })).id);
    const firstRefs = (await services.cases.list(lead, inspectionId)).map((c) => c.ref).sort();
    expect(firstRefs.length).toBe(first.result.sample.length);
    // A second population cannot be confirmed (nor even proposed) while the first sample stands.
    await expect(services.sampling.propose(lead, inspectionId, { fileName: 'second.csv', cases: population, parameters: { ...parameters, seed: 12 } })).rejects.toBeInstanceOf(ValidationError);

    await expect(services.sampling.discardConfirmed(inspector, inspectionId, first.id, { reason: 'Wrong file' })).rejects.toBeInstanceOf(ForbiddenError);
    const noReason = await services.sampling.discardConfirmed(lead, inspectionId, first.id, { reason: ' ' }).catch((e: unknown) => e);
    expect((noReason as ValidationError).fields[0]).toMatchObject({ field: 'reason', message: expect.stringMatching(/^Enter why/) });

    await services.sampling.discardConfirmed(lead, inspectionId, first.id, { reason: 'Last year’s population file' });
    expect(await services.cases.list(lead, inspectionId)).toEqual([]);
    expect((await services.sampling.get(lead, inspectionId, first.id)).state).toBe('discarded');
    const history = await services.history.forInspection(lead, inspectionId);
    const deleted = history.filter((h) => h.entity === 'case' && h.action === 'delete').map((h) => (h.before as { ref: string }).ref).sort();
    expect(deleted).toEqual(firstRefs);
    expect(history.some((h) => h.entity === 'sampling-plan' && h.action === 'discard-confirmed' && h.reason === 'Last year’s population file')).toBe(true);

    const second = await services.sampling.confirm(lead, inspectionId, (await services.sampling.propose(lead, inspectionId, { fileName: 'second.csv', cases: population, parameters: { ...parameters, seed: 12 } })).id);
    expect(second.state).toBe('confirmed');
    expect((await services.sampling.list(lead, inspectionId)).map((p) => p.state).sort()).toEqual(['confirmed', 'discarded']);
    const hist2 = await services.history.forInspection(lead, inspectionId);
    expect(hist2.filter((h) => h.entity === 'sampling-plan' && h.action === 'confirm').map((h) => h.entityId).sort()).toEqual([first.id, second.id].sort());

    // Once a case has answers, the sample changes case by case only.
    const [one] = await services.cases.list(lead, inspectionId);
    // Case work happens in fieldwork (the workflow gates).
    { const ins = await services.inspections.get(lead, inspectionId); if (ins.phase === 'planning') await services.inspections.setPhase(lead, inspectionId, { phase: 'fieldwork', version: ins.version }); }
    await services.cases.saveAnswers(lead, one!.id, { answers: [{ questionId: '2.1.1', answer: 'yes', version: 0 }] });
    const late = await services.sampling.discardConfirmed(lead, inspectionId, second.id, { reason: 'Changed my mind' }).catch((e: unknown) => e);
    expect(late).toBeInstanceOf(ValidationError);
    expect((late as ValidationError).fields[0]!.message).toContain(`assessment has started on ${one!.ref}`);
    expect((await services.cases.list(lead, inspectionId)).length).toBe(second.result.sample.length);
  });

  it('offers the discard (with a confirmation) and adding a case by hand on the web', async () => {
    const cookie = await signIn(app, 'lead@example.org');
    const plans = await services.sampling.list(lead, inspectionId);
    const confirmed = plans.find((p) => p.state === 'confirmed')!;
    const planPage = await app.inject({ url: `/inspections/${inspectionId}/sampling/${confirmed.id}`, headers: { cookie } });
    expect(planPage.body).toContain(`/sampling/${confirmed.id}/discard-confirmed`);
    expect(planPage.body).toContain('/sampling/add-case');

    const post = async (url: string, fields: Record<string, string>) => {
      const form = await app.inject({ url, headers: { cookie } });
      const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
      const secret = form.cookies.find((c) => c.name === 'yjinspect_csrf')!;
      return app.inject({
        method: 'POST', url, headers: { cookie: `${cookie}; yjinspect_csrf=${secret.value}`, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: token.replace(/&#x2F;/g, '/').replace(/&#x3D;/g, '='), ...fields }).toString(),
      });
    };
    const refused = await post(`/inspections/${inspectionId}/sampling/${confirmed.id}/discard-confirmed`, { reason: 'Try again', version: String(confirmed.version) });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('assessment has started on');

    const missing = await post(`/inspections/${inspectionId}/sampling/add-case`, { ref: 'HAND-2' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Choose the domain');
    const added = await post(`/inspections/${inspectionId}/sampling/add-case`, {
      ref: 'HAND-2', domain: '3', disposalType: 'triage', gender: 'female', ageBand: '10-14', ethnicity: 'mixed', riskOfSeriousHarm: 'low', safetyAndWellbeing: 'medium',
    });
    expect(added.statusCode, added.body).toBe(303);
    expect((await services.cases.list(lead, inspectionId)).some((c) => c.ref === 'HAND-2')).toBe(true);
  });

  it('refuses a proposal confirmed from a page opened before another sample was confirmed, naming the rule', async () => {
    // Confirming one proposal deletes the others, so the second "Confirm" finds no plan: it is the one-sample rule's refusal, not a 404.
    const svc = (await services.inspections.get(lead, inspectionId)).serviceId;
    const { id } = await services.inspections.create(null, { serviceId: svc, title: 'Westshire, two tabs', frameworkVersion: '2018' });
    await services.accounts.grantRole(null, id, { accountId: lead.id, role: 'lead-inspector' });
    const me = (await services.accounts.loadUser(lead.id))!;
    const plans = [];
    for (const seed of [21, 22, 23]) plans.push(await services.sampling.propose(me, id, { fileName: `p${seed}.csv`, cases: population, parameters: { ...parameters, seed } }));
    const first = await services.sampling.confirm(me, id, plans[0]!.id, { version: plans[0]!.version });
    const n = first.result.sample.length;
    const err = await services.sampling.confirm(me, id, plans[1]!.id, { version: plans[1]!.version }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).fields[0]).toMatchObject({ field: 'confirm', message: expect.stringMatching(new RegExp(`^This inspection already has ${n} cases, so this sample cannot be confirmed`)) });
    expect((await services.cases.list(me, id)).length).toBe(n);

    // On the web: the confirmed sample's page with the refusal, never "Page not found".
    const cookie = await signIn(app, 'lead@example.org');
    const form = await app.inject({ url: `/inspections/${id}/sampling/${first.id}`, headers: { cookie } });
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const secret = form.cookies.find((x) => x.name === 'yjinspect_csrf')!;
    const refused = await app.inject({
      method: 'POST', url: `/inspections/${id}/sampling/${plans[2]!.id}/confirm`,
      headers: { cookie: `${cookie}; yjinspect_csrf=${secret.value}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: token.replace(/&#x2F;/g, '/').replace(/&#x3D;/g, '='), version: String(plans[2]!.version) }).toString(),
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain(`This inspection already has ${n} cases, so this sample cannot be confirmed`);
    expect(refused.body).toContain('id="confirmed-by"');
    expect(refused.body).toContain('href="#confirmed-by"');
    expect((await services.cases.list(me, id)).length).toBe(n);
  });
});
