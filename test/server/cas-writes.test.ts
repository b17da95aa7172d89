/**
 * Same-version races on every versioned record, run on PGlite and (TEST_DATABASE_URL) on PostgreSQL, where
 * the ten writers are spread over two service graphs with their own connection pools on one schema, as two
 * server instances would be. Each race: exactly one write accepted, the rest 409 (never a 500); first
 * creations under a unique key likewise; state moves leave one history entry; publication stays final.
 */
import { completePanelWork } from '../support/workflow.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PopulationCase } from '../../src/core/sampling/index.js';
import { libraryService } from '../../src/app/library/index.js';
import { buildApp } from '../../src/server/app.js';
import { testConfig } from '../../src/server/config.js';
import { parsePopulationCsv } from '../../src/population/index.js';
import { samplingService } from '../../src/app/sampling/index.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../src/app/errors.js';
import { createServices, type Services, type User } from '../../src/app/index.js';
import type { Store } from '../../src/store/index.js';
import { seedPath } from '../library/seeds.js';
import { databaseKinds, testDatabase, type TestDatabase } from '../store/harness.js';
import { completeAnswers, PASSWORD, ROLE_EMAILS, seedFixture, type Who } from './harness.js';

const WRITERS = 10;
const ROUNDS = 2;

type Graph = Services & { sampling: ReturnType<typeof samplingService>; library: ReturnType<typeof libraryService> };

interface Tally {
  ok: number;
  conflicts: number;
  /** Refused because the record is gone (a removal) or read-only now (published): only where the test says. */
  refused: number;
  /** Anything but success or a 409: must stay empty. */
  other: string[];
}

const population: PopulationCase[] = parsePopulationCsv(
  readFileSync(fileURLToPath(new URL('../sampling/fixtures/population-medium.csv', import.meta.url)), 'utf8'),
  'population-medium.csv',
);

