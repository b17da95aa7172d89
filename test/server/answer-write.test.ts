/**
 * Saving one answer (the screens' autosave, PUT /cases/:caseId/answers/:questionId) in one statement: the
 * same results, history, conflicts and refusals as the full save, also when first answers race each other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryRecord } from '../../src/app/index.js';
import { databaseKinds } from '../store/harness.js';
import { completeAnswers, ROLE_EMAILS, signIn, startFixture, type Fixture, type Who } from './harness.js';
import { walkTo } from '../support/workflow.js';

const base = { gender: 'female', ageBand: '10-14', ethnicity: 'mixed', riskOfSeriousHarm: 'low', safetyAndWellbeing: 'high', domain: 2, disposalType: 'referral-order' } as const;

describe.each(databaseKinds)('saving one answer on %s', (kind) => {
  let f: Fixture;
  let n = 0;
  beforeAll(async () => {
    f = await startFixture(kind);
  });
  afterAll(async () => f?.close());

  const cookies = new Map<Who, string>();
  const cookie = async (who: Who) => cookies.get(who) ?? cookies.set(who, await signIn(f.app, ROLE_EMAILS[who])).get(who)!;
  const put = async (who: Who, caseId: string, questionId: string, body: Record<string, unknown>) =>
    f.app.inject({ method: 'PUT', url: `/api/v1/cases/${caseId}/answers/${questionId}`, headers: { cookie: await cookie(who) }, payload: body });
  const newCase = async (assessor: Who = 'assessor') =>
    f.services.cases.create(await f.user('lead'), f.inspectionId, { ...base, ref: `W${++n}`, assessorId: f.accountIds[assessor] });
  const history = async (caseId: string) =>
    (await f.services.history.forCase(await f.user('lead'), caseId)).filter((h) => h.entity !== 'case' || h.action !== 'create');
  const shape = (h: HistoryRecord) => ({ actorId: h.actorId, entity: h.entity, entityId: h.entityId, action: h.action, before: h.before, after: h.after });

  it('the first answer starts the case: the answer, then the start, each in history with who, before and after', async () => {
    const c = await newCase();
    const r = await put('assessor', c.id, '2.1.1', { answer: 'no', note: 'Plan missed the victim', version: 0 });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ questionId: '2.1.1', answer: 'no', note: 'Plan missed the victim', version: 1, updatedBy: f.accountIds.assessor, caseVersion: c.version + 1, caseState: 'in-progress' });
    expect(new Date(r.json().updatedAt).toISOString()).toBe(r.json().updatedAt);
    const h = await history(c.id);
    expect(h.map(shape)).toEqual([
      { actorId: f.accountIds.assessor, entity: 'answer', entityId: `${c.id}:2.1.1`, action: 'create', before: null, after: { questionId: '2.1.1', answer: 'no', note: 'Plan missed the victim', version: 1 } },
      { actorId: f.accountIds.assessor, entity: 'case', entityId: c.id, action: 'start', before: { state: 'not-started' }, after: { state: 'in-progress' } },
    ]);

    const second = await put('assessor', c.id, '2.1.2', { answer: 'yes', version: 0 });
    expect(second.json()).toMatchObject({ questionId: '2.1.2', note: null, version: 1, caseVersion: c.version + 1, caseState: 'in-progress' });
    expect((await history(c.id)).filter((x) => x.action === 'start')).toHaveLength(1);
    expect((await f.services.cases.get(await f.user('lead'), c.id))).toMatchObject({ state: 'in-progress', version: c.version + 1 });
  });

  it('a change needs the version last seen: saved with its history, or 409 with the current answer and nothing written', async () => {
    const c = await newCase();
    await put('assessor', c.id, '2.2.1', { answer: 'yes', version: 0 });
    const changed = await put('lead', c.id, '2.2.1', { answer: 'not-relevant', note: 'Not applicable here', version: 1 });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ answer: 'not-relevant', version: 2, updatedBy: f.accountIds.lead, caseState: 'in-progress' });
    const before = await history(c.id);
    expect(shape(before.at(-1)!)).toEqual({ actorId: f.accountIds.lead, entity: 'answer', entityId: `${c.id}:2.2.1`, action: 'update', before: { version: 1 }, after: { questionId: '2.2.1', answer: 'not-relevant', note: 'Not applicable here', version: 2 } });

    for (const version of [1, 3, 0]) {
      const stale = await put('assessor', c.id, '2.2.1', { answer: 'no', version });
      expect(stale.statusCode, `version ${version}`).toBe(409);
      expect(stale.json().error.current).toMatchObject({ questionId: '2.2.1', answer: 'not-relevant', version: 2 });
    }
    const missing = await put('assessor', c.id, '2.2.2', { answer: 'no', version: 4 });
    expect(missing.statusCode).toBe(409);
    expect(missing.json().error.current).toEqual({ questionId: '2.2.2', answer: null, version: 0 });
    expect(await history(c.id)).toHaveLength(before.length);
  });

  it('refuses as before: roles, assignment, the question, a submitted case', async () => {
    const c = await newCase();
    const submitted = await newCase();
    const assessor = await f.user('assessor');
    const saved = await f.services.cases.saveAnswers(assessor, submitted.id, { answers: completeAnswers(2) });
    await f.services.cases.transition(assessor, submitted.id, { action: 'submit', version: saved.caseVersion });

    const refusals: Array<[Who, string, string, number, string]> = [
      // Another local assessor's case is one they may not read: not found.
      ['otherAssessor', c.id, '2.1.1', 404, `No case ${c.id}`],
      ['inspector', c.id, '2.1.1', 403, `Case ${c.ref} is not assigned to you, so you cannot change its answers`],
      ['panel', c.id, '2.1.1', 403, 'Only lead inspector or inspector or local assessor may change its answers'],
      ['readOnly', c.id, '2.1.1', 403, 'Only lead inspector or inspector or local assessor may change its answers'],
      ['admin', c.id, '2.1.1', 403, 'Only lead inspector or inspector or local assessor may change its answers'],
      ['outsider', c.id, '2.1.1', 404, `No case ${c.id}`],
      ['lead', c.id, '3.1.1', 400, 'Some of what was sent is not valid'],
      ['lead', c.id, '1.1.1', 400, 'Some of what was sent is not valid'],
      ['assessor', submitted.id, '2.1.1', 403, `Case ${submitted.ref} is submitted: it must be returned before its answers can change`],
      ['lead', 'no-such-case', '2.1.1', 404, 'No case no-such-case'],
    ];
    for (const [who, caseId, questionId, status, message] of refusals) {
      const r = await put(who, caseId, questionId, { answer: 'yes', version: 0 });
      expect(r.statusCode, `${who} ${questionId}: ${r.body}`).toBe(status);
      expect(r.json().error.message, who).toContain(message);
    }
    const wrongDomain = await put('lead', c.id, '3.1.1', { answer: 'yes', version: 0 });
    expect(wrongDomain.json().error.fields).toEqual([{ field: 'answers.0.questionId', message: '3.1.1 is not a question for a domain 2 case' }]);
    expect(await history(c.id)).toEqual([]);
    expect((await f.services.cases.get(await f.user('lead'), c.id))).toMatchObject({ state: 'not-started', answers: [] });
  });

  it('first answers racing on a new case: every one saved, the case started once', async () => {
    const c = await newCase();
    const questions = ['2.1.1', '2.1.2', '2.1.3', '2.2.1', '2.2.2', '2.3.1', '2.3.2', '2.4.1'];
    const results = await Promise.all(questions.map((q) => put('assessor', c.id, q, { answer: 'yes', version: 0 })));
    expect(results.map((r) => r.statusCode)).toEqual(questions.map(() => 200));
    for (const r of results) expect(r.json()).toMatchObject({ caseState: 'in-progress', caseVersion: c.version + 1 });
    const h = await history(c.id);
    expect(h.filter((x) => x.action === 'start')).toHaveLength(1);
    expect(h.filter((x) => x.entity === 'answer').map((x) => (x.after as { questionId: string }).questionId).sort()).toEqual([...questions].sort());
  });

  it('nothing changes once the inspection is published', async () => {
    const c = await newCase();
    const lead = await f.user('lead');
    await walkTo(f.services, lead, f.inspectionId, 'published');
    for (const who of ['lead', 'assessor'] as Who[]) {
      const r = await put(who, c.id, '2.1.1', { answer: 'yes', version: 0 });
      expect(r.statusCode).toBe(403);
      expect(r.json().error.message).toContain('The inspection is published');
    }
    // Only the withdrawal the walk to published needed (the case was unfinished): no answer was written.
    expect((await history(c.id)).map((h) => h.action)).toEqual(['withdraw']);
  });
});
