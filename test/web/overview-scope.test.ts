/**
 * The inspection overview on the demo data, through the real web route: it runs at most 12 SQL statements,
 * reads the inspection row once or twice and runs the rating engine once (none when nothing changed since the
 * last page); counted by a wrapper around a real store and the services' injectable rating engine. The ratings
 * kept in memory follow every kind of change, made here or by another process on the same database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { getFramework } from '../../src/core/framework/index.js';
import { rate, type RateInput } from '../../src/core/rating/index.js';
import { reportStatusOf } from '../../src/core/report/index.js';
import type { Framework } from '../../src/core/framework/index.js';
import { createServices, type Services, type User } from '../../src/app/index.js';
import { DEMO_ACCOUNTS, loadDemo } from '../../src/demo/index.js';
import { buildApp } from '../../src/server/app.js';
import { testConfig } from '../../src/server/config.js';
import type { Queryable, Store } from '../../src/store/index.js';
import { webPlugin } from '../../src/web/plugin.js';
import { workflowSnapshot } from '../../src/app/workflow.js';
import { RESETTLEMENT_ASPECTS } from '../../src/core/framework/resettlement.js';
import { seedFixture } from '../server/harness.js';
import { databaseKinds, testDatabase, type TestDatabase } from '../store/harness.js';

const PASSWORD = 'demo password for the overview test';

/** A real store whose statements are counted (inside transactions too) while `counting` is on. */
function countingStore(store: Store) {
  const log: string[] = [];
  let counting = false;
  const wrap = (q: Queryable): Queryable => ({
    query: (sql, params, options) => {
      if (counting) log.push(sql);
      return q.query(sql, params, options);
    },
    exec: (sql) => {
      if (counting) log.push(sql);
      return q.exec(sql);
    },
  });
  const counted: Store = {
    ...wrap(store),
    kind: store.kind,
    transaction: (fn) => store.transaction((tx) => fn(wrap(tx))),
    startupLock: (fn) => store.startupLock(fn),
    close: () => store.close(),
  };
  return {
    store: counted,
    async count<T>(fn: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
      log.length = 0;
      counting = true;
      try {
        return { result: await fn(), statements: [...log] };
      } finally {
        counting = false;
      }
    },
  };
}

const readsInspection = (sql: string) => /\b(FROM|JOIN)\s+inspections\b/i.test(sql);

let engineRuns = 0;
const countingEngine = (input: RateInput, framework: Framework) => {
  engineRuns++;
  return rate(input, framework);
};

describe.each(databaseKinds)('the inspection overview on the demo data (%s)', (kind) => {
  let db: TestDatabase;
  let real: Store;
  let counter: ReturnType<typeof countingStore>;
  let services: Services;
  let app: FastifyInstance;
  let inspectionId: string;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    db = testDatabase(kind);
    real = await db.open();
    counter = countingStore(real);
    services = createServices(counter.store, { ratingEngine: countingEngine });
    ({ inspectionId } = await loadDemo(services, { password: PASSWORD }));
    app = await buildApp({ store: counter.store, config: testConfig() }, { services, plugins: [webPlugin] });
    for (const a of DEMO_ACCOUNTS) {
      const r = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: a.email, password: PASSWORD } });
      expect(r.statusCode).toBe(200);
      cookies[a.key] = r.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    }
  }, 300_000);

  afterAll(async () => {
    await app?.close();
    await real?.close();
    await db?.cleanup();
  });

  const overview = async (who: string) => {
    engineRuns = 0;
    const { result, statements } = await counter.count(() => app.inject({ method: 'GET', url: `/inspections/${inspectionId}`, headers: { cookie: cookies[who]! } }));
    expect(result.statusCode).toBe(200);
    return { page: result.body, statements, inspectionReads: statements.filter(readsInspection).length, engineRuns };
  };

  it('runs at most 12 statements, reads the inspection once or twice and rates once (not at all for a local assessor), for every role', async () => {
    for (const a of DEMO_ACCOUNTS) {
      // Every answer or judgement written makes the next page rate afresh: here the first, cold, page.
      await real.query(`UPDATE answers SET answer = answer WHERE case_id = (SELECT min(id) FROM cases WHERE inspection_id = $1)`, [inspectionId]);
      const cold = await overview(a.key);
      expect(cold.statements.length, `${a.key}: ${cold.statements.join('\n')}`).toBeLessThanOrEqual(12);
      expect(cold.inspectionReads).toBeGreaterThanOrEqual(1);
      expect(cold.inspectionReads).toBeLessThanOrEqual(2);
      // A local assessor reads only their own cases before publication: no ratings, so nothing is rated.
      const readsRatings = a.key !== 'assessor';
      expect(cold.engineRuns).toBe(readsRatings ? 1 : 0);
      if (readsRatings) expect(cold.page).toContain('Ratings panel');
      // Nothing changed: the same page again takes the ratings kept for this data version.
      const warm = await overview(a.key);
      expect(warm.statements.length).toBeLessThanOrEqual(cold.statements.length);
      expect(warm.inspectionReads).toBe(1);
      expect(warm.engineRuns).toBe(0);
      // The CSRF token and the CSP nonce are fresh on every response.
      const same = (html: string) => html.replace(/(value|nonce)="[^"]*"/g, '');
      expect(same(warm.page)).toBe(same(cold.page));
    }
  }, 300_000);

  it('shows the same report status as the report data rated afresh', async () => {
    const lead = (await services.accounts.findByEmail(null, 'lead@demo.example.org'))!;
    const user = (await services.accounts.loadUser(lead.id)) as User;
    const scoped = services.forRequest();
    const [ratings, status] = await Promise.all([scoped.ratings.ratings(user, inspectionId), scoped.reports.status(user, inspectionId)]);
    const uncached = createServices(real, { ratingCacheEntries: 0 });
    expect(status).toEqual(reportStatusOf(await uncached.reports.data(user, inspectionId), getFramework));
    expect(ratings).toEqual(await uncached.ratings.ratings(user, inspectionId));
  });
});

