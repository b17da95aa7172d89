/**
 * A sampled reparation order stays a reparation order from the population file to the case and the report,
 * and migration 0710 recodes the ones stored as `other-court` before, where the case's own population row
 * says so, and nothing else. On PGlite and (TEST_DATABASE_URL) PostgreSQL.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PopulationCase } from '../../src/core/sampling/index.js';
import { createServices, type Services, type User } from '../../src/app/index.js';
import { loadMigrations, migrate, type Store } from '../../src/store/index.js';
import { databaseKinds, testDatabase, type TestDatabase } from '../store/harness.js';
import { completeAnswers } from '../server/harness.js';

const PASSWORD = 'correct horse battery staple';

const person = { startDate: '2025-01-10', gender: 'Male', ageBand: '15-17', ethnicity: 'White', riskOfSeriousHarm: 'Low', safetyAndWellbeing: 'Medium' } as const;
/** Everything is sampled: 6 court cases (3 reparation orders) and 4 out-of-court. */
const population: PopulationCase[] = [
  ...['Reparation order', 'Reparation order', 'Reparation order', 'Referral order', 'Referral order', 'Licence'].map((disposalType, i) => ({ ...person, ref: `RP${i + 1}`, disposalType })),
  ...['Youth conditional caution', 'Youth caution', 'Triage', 'Community resolution'].map((disposalType, i) => ({ ...person, ref: `OC${i + 1}`, disposalType })),
] as PopulationCase[];

describe.each(databaseKinds)('the vocabulary in the store on %s', (kind) => {
  let db: TestDatabase, store: Store, services: Services, lead: User;

  async function setUp(migrations = loadMigrations()): Promise<{ inspectionId: string; otherId: string }> {
    db = testDatabase(kind);
    store = await db.open({ migrate: false });
    await migrate(store, migrations);
    services = createServices(store);
    await services.accounts.create(null, { email: 'lead@example.org', displayName: 'Lena Lead', password: PASSWORD });
    const account = await services.accounts.findByEmail(null, 'lead@example.org');
    const service = await services.inspections.createService(null, { name: 'Westshire Youth Justice Service' });
    const ids: string[] = [];
    for (const title of ['Westshire 2025', 'Westshire 2024']) {
      const { id } = await services.inspections.create(null, { serviceId: service.id, title, frameworkVersion: '2018' });
      await services.accounts.grantRole(null, id, { accountId: account!.id, role: 'lead-inspector' });
      ids.push(id);
    }
    lead = (await services.accounts.signIn('lead@example.org', PASSWORD, '127.0.0.1')).user;
    return { inspectionId: ids[0]!, otherId: ids[1]! };
  }

  async function confirmSample(inspectionId: string): Promise<void> {
    const plan = await services.sampling.propose(lead, inspectionId, { fileName: 'population.csv', cases: population, parameters: { seed: 7, confidence: 80, margin: 5 } });
    await services.sampling.confirm(lead, inspectionId, plan.id);
  }

  afterEach(async () => {
    await store?.close();
    await db?.cleanup();
  });

  it('creates a sampled reparation order as one, and the report counts it under its printed name', async () => {
    const { inspectionId } = await setUp();
    await confirmSample(inspectionId);
    const cases = await services.cases.list(lead, inspectionId);
    expect(cases.filter((c) => c.ref.startsWith('RP') && c.disposalType === 'reparation-order').map((c) => c.ref).sort()).toEqual(['RP1', 'RP2', 'RP3']);
    expect(cases.some((c) => c.disposalType === 'other-court')).toBe(false);
    // The report counts finished cases: every sampled case assessed and submitted, in fieldwork.
    const ins = await services.inspections.get(lead, inspectionId);
    await services.inspections.setPhase(lead, inspectionId, { phase: 'fieldwork', version: ins.version });
    for (const c of cases) {
      const saved = await services.cases.saveAnswers(lead, c.id, { answers: completeAnswers(c.domain) });
      await services.cases.transition(lead, c.id, { action: 'submit', version: saved.caseVersion });
    }
    const data = await services.reports.data(lead, inspectionId);
    const court = data.report?.caseSample?.court;
    expect(court?.byDisposal).toContainEqual({ label: 'Reparation order', count: 3 });
    expect(court?.byDisposal?.map((b) => b.label).sort()).toEqual(['Licence', 'Referral order', 'Reparation order']);
    expect(data.report?.caseSample?.outOfCourt?.byDisposal?.map((b) => b.label).sort())
      .toEqual(['Community resolution', 'Triage', 'Youth caution', 'Youth conditional caution']);
  });

  it('migration 0710 recodes the sampled reparation orders stored as other-court, and nothing it would have to guess', async () => {
    // Every migration but 0710 (the code reads columns that later ones add), then 0710 alone on the old codes.
    const before0710 = loadMigrations().filter((m) => m.version !== '0710');
    const { inspectionId, otherId } = await setUp(before0710);
    await confirmSample(inspectionId);
    await confirmSample(otherId);
    // As the code before the vocabulary stored them.
    await store.query(`UPDATE cases SET disposal_type = 'other-court' WHERE disposal_type = 'reparation-order'`);
    // A case recorded by hand as another court disposal: nothing says what it was.
    await services.cases.create(lead, inspectionId, { ref: 'HAND1', domain: 2, disposalType: 'other-court', gender: 'male', ageBand: '15-17', ethnicity: 'white', riskOfSeriousHarm: 'low', safetyAndWellbeing: 'low' });
    // A published report printed what it printed.
    await store.query(`UPDATE inspections SET phase = 'published' WHERE id = $1`, [otherId]);

    expect(await migrate(store)).toContain('0710');

    const rows = await store.query<{ inspection_id: string; ref: string; disposal_type: string; version: number }>(
      `SELECT inspection_id, ref, disposal_type, version FROM cases WHERE ref LIKE 'RP%' OR ref = 'HAND1' ORDER BY inspection_id, ref`,
    );
    const of = (id: string) => Object.fromEntries(rows.filter((r) => r.inspection_id === id).map((r) => [r.ref, r.disposal_type]));
    expect(of(inspectionId)).toEqual({ HAND1: 'other-court', RP1: 'reparation-order', RP2: 'reparation-order', RP3: 'reparation-order', RP4: 'referral-order', RP5: 'referral-order', RP6: 'licence' });
    expect(of(otherId)).toEqual({ RP1: 'other-court', RP2: 'other-court', RP3: 'other-court', RP4: 'referral-order', RP5: 'referral-order', RP6: 'licence' });
    // A recoded case is a changed record: a page holding the old version must reload it.
    expect(rows.filter((r) => r.inspection_id === inspectionId && r.disposal_type === 'reparation-order').map((r) => r.version)).toEqual([2, 2, 2]);

    const history = await store.query<{ case_id: string; action: string; before: unknown; after: unknown; reason: string }>(
      `SELECT case_id, action, before, after, reason FROM history WHERE entity = 'case' AND action = 'update'`,
    );
    expect(history).toHaveLength(3);
    for (const h of history) {
      expect(h.before).toEqual({ disposalType: 'other-court' });
      expect(h.after).toEqual({ disposalType: 'reparation-order' });
      expect(h.reason).toMatch(/Reparation order/);
    }
    expect(await migrate(store)).toEqual([]);
  });
});
