/**
 * Sampling plans in the store (src/sampling-store), on PGlite and (TEST_DATABASE_URL) PostgreSQL: the plan
 * survives a restart; overrides and replacements record who, when and why; confirming creates every case in
 * one transaction or none; a replacement takes the reserve that keeps the balance best; only the lead samples.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawSample, replaceCase, type PopulationCase } from '../../src/core/sampling/index.js';
import { parsePopulationCsv } from '../../src/population/index.js';
import { samplingService, type SamplingService } from '../../src/app/sampling/index.js';
import { createServices, ForbiddenError, ValidationError, type Services, type User } from '../../src/app/index.js';
import type { Store } from '../../src/store/index.js';
import { databaseKinds, testDatabase, type TestDatabase } from '../store/harness.js';

const PASSWORD = 'correct horse battery staple';
const population: PopulationCase[] = parsePopulationCsv(
  readFileSync(fileURLToPath(new URL('fixtures/population-medium.csv', import.meta.url)), 'utf8'),
  'population-medium.csv',
);
const parameters = { seed: 20250602, confidence: 80, margin: 5, fieldwork: '2025-06-02' };

describe.each(databaseKinds)('sampling plans on %s', (kind) => {
  let db: TestDatabase, store: Store, services: Services, sampling: SamplingService;
  let lead: User, inspector: User, inspectionId: string, otherInspectionId: string, planId: string;

  async function open(): Promise<void> {
    store = await db.open();
    services = createServices(store);
    sampling = samplingService(store);
  }

  beforeAll(async () => {
    db = testDatabase(kind);
    await open();
    for (const [email, displayName] of [['lead@example.org', 'Lena Lead'], ['inspector@example.org', 'Ivan Inspector']]) {
      await services.accounts.create(null, { email, displayName, password: PASSWORD });
    }
    const service = await services.inspections.createService(null, { name: 'Westshire Youth Justice Service' });
    ({ id: inspectionId } = await services.inspections.create(null, { serviceId: service.id, title: 'Westshire 2025', frameworkVersion: '2018' }));
    ({ id: otherInspectionId } = await services.inspections.create(null, { serviceId: service.id, title: 'Westshire mock 2025', frameworkVersion: '2018' }));
    for (const id of [inspectionId, otherInspectionId]) {
      for (const [email, role] of [['lead@example.org', 'lead-inspector'], ['inspector@example.org', 'inspector']] as const) {
        const account = await services.accounts.findByEmail(null, email);
        await services.accounts.grantRole(null, id, { accountId: account!.id, role });
      }
    }
    lead = (await services.accounts.signIn('lead@example.org', PASSWORD, '127.0.0.1')).user;
    inspector = (await services.accounts.signIn('inspector@example.org', PASSWORD, '127.0.0.1')).user;
  }, 120_000);

  afterAll(async () => {
    await store?.close();
    await db?.cleanup();
  });

  it('keeps the proposal: population, seed and parameters give back the same draw', async () => {
    const plan = await sampling.propose(lead, inspectionId, { fileName: 'population-medium.csv', cases: population, parameters });
    planId = plan.id;
    const expected = drawSample(population, { ...parameters, framework: '2018' });
    expect(plan.state).toBe('proposed');
    expect(plan.seed).toBe(20250602);
    expect(plan.createdBy).toBe('Lena Lead');
    expect(plan.result.sample.map((c) => c.ref)).toEqual(expected.sample.map((c) => c.ref));
    expect(plan.result.reserve.map((c) => c.ref)).toEqual(expected.reserve.map((c) => c.ref));
    const rows = await store.query<{ n: number }>(`SELECT count(*)::int AS n FROM sampling_population WHERE plan_id = $1`, [planId]);
    expect(rows[0]!.n).toBe(population.length);
    // Classifications only: the stored population has no column a name could sit in.
    const columns = await store.query<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_name = 'sampling_population' AND table_schema = current_schema()`);
    expect(columns.map((c) => c.column_name).sort()).toEqual(['age_band', 'disposal_type', 'ethnicity', 'gender', 'plan_id', 'ref', 'risk_of_serious_harm', 'safety_and_wellbeing', 'start_date']);
  });

  it('refuses name-shaped refs and other roles, with a message a person can act on', async () => {
    const named = [{ ...population[0]!, ref: 'John Smith' }, ...population.slice(1)];
    await expect(sampling.propose(lead, inspectionId, { fileName: 'x.csv', cases: named, parameters })).rejects.toThrow(/pseudonymous/);
    await expect(sampling.propose(inspector, inspectionId, { fileName: 'x.csv', cases: population, parameters })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(sampling.get(inspector, inspectionId, planId)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(sampling.override(inspector, inspectionId, planId, { domain: 'court', sample: 20, reason: 'x' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(sampling.confirm(inspector, inspectionId, planId)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('records each override with who, when and why, and refuses one without a reason or beyond the population', async () => {
    const before = Date.now();
    await expect(sampling.override(lead, inspectionId, planId, { domain: 'court', sample: 24, reason: '  ' })).rejects.toBeInstanceOf(ValidationError);
    await expect(sampling.override(lead, inspectionId, planId, { domain: 'court', sample: 500, reason: 'More' })).rejects.toBeInstanceOf(ValidationError);
    const plan = await sampling.override(lead, inspectionId, planId, { domain: 'court', sample: 24, reason: 'One week of fieldwork with four inspectors', version: 1 });
    expect(plan.overrides).toEqual([expect.objectContaining({ domain: 'court', from: 50, sample: 24, reason: 'One week of fieldwork with four inspectors', by: 'Lena Lead' })]);
    expect(Date.parse(plan.overrides[0]!.at)).toBeGreaterThanOrEqual(before - 5_000);
    expect(plan.result.sizes.domains.find((d) => d.domain === 'court')!.sample).toBe(24);
    // A stale version is refused rather than overwriting someone else's change.
    await expect(sampling.override(lead, inspectionId, planId, { domain: 'court', sample: 25, reason: 'Again', version: 1 })).rejects.toThrow(/changed this sampling plan/);
    const history = await services.history.forInspection(lead, inspectionId);
    expect(history.find((h) => h.entity === 'sampling-plan' && h.action === 'override')).toMatchObject({ actorName: 'Lena Lead', reason: 'One week of fieldwork with four inspectors' });
  });

  it('discards a proposal with its population, for the lead only, and never a confirmed one', async () => {
    const wrong = await sampling.propose(lead, inspectionId, { fileName: 'wrong-file.csv', cases: population, parameters: { ...parameters, seed: 11 } });
    await expect(sampling.discard(inspector, inspectionId, wrong.id, { version: wrong.version })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(sampling.discard(lead, inspectionId, wrong.id, { version: wrong.version + 1 })).rejects.toThrow(/since you loaded it/);
    await sampling.discard(lead, inspectionId, wrong.id, { version: wrong.version });
    expect((await sampling.list(lead, inspectionId)).map((p) => p.id)).not.toContain(wrong.id);
    const left = await store.query<{ n: number }>(`SELECT count(*)::int AS n FROM sampling_population WHERE plan_id = $1`, [wrong.id]);
    expect(left[0]!.n).toBe(0);
    const history = await services.history.forInspection(lead, inspectionId);
    expect(history.find((h) => h.entity === 'sampling-plan' && h.action === 'discard' && h.entityId === wrong.id)).toBeDefined();
    // A second proposal left unconfirmed: confirming the first discards it (checked in the next test).
    await sampling.propose(lead, inspectionId, { fileName: 'second-thoughts.csv', cases: population, parameters: { ...parameters, seed: 12 } });
  });

  it('confirms all or nothing: a clash on the last case leaves no case behind', async () => {
    const plan = await sampling.propose(lead, otherInspectionId, { fileName: 'population-medium.csv', cases: population, parameters });
    const last = plan.result.sample[plan.result.sample.length - 1]!;
    await services.cases.create(lead, otherInspectionId, { ref: last.ref, domain: 3, disposalType: 'triage', gender: 'male', ageBand: '15-17', ethnicity: 'white', riskOfSeriousHarm: 'low', safetyAndWellbeing: 'low' });
    const err = await sampling.confirm(lead, otherInspectionId, plan.id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    // One sample per inspection: an inspection with a case already refuses the whole sample before any insert.
    expect((err as ValidationError).fields[0]!.message).toMatch(/already has 1 case/);
    expect((await services.cases.list(lead, otherInspectionId)).map((c) => c.ref)).toEqual([last.ref]);
    expect((await sampling.get(lead, otherInspectionId, plan.id)).state).toBe('proposed');
    const selection = await store.query(`SELECT 1 FROM sampling_selection WHERE plan_id = $1`, [plan.id]);
    expect(selection).toHaveLength(0);
  });

  it('confirms: every sampled case created in one go, the selection and reserve list recorded', async () => {
    const proposed = await sampling.get(lead, inspectionId, planId);
    const plan = await sampling.confirm(lead, inspectionId, planId, { version: proposed.version });
    expect(plan.state).toBe('confirmed');
    expect(plan.confirmedBy).toBe('Lena Lead');
    const cases = await services.cases.list(lead, inspectionId);
    expect(cases.map((c) => c.ref).sort()).toEqual(proposed.result.sample.map((c) => c.ref).sort());
    expect(cases.filter((c) => c.domain === 2)).toHaveLength(24);
    expect(cases.filter((c) => c.domain === 3)).toHaveLength(16);
    expect(Object.keys(plan.caseIds).sort()).toEqual(cases.map((c) => c.ref).sort());
    expect(plan.result.reserve.map((c) => c.ref)).toEqual(proposed.result.reserve.map((c) => c.ref));
    const history = await services.history.forInspection(lead, inspectionId);
    expect(history.filter((h) => h.entity === 'case' && h.action === 'create')).toHaveLength(40);
    expect(history.find((h) => h.entity === 'sampling-plan' && h.action === 'confirm')).toBeDefined();
    // The other proposal went with the confirmation; only the confirmed plan is kept.
    expect((await sampling.list(lead, inspectionId)).map((p) => [p.id, p.state])).toEqual([[planId, 'confirmed']]);
    expect(history.filter((h) => h.entity === 'sampling-plan' && h.action === 'discard')).toHaveLength(2);
    await expect(sampling.discard(lead, inspectionId, planId)).rejects.toThrow(/confirmed and its cases exist/);
    await expect(sampling.confirm(lead, inspectionId, planId)).rejects.toThrow(/already confirmed/);
    await expect(sampling.propose(lead, inspectionId, { fileName: 'again.csv', cases: population, parameters })).rejects.toThrow(/already confirmed/);
    // The report's methodology may show the confirmed precision to anyone on the inspection, not the plan itself.
    expect(await sampling.confirmedPrecision(inspector, inspectionId)).toEqual({ confidence: 80, margin: 5 });
    expect(await sampling.confirmedPrecision(lead, otherInspectionId)).toBeNull();
  });

  it('replaces a case with the reserve that keeps the balance best, recording who, when and why', async () => {
    const plan = await sampling.get(lead, inspectionId, planId);
    const out = plan.result.sample.find((c) => c.domain === 'court')!;
    const expected = replaceCase(plan.result, { ref: out.ref, by: 'anyone', at: new Date().toISOString(), reason: 'x' }).replacements[0]!.added;
    const ivan = (await services.accounts.findByEmail(null, 'inspector@example.org'))!;
    const outCase = (await services.cases.list(lead, inspectionId)).find((c) => c.ref === out.ref)!;
    await services.cases.assign(lead, outCase.id, { assessorId: ivan.id, version: outCase.version });

    await expect(sampling.replace(inspector, inspectionId, planId, { ref: out.ref, reason: 'File missing' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(sampling.replace(lead, inspectionId, planId, { ref: out.ref, reason: '' })).rejects.toBeInstanceOf(ValidationError);
    const before = Date.now();
    const { plan: after, replacement } = await sampling.replace(lead, inspectionId, planId, { ref: out.ref, reason: 'The case file cannot be found', version: plan.version });
    expect(replacement).toMatchObject({ domain: 'court', removed: out.ref, added: expected, reason: 'The case file cannot be found', by: 'Lena Lead' });
    expect(Date.parse(replacement.at)).toBeGreaterThanOrEqual(before - 5_000);
    expect(after.result.sample.find((c) => c.ref === expected)!.position).toBe(out.position);
    expect(after.result.sample.some((c) => c.ref === out.ref)).toBe(false);
    expect(after.result.reserve.some((c) => c.ref === expected)).toBe(false);
    expect(after.result.reserve.filter((c) => c.domain === 'court').map((c) => c.rank)).toEqual(
      Array.from({ length: plan.result.reserve.filter((c) => c.domain === 'court').length - 1 }, (_, i) => i + 1));

    const cases = await services.cases.list(lead, inspectionId);
    expect(cases).toHaveLength(40);
    expect(cases.some((c) => c.ref === out.ref)).toBe(false);
    expect(cases.find((c) => c.ref === expected)).toMatchObject({ domain: 2, assessorId: ivan.id, state: 'not-started' });
    const history = await services.history.forInspection(lead, inspectionId);
    expect(history.find((h) => h.entity === 'sampling-plan' && h.action === 'replace')).toMatchObject({ actorName: 'Lena Lead', reason: 'The case file cannot be found', before: { ref: out.ref } });
    const deleted = history.find((h) => h.entity === 'case' && h.action === 'delete')!;
    expect(deleted.reason).toContain('The case file cannot be found');
    expect(deleted.before).toMatchObject({ ref: out.ref, assessorId: ivan.id, state: 'not-started' });
  });

  it('refuses to replace a case that has answers, and changes nothing', async () => {
    const plan = await sampling.get(lead, inspectionId, planId);
    const started = (await services.cases.list(lead, inspectionId)).find((c) => c.domain === 2)!;
    // Case work happens in fieldwork (the workflow gates).
    { const ins = await services.inspections.get(lead, inspectionId); if (ins.phase === 'planning') await services.inspections.setPhase(lead, inspectionId, { phase: 'fieldwork', version: ins.version }); }
    await services.cases.saveAnswers(lead, started.id, { answers: [{ questionId: '2.1.1', answer: 'yes', version: 0 }] });
    await expect(sampling.replace(lead, inspectionId, planId, { ref: started.ref, reason: 'Moved away' })).rejects.toThrow(/discard its assessment/);
    const again = await sampling.get(lead, inspectionId, planId);
    expect(again.version).toBe(plan.version);
    expect(again.result.sample.map((c) => c.ref)).toEqual(plan.result.sample.map((c) => c.ref));
  });

  it('lets only one of two simultaneous confirmations create the cases', async () => {
    const service = await services.inspections.createService(null, { name: 'Eastshire Youth Justice Service' });
    const { id } = await services.inspections.create(null, { serviceId: service.id, title: 'Eastshire 2025', frameworkVersion: '2018' });
    const account = await services.accounts.findByEmail(null, 'lead@example.org');
    await services.accounts.grantRole(null, id, { accountId: account!.id, role: 'lead-inspector' });
    const me = (await services.accounts.signIn('lead@example.org', PASSWORD, '127.0.0.1')).user;
    const plan = await sampling.propose(me, id, { fileName: 'population-small.csv', cases: population.slice(0, 30), parameters: { seed: 7 } });
    const outcomes = await Promise.allSettled([sampling.confirm(me, id, plan.id), sampling.confirm(me, id, plan.id)]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected')!;
    expect(String(refused.reason)).toMatch(/already confirmed|at the same time/);
    expect(await services.cases.list(me, id)).toHaveLength(plan.result.sample.length);
  });

  it('still shows the plan after a restart on the same database', async () => {
    const before = await sampling.get(lead, inspectionId, planId);
    await store.close();
    await open();
    const after = await sampling.get(lead, inspectionId, planId);
    expect(after.state).toBe('confirmed');
    expect(after.result.sample.map((c) => c.ref)).toEqual(before.result.sample.map((c) => c.ref));
    expect(after.result.reserve.map((c) => c.ref)).toEqual(before.result.reserve.map((c) => c.ref));
    expect(after.result.sizes).toEqual(before.result.sizes);
    expect(after.overrides).toEqual(before.overrides);
    expect(after.replacements).toEqual(before.replacements);
    expect((await sampling.list(lead, inspectionId)).map((p) => p.id)).toEqual([planId]);
  });
});