describe.each(databaseKinds)('ratings kept per data version (%s)', (kind) => {
  let db: TestDatabase;
  let store: Store;
  let other: Store;
  let here: Services;
  let elsewhere: Services;
  let inspectionId: string;
  let lead: User;
  let panel: User;

  beforeAll(async () => {
    db = testDatabase(kind);
    store = await db.open();
    here = createServices(store, { ratingEngine: countingEngine });
    ({ inspectionId } = await loadDemo(here, { password: PASSWORD }));
    // Another server process: its own services (and kept ratings) over its own connection to the same database
    // (PGlite is one process per folder, so there the same connection).
    other = kind === 'postgresql' ? await db.open() : store;
    elsewhere = createServices(other);
    const user = async (email: string) => (await here.accounts.loadUser((await here.accounts.findByEmail(null, email))!.id))!;
    lead = await user('lead@demo.example.org');
    panel = await user('panel@demo.example.org');
  }, 300_000);

  afterAll(async () => {
    if (other !== store) await other?.close();
    await store?.close();
    await db?.cleanup();
  });

  /** The kept ratings equal a fresh computation, and a second read does not run the engine. */
  const expectFresh = async () => {
    const fresh = await createServices(store, { ratingCacheEntries: 0 }).ratings.ratings(lead, inspectionId);
    engineRuns = 0;
    expect(await here.ratings.ratings(lead, inspectionId)).toEqual(fresh);
    expect(await here.ratings.ratings(lead, inspectionId)).toEqual(fresh);
    expect(engineRuns).toBeLessThanOrEqual(1);
    return fresh;
  };

  it('follows answers, judgements, discretion and case changes made by another process', async () => {
    let before = await expectFresh();
    engineRuns = 0;
    await here.ratings.ratings(lead, inspectionId);
    expect(engineRuns).toBe(0);

    // An answer on a case still in progress, through the one-statement save: the data version moves, but only
    // finished cases count, so the figures stay as they were.
    const [c] = await elsewhere.cases.list(lead, inspectionId, { state: 'in-progress' });
    const full = await elsewhere.cases.get(lead, c!.id);
    const kq = full.answers.find((a) => /^\d\.\d\.\d$/.test(a.questionId))!;
    await elsewhere.cases.saveAnswers(c!.assessorId ? (await elsewhere.accounts.loadUser(c!.assessorId))! : lead, c!.id, {
      answers: [{ questionId: kq.questionId, answer: kq.answer === 'yes' ? 'no' : 'yes', note: kq.note, version: kq.version }],
    });
    let after = await expectFresh();
    expect(after).toEqual(before);

    // A judgement.
    before = after;
    const judgement = (await elsewhere.domain1.listJudgements(lead, inspectionId)).find((j) => j.standardId === '1.1')!;
    await elsewhere.domain1.recordJudgement(lead, inspectionId, '1.1', { rating: judgement.rating === 'Good' ? 'Outstanding' : 'Good', rationale: 'Changed by the panel test', version: judgement.version });
    after = await expectFresh();
    expect(after).not.toEqual(before);

    // A discretion decision where the engine allows one, then its withdrawal.
    const eligible = after.standards.find((s) => s.discretion.eligible && s.computedRating && s.computedRating !== 'Outstanding');
    expect(eligible, 'the demo data has a standard eligible for discretion').toBeDefined();
    if (eligible) {
      const up = { Inadequate: 'Requires improvement', 'Requires improvement': 'Good', Good: 'Outstanding' } as const;
      before = after;
      await elsewhere.discretion.record(panel, inspectionId, eligible.id, { rating: up[eligible.computedRating as keyof typeof up], reason: 'The panel weighed the evidence', version: 0 });
      after = await expectFresh();
      expect(after).not.toEqual(before);
      await elsewhere.discretion.withdraw(panel, inspectionId, eligible.id, { version: 1 });
      after = await expectFresh();
      expect(after).toEqual(before);
      // A decline keeps the computed rating, but the workflow sees the decision.
      const undecided = (await here.inspections.workflow(lead, inspectionId)).snapshot.decisions.length;
      await elsewhere.discretion.decline(panel, inspectionId, eligible.id, { reason: 'The panel keeps the computed rating', version: 0 });
      after = await expectFresh();
      expect(after).toEqual(before);
      expect((await here.inspections.workflow(lead, inspectionId)).snapshot.decisions).toHaveLength(undecided + 1);
    }

    // A new case in the sample: not started, so left out of the figures but counted among those left out.
    before = after;
    await elsewhere.cases.create(lead, inspectionId, { ref: 'RC99', domain: 2, disposalType: 'referral-order', gender: 'male', ageBand: '15-17', ethnicity: 'white', riskOfSeriousHarm: 'low', safetyAndWellbeing: 'low' });
    after = await expectFresh();
    expect(after.cases.notCounted.total).toBe(before.cases.notCounted.total + 1);
  }, 300_000);

  it('follows the workflow: a finished case returned, corrected, submitted again and quality assured, and a case withdrawn', async () => {
    const fresh = () => createServices(store, { ratingCacheEntries: 0 });
    /** The workflow view kept with the ratings equals the snapshot the phase gates read afresh. */
    const expectWorkflowFresh = async () => {
      const ins = (await store.query<{ id: string; phase: 'fieldwork'; kind: 'inspection'; publishes: true; framework_version: '2018' }>(`SELECT id, phase, kind, publishes, framework_version FROM inspections WHERE id = $1`, [inspectionId]))[0]!;
      expect((await here.inspections.workflow(lead, inspectionId)).snapshot).toEqual(await workflowSnapshot(store, ins));
    };
    const original = await expectFresh();
    await expectWorkflowFresh();
    const [done] = await elsewhere.cases.list(lead, inspectionId, { state: 'quality-assured' });
    const assessor = (await elsewhere.accounts.loadUser(done!.assessorId!))!;

    // Returned: out of the figures at once, and shown among the cases left out.
    await elsewhere.cases.transition(lead, done!.id, { action: 'return', version: done!.version, reason: 'Check the answers to the first key question' });
    let after = await expectFresh();
    expect(after.cases.counted.total).toBe(original.cases.counted.total - 1);
    expect(after.cases.refsNotCounted).toContainEqual({ ref: done!.ref, domain: done!.domain, state: 'returned' });
    expect(after.standards).not.toEqual(original.standards);
    await expectWorkflowFresh();

    // Corrected (the case is worked on again): still out of the figures.
    const full = await elsewhere.cases.get(assessor, done!.id);
    const kq = full.answers.find((a) => /^\d\.\d\.\d$/.test(a.questionId) && a.answer !== 'not-relevant')!;
    const saved = await elsewhere.cases.saveAnswers(assessor, done!.id, { answers: [{ questionId: kq.questionId, answer: kq.answer === 'yes' ? 'no' : 'yes', note: kq.note, version: kq.version }] });
    const corrected = await expectFresh();
    expect(corrected.standards).toEqual(after.standards);
    expect(corrected.cases.counted).toEqual(after.cases.counted);
    expect(corrected.cases.refsNotCounted).toContainEqual({ ref: done!.ref, domain: done!.domain, state: saved.caseState });

    // Submitted again: counted again, with the corrected answer.
    const resubmitted = await elsewhere.cases.transition(assessor, done!.id, { action: 'submit', version: saved.caseVersion });
    after = await expectFresh();
    expect(after.cases.counted.total).toBe(original.cases.counted.total);
    expect(after.cases.counted.byState.submitted).toBe((original.cases.counted.byState.submitted ?? 0) + 1);
    const figure = (r: typeof original) => r.standards.flatMap((s) => s.keyQuestions).find((k) => k.id === kq.questionId)!;
    expect(figure(after).yes).toBe(figure(original).yes + (kq.answer === 'yes' ? -1 : 1));
    await expectWorkflowFresh();

    // Quality assured: the counts by state as they were.
    await elsewhere.cases.transition(lead, done!.id, { action: 'quality-assure', version: resubmitted.version });
    after = await expectFresh();
    expect(after.cases).toEqual(original.cases);

    // A case not started, withdrawn from the sample.
    const [idle] = await elsewhere.cases.list(lead, inspectionId, { state: 'not-started' });
    await elsewhere.cases.transition(lead, idle!.id, { action: 'withdraw', version: idle!.version, reason: 'The child moved out of the area' });
    after = await expectFresh();
    expect(after.cases.notCounted.byState.withdrawn).toBe((original.cases.notCounted.byState.withdrawn ?? 0) + 1);
    await expectWorkflowFresh();
    expect(await fresh().inspections.workflow(lead, inspectionId)).toEqual(await here.inspections.workflow(lead, inspectionId));
  }, 300_000);

  it('within one request scope, a write is seen by the reads after it', async () => {
    const scoped = here.forRequest();
    const ins = await scoped.inspections.get(lead, inspectionId);
    await scoped.inspections.updateDetails(lead, inspectionId, { title: `${ins.title} (renamed)`, version: ins.version });
    expect((await scoped.inspections.get(lead, inspectionId)).title).toBe(`${ins.title} (renamed)`);
  });
});

