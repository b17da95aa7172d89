/**
 * How firm each rating is, as a use case on the live data (PGlite and, with TEST_DATABASE_URL, PostgreSQL): the
 * intervals are on the ratings' own figures (finished cases only), at the confirmed plan's confidence level and
 * at 95%, with the plan's populations; without a plan, 80% and no correction. Reading it is reading the ratings.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getFramework } from '../../src/core/framework/index.js';
import { wilsonInterval } from '../../src/core/quality/index.js';
import { parsePopulationCsv } from '../../src/population/index.js';
import { renderReport } from '../../src/report/index.js';
import { createServices, NotFoundError, type Services, type User } from '../../src/app/index.js';
import type { Store } from '../../src/store/index.js';
import { databaseKinds, testDatabase, type TestDatabase } from '../store/harness.js';

const PASSWORD = 'correct horse battery staple';
const population = parsePopulationCsv(readFileSync(fileURLToPath(new URL('../sampling/fixtures/population-medium.csv', import.meta.url)), 'utf8'), 'population-medium.csv');
const questions = (domain: number) =>
  getFramework('2018').standards.filter((s) => s.domain === domain && s.kind === 'case-assessed').flatMap((s) => s.keyQuestions.flatMap((k) => [k.id, ...k.prompts.map((p) => p.id)]));

describe.each(databaseKinds)('how firm each rating is (%s)', (kind) => {
  let db: TestDatabase, store: Store, services: Services, lead: User, reader: User, outsider: User;
  let inspectionId: string, unplannedId: string, courtPopulation: number;

  beforeAll(async () => {
    db = testDatabase(kind);
    store = await db.open();
    services = createServices(store);
    const accounts = await Promise.all([['lead@example.org', 'Lena Lead'], ['reader@example.org', 'Rita Reader'], ['outsider@example.org', 'Oscar Outsider']].map(([email, displayName]) =>
      services.accounts.create(null, { email: email!, displayName: displayName!, password: PASSWORD })));
    const svc = await services.inspections.createService(null, { name: 'Westshire Youth Justice Service' });
    ({ id: inspectionId } = await services.inspections.create(null, { serviceId: svc.id, title: 'Westshire 2025', frameworkVersion: '2018' }));
    ({ id: unplannedId } = await services.inspections.create(null, { serviceId: svc.id, title: 'Westshire mock', frameworkVersion: '2018' }));
    for (const id of [inspectionId, unplannedId]) {
      await services.accounts.grantRole(null, id, { accountId: accounts[0]!.id, role: 'lead-inspector' });
      await services.accounts.grantRole(null, id, { accountId: accounts[1]!.id, role: 'read-only' });
    }
    lead = (await services.accounts.loadUser(accounts[0]!.id))!;
    reader = (await services.accounts.loadUser(accounts[1]!.id))!;
    outsider = (await services.accounts.loadUser(accounts[2]!.id))!;

    // A 90% plan: 5 court and 3 out-of-court cases; 3 court cases finished (2.2.2 relevant in 2), one half done.
    let plan = await services.sampling.propose(lead, inspectionId, { fileName: 'p.csv', cases: population, parameters: { seed: 7, confidence: 90, margin: 5, fieldwork: '2025-06-02' } });
    plan = await services.sampling.override(lead, inspectionId, plan.id, { domain: 'court', sample: 5, reason: 'Small team' });
    plan = await services.sampling.override(lead, inspectionId, plan.id, { domain: 'outOfCourt', sample: 3, reason: 'Small team' });
    plan = await services.sampling.confirm(lead, inspectionId, plan.id);
    courtPopulation = plan.result.sizes.domains.find((d) => d.domain === 'court')!.population;
    const ins = await services.inspections.get(lead, inspectionId);
    await services.inspections.setPhase(lead, inspectionId, { phase: 'fieldwork', version: ins.version });
    const cases = await services.cases.list(lead, inspectionId);
    const court = cases.filter((c) => c.domain === 2);
    const finish = async (id: string, answer: (q: string) => 'yes' | 'no' | 'not-relevant') => {
      const saved = await services.cases.saveAnswers(lead, id, { answers: questions(2).map((q) => ({ questionId: q, answer: answer(q), version: 0 })) });
      await services.cases.transition(lead, id, { action: 'submit', version: saved.caseVersion });
    };
    await finish(court[0]!.id, (q) => (q.startsWith('2.2.2') ? 'not-relevant' : 'yes'));
    await finish(court[1]!.id, (q) => (q === '2.1.1' ? 'no' : 'yes'));
    await finish(court[2]!.id, () => 'yes');
    await services.cases.saveAnswers(lead, court[3]!.id, { answers: questions(2).slice(0, 10).map((q) => ({ questionId: q, answer: 'no', version: 0 })) });
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    await db?.cleanup();
  });

  it('gives each key question its interval at the plan’s level and at 95%, on the ratings’ own figures, with the plan’s population', async () => {
    const [f, ratings] = await Promise.all([services.ratings.firmness(lead, inspectionId), services.ratings.ratings(lead, inspectionId)]);
    expect(f.confidence).toBe(90);
    expect(f.confidenceSource).toBe('sampling-plan');
    expect(f.levels).toEqual([90, 95]);
    expect(f.domains.find((d) => d.domain === 2)).toEqual({ domain: 2, sampled: 3, population: courtPopulation });
    // The same relevant and yes as the ratings, key question by key question: nothing is recounted.
    for (const s of ratings.standards.filter((x) => x.kind === 'case-assessed')) {
      for (const k of s.keyQuestions) {
        expect(f.keyQuestions.find((x) => x.id === k.id)).toMatchObject({ relevant: k.relevant, yes: k.yes, percent: k.percent });
      }
    }
    const kq = f.keyQuestions.find((k) => k.id === '2.1.1')!;
    expect(kq).toMatchObject({ relevant: 3, yes: 2, population: courtPopulation });
    expect(kq.intervals[0]!.lower).toBeCloseTo(wilsonInterval(2, 3, { confidence: 90, population: courtPopulation }).lower * 100, 10);
    expect(kq.intervals[1]!.upper).toBeCloseTo(wilsonInterval(2, 3, { confidence: 95, population: courtPopulation }).upper * 100, 10);
    // 2.2.2 was relevant in 2 of the 3 counted cases: its population is two thirds of the court population.
    expect(f.keyQuestions.find((k) => k.id === '2.2.2')).toMatchObject({ relevant: 2, population: Math.round((courtPopulation * 2) / 3) });
    // Out-of-court: nothing counted yet, no intervals.
    expect(f.keyQuestions.filter((k) => k.domain === 3).every((k) => k.intervals.length === 0)).toBe(true);
    // 2.1's lowest key question is 2.1.1, 2 of 3 (67%, Good): with 3 cases the band is far from firm.
    const s21 = f.standards.find((s) => s.id === '2.1')!;
    expect(s21.computedRating).toBe(ratings.standards.find((s) => s.id === '2.1')!.computedRating);
    expect(s21.firmness?.words).toMatch(/^Good; the interval \d+(\.\d)?–\d+(\.\d)?% \(90% confidence\) spans Inadequate, Requires improvement, Good and Outstanding\.$/);
  });

  it('the report data carries the plan’s populations, and its analysis annex says what the panel sees', async () => {
    const [f, data] = await Promise.all([services.ratings.firmness(lead, inspectionId), services.reports.data(lead, inspectionId)]);
    expect(data.report?.caseSample?.court).toMatchObject({ total: 3, population: courtPopulation });
    const csv = (await renderReport(data, 'csv', { annexes: ['analysis'] })) as string;
    for (const s of f.standards) if (s.firmness) expect(csv).toContain(s.firmness.words);
  });

  it('without a confirmed plan: 80% and no finite population correction', async () => {
    const f = await services.ratings.firmness(lead, unplannedId);
    expect(f).toMatchObject({ confidence: 80, confidenceSource: 'default', levels: [80, 95] });
    expect(f.domains.every((d) => d.population === null && d.sampled === 0)).toBe(true);
  });

  it('is read by anyone who may read the ratings, and hidden from others', async () => {
    expect((await services.ratings.firmness(reader, inspectionId)).confidence).toBe(90);
    await expect(services.ratings.firmness(outsider, inspectionId)).rejects.toBeInstanceOf(NotFoundError);
  });
});
