/**
 * Ratings from finished work only (issue 13): answers in a case that is not submitted never move a figure,
 * and the ratings (service, API, panel page) say which cases in which states were counted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webPlugin } from '../../src/web/plugin.js';
import { databaseKinds } from '../store/harness.js';
import { completeAnswers, signIn, startFixture, ROLE_EMAILS, type Fixture } from '../server/harness.js';

const figures = (out: { standards: { id: string; rating: string | null; keyQuestions: { id: string; relevant: number; yes: number }[] }[]; score: number | null }) =>
  JSON.stringify({ score: out.score, standards: out.standards.map((s) => [s.id, s.rating, s.keyQuestions.map((k) => [k.id, k.relevant, k.yes])]) });

describe.each(databaseKinds)('ratings count finished cases only (%s)', (kind) => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture(kind, {}, [webPlugin]);
  }, 120_000);
  afterAll(async () => f?.close());

  it('a half-answered unsubmitted case moves no figure; once submitted it does', async () => {
    const lead = await f.user('lead');
    // C01 complete, all 'Yes', submitted.
    await f.services.cases.saveAnswers(lead, f.caseIds.C01, { answers: completeAnswers(2) });
    let c1 = await f.services.cases.get(lead, f.caseIds.C01);
    await f.services.cases.transition(lead, f.caseIds.C01, { action: 'submit', version: c1.version });
    const before = await f.services.ratings.ratings(lead, f.inspectionId);
    expect(before.standards.find((s) => s.id === '2.1')!.rating).toBe('Outstanding');
    expect(before.cases.counted).toEqual({ total: 1, byState: { submitted: 1 } });

    // C02: half the domain's questions answered 'No', not submitted.
    const all = completeAnswers(2).map((a) => ({ ...a, answer: 'no' as const }));
    await f.services.cases.saveAnswers(lead, f.caseIds.C02, { answers: all.slice(0, Math.floor(all.length / 2)) });
    const during = await f.services.ratings.ratings(lead, f.inspectionId);
    expect(figures(during)).toBe(figures(before));
    expect(during.cases.notCounted.byState).toEqual({ 'in-progress': 1, 'not-started': 1 });
    expect(during.cases.refsNotCounted).toEqual([{ ref: 'C02', domain: 2, state: 'in-progress' }, { ref: 'Y01', domain: 3, state: 'not-started' }]);

    // Completed and submitted, C02 counts: 2.1's desistance question is now 1 of 2.
    await f.services.cases.saveAnswers(lead, f.caseIds.C02, { answers: all.slice(Math.floor(all.length / 2)) });
    const c2 = await f.services.cases.get(lead, f.caseIds.C02);
    await f.services.cases.transition(lead, f.caseIds.C02, { action: 'submit', version: c2.version });
    const after = await f.services.ratings.ratings(lead, f.inspectionId);
    expect(figures(after)).not.toBe(figures(before));
    expect(after.standards.find((s) => s.id === '2.1')!.keyQuestions[0]).toMatchObject({ relevant: 2, yes: 1 });
    expect(after.cases.counted).toEqual({ total: 2, byState: { submitted: 2 } });

    // Quality assured still counts; returned (back in progress) does not.
    c1 = await f.services.cases.get(lead, f.caseIds.C01);
    await f.services.cases.transition(await f.user('inspector'), f.caseIds.C01, { action: 'quality-assure', version: c1.version });
    const qa = await f.services.ratings.ratings(lead, f.inspectionId);
    expect(qa.cases.counted).toEqual({ total: 2, byState: { submitted: 1, 'quality-assured': 1 } });
    expect(figures(qa)).toBe(figures(after));
    const c2b = await f.services.cases.get(lead, f.caseIds.C02);
    await f.services.cases.transition(lead, f.caseIds.C02, { action: 'return', version: c2b.version, reason: 'Check 2.1' });
    const returned = await f.services.ratings.ratings(lead, f.inspectionId);
    expect(figures(returned)).toBe(figures(before));
  });

  it('the API and the panel page say which cases were counted and which were not', async () => {
    const cookie = await signIn(f.app, ROLE_EMAILS.panel);
    const api = await f.app.inject({ method: 'GET', url: `/api/v1/inspections/${f.inspectionId}/ratings`, headers: { cookie } });
    expect(api.statusCode).toBe(200);
    const body = api.json() as { cases: { counted: { total: number }; refsNotCounted: { ref: string }[] }; maxScore: number };
    expect(body.maxScore).toBe(36);
    expect(body.cases.counted.total).toBe(1);
    expect(body.cases.refsNotCounted.map((c) => c.ref)).toEqual(['C02', 'Y01']);
    const html = (await f.app.inject({ method: 'GET', url: `/inspections/${f.inspectionId}/ratings`, headers: { cookie } })).body;
    const text = html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain('The figures count 1 case: 1 quality assured.');
    expect(text).toContain('2 cases are not counted');
    expect(text).toContain('C02 (domain 2): Returned');
    expect(text).toContain('Y01 (domain 3): Not started');
  });
});