describe.each(databaseKinds)('ratings kept per data version: resettlement (%s)', (kind) => {
  let db: TestDatabase;
  let store: Store;
  let here: Services;
  let inspectionId: string;
  let lead: User;
  let assessor: User;
  let caseId: string;

  beforeAll(async () => {
    db = testDatabase(kind);
    store = await db.open();
    here = createServices(store);
    const seeded = await seedFixture(here, '2021');
    inspectionId = seeded.inspectionId;
    lead = (await here.accounts.loadUser(seeded.accountIds.lead))!;
    assessor = (await here.accounts.loadUser(seeded.accountIds.assessor))!;
    caseId = (await here.cases.create(lead, inspectionId, {
      ref: 'R01', domain: 4, disposalType: 'detention-and-training-order', gender: 'male', ageBand: '15-17', ethnicity: 'white',
      riskOfSeriousHarm: 'high', safetyAndWellbeing: 'medium', assessorId: assessor.id,
    })).id;
  }, 120_000);

  afterAll(async () => {
    await store?.close();
    await db?.cleanup();
  });

  it('a resettlement review started, completed and submitted moves the kept counts', async () => {
    const fresh = () => createServices(store, { ratingCacheEntries: 0 }).ratings.ratings(lead, inspectionId);
    const state = async () => (await here.ratings.ratings(lead, inspectionId)).cases.refsNotCounted.find((c) => c.ref === 'R01')?.state ?? 'counted';
    expect(await state()).toBe('not-started');
    await here.resettlement.save(assessor, caseId, { notes: [{ aspectId: RESETTLEMENT_ASPECTS[0]!.id, note: 'Accommodation was arranged before release.', version: 0 }] });
    expect(await state()).toBe('in-progress');
    expect(await here.ratings.ratings(lead, inspectionId)).toEqual(await fresh());
    await here.resettlement.save(assessor, caseId, { notes: RESETTLEMENT_ASPECTS.slice(1).map((a) => ({ aspectId: a.id, note: `Seen in the records: ${a.name}.`, version: 0 })) });
    const c = await here.cases.get(assessor, caseId);
    await here.cases.transition(assessor, caseId, { action: 'submit', version: c.version });
    expect(await state()).toBe('counted');
    const kept = await here.ratings.ratings(lead, inspectionId);
    expect(kept.cases.counted.byState.submitted).toBe(1);
    expect(kept).toEqual(await fresh());
  });
});