describe.each(databaseKinds)('compare-and-set writes on %s', (kind) => {
  let db: TestDatabase;
  let stores: Store[];
  let graphs: Graph[];
  let seeded: Awaited<ReturnType<typeof seedFixture>>;
  const users = {} as Record<Who, User>;

  /** `WRITERS` attempts at once, alternating between the two instances. */
  async function race(attempt: (s: Graph, i: number) => Promise<unknown>): Promise<Tally> {
    const results = await Promise.allSettled(Array.from({ length: WRITERS }, (_, i) => attempt(graphs[i % graphs.length]!, i)));
    const tally: Tally = { ok: 0, conflicts: 0, refused: 0, other: [] };
    for (const r of results) {
      if (r.status === 'fulfilled') tally.ok++;
      else if (r.reason instanceof ConflictError) tally.conflicts++;
      else if (r.reason instanceof NotFoundError || r.reason instanceof ForbiddenError) tally.refused++;
      else tally.other.push(String((r.reason as Error)?.stack ?? r.reason));
    }
    return tally;
  }
  const one: Tally = { ok: 1, conflicts: WRITERS - 1, refused: 0, other: [] };
  /**
   * One accepted; each of the others a 409, or, when it reads only after the winner committed (always so on
   * PGlite), what a late request gets: 404 for a removed record, 403 for a published inspection.
   */
  const oneThenRefused = (t: Tally) => {
    expect(t).toMatchObject({ ok: 1, other: [] });
    expect(t.conflicts + t.refused).toBe(WRITERS - 1);
  };
  const a = () => graphs[0]!;
  const historyOf = async (caseId: string, action: string) =>
    (await a().history.forCase(users.lead, caseId)).filter((h) => h.entity === 'case' && h.action === action).length;

  beforeAll(async () => {
    db = testDatabase(kind);
    const first = await db.open();
    // PGlite is one process's embedded database; PostgreSQL gets a second pool, as a second server would have.
    stores = kind === 'postgresql' ? [first, await db.open()] : [first];
    graphs = stores.map((s) => ({ ...createServices(s), sampling: samplingService(s), library: libraryService(s) }));
    seeded = await seedFixture(a());
    for (const who of Object.keys(seeded.accountIds) as Who[]) users[who] = (await a().accounts.loadUser(seeded.accountIds[who]))!;
  }, 120_000);

  afterAll(async () => {
    for (const s of stores ?? []) await s.close();
    await db?.cleanup();
  });

  it('inspection details: one of ten same-version edits', async () => {
    for (let r = 0; r < ROUNDS; r++) {
      const { version } = await a().inspections.get(users.lead, seeded.inspectionId);
      expect(await race((s, i) => s.inspections.updateDetails(users.lead, seeded.inspectionId, { title: `Test inspection ${r}.${i}`, version }))).toEqual(one);
      expect((await a().inspections.get(users.lead, seeded.inspectionId)).version).toBe(version + 1);
    }
  });

  it('case classification and assignment: one of ten same-version edits', async () => {
    const caseId = seeded.caseIds.C02;
    for (let r = 0; r < ROUNDS; r++) {
      const c = await a().cases.get(users.lead, caseId);
      const input = { ref: c.ref, domain: c.domain, disposalType: c.disposalType, gender: c.gender, ageBand: c.ageBand, ethnicity: c.ethnicity, riskOfSeriousHarm: c.riskOfSeriousHarm, safetyAndWellbeing: c.safetyAndWellbeing };
      expect(await race((s, i) => s.cases.update(users.lead, caseId, { ...input, ageBand: i % 2 ? '10-14' : '15-17', version: c.version }))).toEqual(one);
      const assessors = [seeded.accountIds.assessor, seeded.accountIds.otherAssessor, null];
      expect(await race((s, i) => s.cases.assign(users.lead, caseId, { assessorId: assessors[i % 3], version: c.version + 1 }))).toEqual(one);
      expect((await a().cases.get(users.lead, caseId)).version).toBe(c.version + 2);
    }
  });

  it('case states: ten starts, submits, quality assurances and returns each leave one history entry', async () => {
    const base = { domain: 2, disposalType: 'referral-order', gender: 'male', ageBand: '15-17', ethnicity: 'white', riskOfSeriousHarm: 'low', safetyAndWellbeing: 'low', assessorId: seeded.accountIds.assessor } as const;
    for (let r = 0; r < ROUNDS; r++) {
      const c = await a().cases.create(users.lead, seeded.inspectionId, { ...base, ref: `ST${r}` });
      expect(await race((s) => s.cases.transition(users.assessor, c.id, { action: 'start', version: c.version }))).toEqual(one);
      expect(await historyOf(c.id, 'start')).toBe(1);
      const saved = await a().cases.saveAnswers(users.assessor, c.id, { answers: completeAnswers(2) });
      expect(await race((s) => s.cases.transition(users.assessor, c.id, { action: 'submit', version: saved.caseVersion }))).toEqual(one);
      expect(await race((s) => s.cases.transition(users.lead, c.id, { action: 'quality-assure', version: saved.caseVersion + 1 }))).toEqual(one);
      expect(await race((s, i) => s.cases.transition(users.lead, c.id, { action: 'return', reason: `Look again ${i}`, version: saved.caseVersion + 2 }))).toEqual(one);
      for (const action of ['submit', 'quality-assure', 'return']) expect(await historyOf(c.id, action)).toBe(1);
      expect(await a().cases.get(users.lead, c.id)).toMatchObject({ state: 'returned', version: saved.caseVersion + 3 });
    }
  });

  it('answers: ten first answers start the case once; ten same-version edits, one accepted', async () => {
    const questions = completeAnswers(2).map((q) => q.questionId);
    const base = { domain: 2, disposalType: 'referral-order', gender: 'female', ageBand: '10-14', ethnicity: 'white', riskOfSeriousHarm: 'low', safetyAndWellbeing: 'low', assessorId: seeded.accountIds.assessor } as const;
    for (let r = 0; r < ROUNDS; r++) {
      const c = await a().cases.create(users.lead, seeded.inspectionId, { ...base, ref: `AN${r}` });
      // Two answers a save (the transactional path), each writer its own pair: all accepted, one start.
      const all = await race((s, i) => s.cases.saveAnswers(users.assessor, c.id, {
        answers: [questions[2 * i]!, questions[2 * i + 1]!].map((questionId) => ({ questionId, answer: 'yes', version: 0 })),
      }));
      expect(all).toEqual({ ok: WRITERS, conflicts: 0, refused: 0, other: [] });
      expect(await historyOf(c.id, 'start')).toBe(1);
      expect((await a().cases.get(users.lead, c.id)).version).toBe(c.version + 1);
      // Ten creations of the same answers, then ten edits of them at the same version.
      const pair = questions.slice(2 * WRITERS, 2 * WRITERS + 2);
      expect(await race((s, i) => s.cases.saveAnswers(users.assessor, c.id, { answers: pair.map((questionId) => ({ questionId, answer: i % 2 ? 'yes' : 'no', version: 0 })) }))).toEqual(one);
      expect(await race((s, i) => s.cases.saveAnswers(users.assessor, c.id, { answers: pair.map((questionId) => ({ questionId, answer: i % 2 ? 'yes' : 'no', version: 1 })) }))).toEqual(one);
      // And the one-statement save of a single answer.
      expect(await race((s, i) => s.cases.saveAnswers(users.assessor, c.id, { answers: [{ questionId: pair[0]!, answer: i % 2 ? 'yes' : 'no', note: `writer ${i}`, version: 2 }] }))).toEqual(one);
    }
  });

  it('case references: of ten creations of one reference, or ten renames to it, one is accepted and the rest are 400s naming ref', async () => {
    const base = { domain: 2, disposalType: 'referral-order', gender: 'male', ageBand: '15-17', ethnicity: 'white', riskOfSeriousHarm: 'low', safetyAndWellbeing: 'low' } as const;
    const refused = (results: PromiseSettledResult<unknown>[]) => {
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results.filter((x): x is PromiseRejectedResult => x.status === 'rejected')) {
        expect(r.reason).toBeInstanceOf(ValidationError);
        expect((r.reason as ValidationError).fields.map((f) => f.field)).toEqual(['ref']);
      }
    };
    refused(await Promise.allSettled(Array.from({ length: WRITERS }, (_, i) => graphs[i % graphs.length]!.cases.create(users.lead, seeded.inspectionId, { ...base, ref: 'TWIN1' }))));
    const cases = [];
    for (let i = 0; i < WRITERS; i++) cases.push(await a().cases.create(users.lead, seeded.inspectionId, { ...base, ref: `RN${i}` }));
    refused(await Promise.allSettled(cases.map((c, i) => graphs[i % graphs.length]!.cases.update(users.lead, c.id, { ...base, ref: 'TWIN2', version: c.version }))));
  });

  it('answers racing a submit: no answer changes once the case is submitted', async () => {
    const base = { domain: 2, disposalType: 'referral-order', gender: 'male', ageBand: '10-14', ethnicity: 'white', riskOfSeriousHarm: 'low', safetyAndWellbeing: 'low', assessorId: seeded.accountIds.assessor } as const;
    for (let r = 0; r < ROUNDS; r++) {
      const c = await a().cases.create(users.lead, seeded.inspectionId, { ...base, ref: `SU${r}` });
      const saved = await a().cases.saveAnswers(users.assessor, c.id, { answers: completeAnswers(2) });
      // Writer 0 submits; the others each change one answer (the one-statement save), before it or refused.
      const tally = await race((s, i) => i === 0
        ? s.cases.transition(users.assessor, c.id, { action: 'submit', version: saved.caseVersion })
        : s.cases.saveAnswers(users.assessor, c.id, { answers: [{ questionId: saved.answers[i]!.questionId, answer: 'no', note: `late ${i}`, version: 1 }] }));
      expect(tally).toMatchObject({ conflicts: 0, other: [] });
      const history = await a().history.forCase(users.lead, c.id);
      const submitted = history.find((h) => h.entity === 'case' && h.action === 'submit');
      expect(submitted).toBeDefined();
      expect(history.filter((h) => h.entity === 'answer' && h.id > submitted!.id)).toEqual([]);
    }
  });

  it('domain 1 evidence and judgements: one of ten first records and of ten same-version edits', async () => {
    const item = await a().domain1.addEvidence(users.lead, seeded.inspectionId, { kind: 'document', what: 'Partnership plan', summary: 'Read in full', standardId: '1.1' });
    for (let r = 0; r < ROUNDS; r++) {
      expect(await race((s, i) => s.domain1.updateEvidence(users.inspector, item.id, { kind: 'document', what: 'Partnership plan', summary: `Read again ${i}`, standardId: '1.1', version: item.version + r }))).toEqual(one);
    }
    for (const standard of ['1.1', '1.2'].slice(0, ROUNDS)) {
      expect(await race((s, i) => s.domain1.recordJudgement(users.lead, seeded.inspectionId, standard, { rating: i % 2 ? 'Good' : 'Outstanding', rationale: `Rationale ${i}`, version: 0 }))).toEqual(one);
      expect(await race((s, i) => s.domain1.recordJudgement(users.lead, seeded.inspectionId, standard, { rating: 'Good', rationale: `Revised ${i}`, version: 1 }))).toEqual(one);
    }
  });

  it('discretion: one of ten first decisions, of ten revisions and of ten withdrawals', async () => {
    const y = await a().cases.get(users.lead, seeded.caseIds.Y01);
    if (y.answers.length === 0) {
      // Only finished cases count towards the figures the panel decides on.
      const saved = await a().cases.saveAnswers(users.lead, y.id, { answers: completeAnswers(3) });
      await a().cases.transition(users.lead, y.id, { action: 'submit', version: saved.caseVersion });
    }
    for (const standard of ['3.1', '3.2'].slice(0, ROUNDS)) {
      expect(await race((s, i) => s.discretion.record(users.panel, seeded.inspectionId, standard, { rating: 'Good', reason: `One case only (${i})`, version: 0 }))).toEqual(one);
      expect(await race((s, i) => s.discretion.record(users.panel, seeded.inspectionId, standard, { rating: 'Good', reason: `Revised (${i})`, version: 1 }))).toEqual(one);
      oneThenRefused(await race((s) => s.discretion.withdraw(users.panel, seeded.inspectionId, standard, { version: 2 })));
    }
  });

  it('recommendations: one of ten same-version edits, moves and removals; positions stay distinct', async () => {
    const add = (text: string) => a().recommendations.add(users.lead, seeded.inspectionId, { addressee: 'The YJS management board', text });
    const recs = [await add('First'), await add('Second'), await add('Third')];
    for (let r = 0; r < ROUNDS; r++) {
      const target = recs[1]!;
      const { version } = (await a().recommendations.list(users.lead, seeded.inspectionId)).find((x) => x.id === target.id)!;
      expect(await race((s, i) => s.recommendations.update(users.lead, target.id, { addressee: 'The YJS management board', text: `Second, revised ${i}`, version }))).toEqual(one);
      // Towards a neighbour: at either end a move changes nothing and is not a conflict.
      const group = await a().recommendations.list(users.lead, seeded.inspectionId);
      const direction = group[group.length - 1]!.id === target.id ? 'up' : 'down';
      expect(await race((s) => s.recommendations.move(users.lead, target.id, { direction, version: version + 1 }))).toEqual(one);
      const positions = (await a().recommendations.list(users.lead, seeded.inspectionId)).map((x) => x.position);
      expect(new Set(positions).size).toBe(positions.length);
    }
    const last = (await a().recommendations.list(users.lead, seeded.inspectionId)).find((x) => x.id === recs[2]!.id)!;
    oneThenRefused(await race((s) => s.recommendations.remove(users.lead, last.id, { version: last.version })));
  });

  it('findings and report sections: one of ten first saves and of ten same-version edits', async () => {
    for (const domain of ['1', '2'].slice(0, ROUNDS) as ('1' | '2')[]) {
      expect(await race((s, i) => s.findings.save(users.lead, seeded.inspectionId, { domain, strengths: [`Strength ${i}`], areas: [], version: 0 }))).toEqual(one);
      expect(await race((s, i) => s.findings.save(users.lead, seeded.inspectionId, { domain, strengths: [], areas: [`Area ${i}`], version: 1 }))).toEqual(one);
    }
    for (const section of ['foreword', 'background'].slice(0, ROUNDS)) {
      expect(await race((s, i) => s.reportText.save(users.lead, seeded.inspectionId, { section, body: [`Paragraph ${i}`], version: 0 }))).toEqual(one);
      expect(await race((s, i) => s.reportText.save(users.lead, seeded.inspectionId, { section, body: [`Revised ${i}`], version: 1 }))).toEqual(one);
    }
  });

  it('sampling plans: one of ten overrides, discards, confirmations and replacements', async () => {
    // One sample per inspection: the race runs on an inspection with no cases yet.
    const [svc] = await stores[0]!.query<{ id: string }>(`SELECT id FROM services LIMIT 1`);
    const { id: inspectionId } = await a().inspections.create(null, { serviceId: svc!.id, title: 'Sampling race', frameworkVersion: '2018' });
    await a().accounts.grantRole(null, inspectionId, { accountId: seeded.accountIds.lead, role: 'lead-inspector' });
    const lead = (await a().accounts.loadUser(seeded.accountIds.lead))!;
    const parameters = { seed: 20250602, confidence: 80, margin: 5, fieldwork: '2025-06-02' };
    const plan = await a().sampling.propose(lead, inspectionId, { fileName: 'population-medium.csv', cases: population, parameters });
    const spare = await a().sampling.propose(lead, inspectionId, { fileName: 'second.csv', cases: population, parameters: { ...parameters, seed: 7 } });
    const court = plan.result.sizes.domains.find((d) => d.domain === 'court')!;
    expect(await race((s, i) => s.sampling.override(lead, inspectionId, plan.id, { domain: 'court', sample: court.sample - 1 - (i % 2), reason: `Writer ${i}`, version: plan.version }))).toEqual(one);
    oneThenRefused(await race((s) => s.sampling.discard(lead, inspectionId, spare.id, { version: spare.version })));
    expect(await race((s) => s.sampling.confirm(lead, inspectionId, plan.id, { version: plan.version + 1 }))).toEqual(one);
    const confirmed = await a().sampling.get(lead, inspectionId, plan.id);
    const ref = confirmed.result.sample[0]!.ref;
    expect(await race((s, i) => s.sampling.replace(lead, inspectionId, plan.id, { ref, reason: `Moved away (${i})`, version: confirmed.version }))).toEqual(one);
  });

  it('library corrections: one of ten same-version corrections', async () => {
    const report = await a().library.add(users.lead, { fileName: 'south-tees-2019.txt', bytes: readFileSync(seedPath('south-tees-2019')) });
    for (let r = 0; r < ROUNDS; r++) {
      expect(await race((s, i) => s.library.correct(users.lead, report.id, { field: 'provider', value: `South Tees YOS ${i}`, reason: 'Name as printed', version: report.version + r }))).toEqual(one);
    }
  });

  it('accounts: one of ten same-version status changes; one of ten creations of one email', async () => {
    const id = seeded.accountIds.outsider;
    for (let r = 0; r < ROUNDS; r++) {
      const [row] = await stores[0]!.query<{ version: number; disabled: boolean }>(`SELECT version, disabled FROM accounts WHERE id = $1`, [id]);
      expect(await race((s) => s.accounts.setDisabled(users.admin, id, { disabled: !row!.disabled, version: row!.version }))).toEqual(one);
    }
    expect(await race((s, i) => s.accounts.create(users.admin, { email: 'twin@example.org', displayName: `Twin ${i}`, password: 'a long enough password' }))).toEqual(one);
  });

  it('phase: one of ten same-version moves; a publication acknowledged stays published', async () => {
    const [svc] = await stores[0]!.query<{ id: string }>(`SELECT id FROM services LIMIT 1`);
    for (let r = 0; r < ROUNDS; r++) {
      const { id } = await a().inspections.create(null, { serviceId: svc!.id, title: `Race ${r}`, frameworkVersion: '2018' });
      await a().accounts.grantRole(null, id, { accountId: seeded.accountIds.lead, role: 'lead-inspector' });
      const lead = (await a().accounts.loadUser(seeded.accountIds.lead))!;
      expect(await race((s) => s.inspections.setPhase(lead, id, { phase: 'fieldwork', version: 1 }))).toEqual(one);
      await a().inspections.setPhase(lead, id, { phase: 'panel', version: 2 });
      await completePanelWork(a(), lead, id);
      await a().inspections.setPhase(lead, id, { phase: 'reporting', version: 3 });
      // Writer 0 publishes; the others move back from the same version.
      oneThenRefused(await race((s, i) => s.inspections.setPhase(lead, id, i === 0 ? { phase: 'published', version: 4, publishDraft: true } : { phase: 'panel', version: 4 })));
      const now = await a().inspections.get(lead, id);
      if (now.phase !== 'panel') expect(now.phase).toBe('published');
      const phases = (await a().history.forInspection(lead, id, 50, { entity: 'inspection' })).filter((h) => h.action === 'phase');
      const published = phases.some((h) => (h.after as { phase: string }).phase === 'published');
      expect(now.phase === 'published').toBe(published);
      expect(phases.filter((h) => (h.before as { phase: string }).phase === 'published')).toEqual([]);
    }
  });

  it('publication racing other writes: nothing is written to an inspection after its publication', async () => {
    const [svc] = await stores[0]!.query<{ id: string }>(`SELECT id FROM services LIMIT 1`);
    for (let r = 0; r < ROUNDS; r++) {
      const { id } = await a().inspections.create(null, { serviceId: svc!.id, title: `Publish race ${r}`, frameworkVersion: '2018' });
      await a().accounts.grantRole(null, id, { accountId: seeded.accountIds.lead, role: 'lead-inspector' });
      const lead = (await a().accounts.loadUser(seeded.accountIds.lead))!;
      for (const [phase, version] of [['fieldwork', 1], ['panel', 2], ['reporting', 3]] as const) {
        if (phase === 'reporting') await completePanelWork(a(), lead, id);
        await a().inspections.setPhase(lead, id, { phase, version });
      }
      // Writer 0 publishes; the others add recommendations, each of which may land before it or be refused.
      const tally = await race((s, i) => i === 0
        ? s.inspections.setPhase(lead, id, { phase: 'published', version: 4, publishDraft: true })
        : s.recommendations.add(lead, id, { addressee: 'The YJS management board', text: `Written in the race ${i}` }));
      expect(tally).toMatchObject({ conflicts: 0, other: [] });
      expect(tally.ok + tally.refused).toBe(WRITERS);
      expect((await a().inspections.get(lead, id)).phase).toBe('published');
      const history = await a().history.forInspection(lead, id, 50);
      const published = history.find((h) => h.entity === 'inspection' && h.action === 'phase' && (h.after as { phase: string }).phase === 'published')!;
      expect(history.filter((h) => h.entity === 'recommendation' && h.id > published.id)).toEqual([]);
      expect((await a().recommendations.list(lead, id)).length).toBe(tally.ok - 1);
    }
  });

  it('over HTTP, two apps on the database: one of ten same-version changes is 200, the rest 409', async () => {
    const apps = await Promise.all(stores.map(async (store) => {
      const app = await buildApp({ store, config: testConfig() });
      await app.ready();
      return app;
    }));
    try {
      const signedIn = await apps[0]!.inject({ method: 'POST', url: '/api/v1/session', payload: { email: ROLE_EMAILS.lead, password: PASSWORD } });
      const cookie = `yjinspect_session=${signedIn.cookies.find((c) => c.name === 'yjinspect_session')!.value}`;
      const rec = await a().recommendations.add(users.lead, seeded.inspectionId, { addressee: 'The local authority', text: 'Over HTTP' });
      const replies = await Promise.all(Array.from({ length: WRITERS }, (_, i) => apps[i % apps.length]!.inject({
        method: 'PUT', url: `/api/v1/recommendations/${rec.id}`, headers: { cookie },
        payload: { addressee: 'The local authority', text: `Over HTTP ${i}`, version: rec.version },
      })));
      expect(replies.map((r) => r.statusCode).sort()).toEqual([200, ...Array(WRITERS - 1).fill(409)]);
      const winner = replies.find((r) => r.statusCode === 200)!.json() as { text: string; version: number };
      for (const r of replies.filter((x) => x.statusCode === 409)) expect(r.json()).toMatchObject({ error: { current: { text: winner.text, version: winner.version } } });
    } finally {
      for (const app of apps) await app.close();
    }
  });
});
