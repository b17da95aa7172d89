/**
 * Blind double marking through the services and the JSON API, on PGlite and PostgreSQL: the second marker's
 * reads (case, case history, inspection history, second marking) never reveal the first marker's answers or
 * notes before both are submitted, nobody else reads the second marking early, and the resolution of a
 * disagreement is the answer the ratings count (the data version moves, so no stale ratings are served).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError, ValidationError, ConflictError } from '../../src/app/errors.js';
import type { User } from '../../src/app/index.js';
import { databaseKinds } from '../store/harness.js';
import { completeAnswers, ROLE_EMAILS, signIn, fixtureUsers, startFixture, type Fixture, type Who } from './harness.js';

const FIRST_NOTE = 'first-marker-note-2.1.1';
const SECOND_NOTE = 'second-marker-note-2.1.1';

describe.each(databaseKinds)('blind double marking (%s)', (kind) => {
  let f: Fixture;
  let u: Record<Who, User>;
  const cookies = {} as Record<Who, string>;
  beforeAll(async () => {
    f = await startFixture(kind);
    u = await fixtureUsers(f);
    for (const who of ['lead', 'inspector', 'assessor', 'readOnly'] as Who[]) cookies[who] = await signIn(f.app, ROLE_EMAILS[who]);
  });
  afterAll(async () => f?.close());

  const get = async (who: Who, url: string) => f.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { cookie: cookies[who] } });
  const caseVersion = async (ref: 'C01') => (await f.services.cases.get(u.lead, f.caseIds[ref])).version;
  const keyQuestion21 = async () => {
    const r = await f.services.ratings.forInspection(u.lead, f.inspectionId);
    return r.standards.find((s) => s.id === '2.1')!.keyQuestions.find((k) => k.id === '2.1.1')!;
  };

  it('lets only the lead select, never the case’s own assessor as second marker, and selects idempotently', async () => {
    await expect(f.services.moderation.select(u.inspector, f.inspectionId, { selections: [{ caseId: f.caseIds.C01, markerId: f.accountIds.inspector }] })).rejects.toBeInstanceOf(ForbiddenError);
    const own = await f.services.moderation.select(u.lead, f.inspectionId, { selections: [{ caseId: f.caseIds.C01, markerId: f.accountIds.assessor }] }).catch((e: unknown) => e);
    expect(own).toBeInstanceOf(ValidationError);
    expect((own as ValidationError).fields[0]).toMatchObject({ field: 'selections.0.markerId', message: expect.stringMatching(/did not assess case C01/) });
    const readOnly = await f.services.moderation.select(u.lead, f.inspectionId, { selections: [{ caseId: f.caseIds.C01, markerId: f.accountIds.readOnly }] }).catch((e: unknown) => e);
    expect(readOnly).toBeInstanceOf(ValidationError);
    const [m] = await f.services.moderation.select(u.lead, f.inspectionId, { selections: [{ caseId: f.caseIds.C01, markerId: f.accountIds.inspector }] });
    expect(m).toMatchObject({ caseRef: 'C01', markerId: f.accountIds.inspector, state: 'in-progress', revealed: false });
    const [again] = await f.services.moderation.select(u.lead, f.inspectionId, { selections: [{ caseId: f.caseIds.C01, markerId: f.accountIds.inspector }] });
    expect(again!.id).toBe(m!.id);
    const other = await f.services.moderation.select(u.lead, f.inspectionId, { selections: [{ caseId: f.caseIds.C01, markerId: f.accountIds.otherAssessor }] }).catch((e: unknown) => e);
    expect(other).toBeInstanceOf(ValidationError);
    const history = await f.services.history.forInspection(u.lead, f.inspectionId, 50, { entity: 'second-marking' });
    expect(history.filter((h) => h.action === 'select')).toHaveLength(1);
  });

  it('keeps both markings blind, API included, until both are submitted', async () => {
    // The first marker answers everything, 2.1.1 "no" with a note; the second marker "yes" with theirs.
    await f.services.cases.saveAnswers(u.assessor, f.caseIds.C01, {
      answers: completeAnswers(2).map((a) => (a.questionId === '2.1.1' ? { ...a, answer: 'no' as const, note: FIRST_NOTE } : a)),
    });
    await f.services.moderation.saveAnswers(u.inspector, f.caseIds.C01, {
      answers: completeAnswers(2).map((a) => (a.questionId === '2.1.1' ? { ...a, note: SECOND_NOTE } : a)),
    });

    const blindReads = async () => {
      for (const url of [`/cases/${f.caseIds.C01}`, `/cases/${f.caseIds.C01}/history`, `/inspections/${f.inspectionId}/history`, `/cases/${f.caseIds.C01}/second-marking`, `/inspections/${f.inspectionId}/history?entity=answer`]) {
        const r = await get('inspector', url);
        expect(r.statusCode, url).toBe(200);
        expect(r.body, url).not.toContain(FIRST_NOTE);
      }
      const c = (await get('inspector', `/cases/${f.caseIds.C01}`)).json();
      expect(c).toMatchObject({ answers: [], answersWithheld: true });
      const mine = (await get('inspector', `/cases/${f.caseIds.C01}/second-marking`)).json();
      expect(mine.firstAnswers).toBeNull();
      expect(mine.comparison).toBeNull();
      expect(mine.secondAnswers.find((a: { questionId: string }) => a.questionId === '2.1.1')).toMatchObject({ answer: 'yes', note: SECOND_NOTE });
      const historyRows = (await get('inspector', `/inspections/${f.inspectionId}/history`)).json() as { entity: string; entityId: string }[];
      expect(historyRows.some((h) => h.entity === 'answer' && h.entityId.startsWith(f.caseIds.C01))).toBe(false);
      // Nobody else reads the second marking's answers early: the lead, read-only, the first marker.
      for (const who of ['lead', 'readOnly'] as Who[]) {
        for (const url of [`/cases/${f.caseIds.C01}/second-marking`, `/cases/${f.caseIds.C01}/history`, `/inspections/${f.inspectionId}/history`, `/inspections/${f.inspectionId}/moderation/summary`]) {
          const r = await get(who, url);
          expect(r.body, `${who} ${url}`).not.toContain(SECOND_NOTE);
        }
        expect((await get(who, `/cases/${f.caseIds.C01}/second-marking`)).json().secondAnswers).toBeNull();
      }
      expect((await get('assessor', `/cases/${f.caseIds.C01}/second-marking`)).statusCode).toBe(404);
      expect((await get('assessor', `/inspections/${f.inspectionId}/history`)).body).not.toContain(SECOND_NOTE);
    };
    await blindReads();
    // The first marking submitted: still blind while the second is not.
    await f.services.cases.transition(u.assessor, f.caseIds.C01, { action: 'submit', version: await caseVersion('C01') });
    await blindReads();
    // The lead's own case reads are unchanged: the first marking is the case's.
    expect((await f.services.cases.get(u.lead, f.caseIds.C01)).answers.find((a) => a.questionId === '2.1.1')).toMatchObject({ answer: 'no', note: FIRST_NOTE });
  });

  it('refuses an incomplete submission, someone else’s, and a stale one', async () => {
    const view = await f.services.moderation.forCase(u.inspector, f.caseIds.C01);
    await expect(f.services.moderation.submit(u.lead, f.caseIds.C01, { version: view.marking.version })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(f.services.moderation.submit(u.inspector, f.caseIds.C01, { version: view.marking.version + 5 })).rejects.toBeInstanceOf(ConflictError);
    await expect(f.services.moderation.saveAnswers(u.otherAssessor, f.caseIds.C01, { answers: [{ questionId: '2.1.1', answer: 'no', version: 1 }] })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('shows both markings side by side once both are in; the resolution is the answer the ratings count', async () => {
    const before = await keyQuestion21();
    expect(before).toMatchObject({ relevant: 1, yes: 0, percent: 0 });
    const { marking } = await f.services.moderation.forCase(u.inspector, f.caseIds.C01);
    await f.services.moderation.submit(u.inspector, f.caseIds.C01, { version: marking.version });

    const mine = (await get('inspector', `/cases/${f.caseIds.C01}/second-marking`)).json();
    expect(mine.marking.revealed).toBe(true);
    expect(mine.comparison.filter((q: { agreed: boolean }) => !q.agreed)).toEqual([
      { questionId: '2.1.1', first: { answer: 'no', note: FIRST_NOTE }, second: { answer: 'yes', note: SECOND_NOTE }, agreed: false, resolution: null },
    ]);
    expect((await get('inspector', `/cases/${f.caseIds.C01}`)).json().answers.length).toBeGreaterThan(0);

    const summary = (await get('lead', `/inspections/${f.inspectionId}/moderation/summary`)).json();
    const n = completeAnswers(2).length;
    expect(summary.overall).toMatchObject({ n, disagreed: 1 });
    expect(summary.mostDisagreed[0]).toMatchObject({ key: '2.1.1', disagreed: 1 });
    expect(summary.disagreements).toHaveLength(1);

    // Who may resolve: not the second marker, not the first; an agreed question cannot be "resolved".
    await expect(f.services.moderation.resolve(u.inspector, f.caseIds.C01, { questionId: '2.1.1', answer: 'yes', reason: 'x', version: 0 })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(f.services.moderation.resolve(u.assessor, f.caseIds.C01, { questionId: '2.1.1', answer: 'yes', reason: 'x', version: 0 })).rejects.toBeInstanceOf(NotFoundError);
    const agreed = await f.services.moderation.resolve(u.lead, f.caseIds.C01, { questionId: '2.1.2', answer: 'no', reason: 'x', version: 0 }).catch((e: unknown) => e);
    expect((agreed as ValidationError).fields[0]!.field).toBe('questionId');
    const noReason = await f.services.moderation.resolve(u.lead, f.caseIds.C01, { questionId: '2.1.1', answer: 'yes', reason: '  ', version: 0 }).catch((e: unknown) => e);
    expect((noReason as ValidationError).fields[0]!.field).toBe('reason');

    const put = await f.app.inject({ method: 'PUT', url: `/api/v1/cases/${f.caseIds.C01}/second-marking/resolutions`, headers: { cookie: cookies.lead }, payload: { questionId: '2.1.1', answer: 'yes', reason: 'The plan addressed desistance', version: 0 } });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ questionId: '2.1.1', answer: 'yes', version: 1 });
    // The same creation again is stale: the resolution exists.
    await expect(f.services.moderation.resolve(u.lead, f.caseIds.C01, { questionId: '2.1.1', answer: 'no', reason: 'again', version: 0 })).rejects.toBeInstanceOf(ConflictError);

    const after = await keyQuestion21();
    expect(after).toMatchObject({ relevant: 1, yes: 1, percent: 100 });
    // Both markings are kept: the case's own answer is still the first marker's.
    expect((await f.services.cases.get(u.lead, f.caseIds.C01)).answers.find((a) => a.questionId === '2.1.1')!.answer).toBe('no');
    const history = await f.services.history.forCase(u.lead, f.caseIds.C01);
    expect(history.find((h) => h.entity === 'moderation-resolution')).toMatchObject({ reason: 'The plan addressed desistance', before: { first: 'no', second: 'yes' } });
    expect(history.some((h) => h.entity === 'second-answer')).toBe(true);

    // Changing the resolution back moves the ratings back.
    await f.services.moderation.resolve(u.lead, f.caseIds.C01, { questionId: '2.1.1', answer: 'no', reason: 'On reflection, no', version: 1 });
    expect(await keyQuestion21()).toMatchObject({ yes: 0 });
  });

  it('selects and resolves once under concurrent requests: the same marking, one resolution and a conflict', async () => {
    const lead = u.lead;
    const c = await f.services.cases.create(lead, f.inspectionId, { ref: 'C77', domain: 2, disposalType: 'referral-order', gender: 'male', ageBand: '15-17', ethnicity: 'white', riskOfSeriousHarm: 'medium', safetyAndWellbeing: 'medium', assessorId: f.accountIds.assessor });
    const pick = () => f.services.moderation.select(lead, f.inspectionId, { selections: [{ caseId: c.id, markerId: f.accountIds.otherAssessor }] });
    const [a, b] = await Promise.all([pick(), pick()]);
    expect(a[0]!.id).toBe(b[0]!.id);
    const saved = await f.services.cases.saveAnswers(u.assessor, c.id, { answers: completeAnswers(2) });
    await f.services.cases.transition(u.assessor, c.id, { action: 'submit', version: saved.caseVersion });
    const v = await f.services.moderation.saveAnswers(u.otherAssessor, c.id, { answers: completeAnswers(2).map((x) => (x.questionId === '2.2.1' ? { ...x, answer: 'no' as const } : x)) });
    await f.services.moderation.submit(u.otherAssessor, c.id, { version: v.marking.version });
    const resolve = (who: Who, answer: 'yes' | 'no') => f.services.moderation.resolve(u[who], c.id, { questionId: '2.2.1', answer, reason: `${who} decides`, version: 0 });
    const outcomes = await Promise.allSettled([resolve('lead', 'yes'), resolve('inspector', 'no')]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect((outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    const history = await f.services.history.forCase(u.lead, c.id);
    expect(history.filter((h) => h.entity === 'moderation-resolution')).toHaveLength(1);
    expect(history.filter((h) => h.entity === 'second-marking' && h.action === 'select')).toHaveLength(1);
  });

  it('draws a seeded share with one case per domain, the markers taking them in turn', async () => {
    const drawn = await f.services.moderation.selectShare(u.lead, f.inspectionId, { seed: 42, markerIds: [f.accountIds.inspector, f.accountIds.otherAssessor] });
    expect(drawn.seed).toBe(42);
    const all = await f.services.moderation.list(u.lead, f.inspectionId);
    // Domains 2 and 3 each have a double-marked case; nobody marks their own.
    expect(new Set(all.map((m) => m.domain))).toEqual(new Set([2, 3]));
    for (const m of all) expect(m.markerId).not.toBe(m.firstMarkerId);
    const missing = await f.services.moderation.selectShare(u.lead, f.inspectionId, { seed: 1, markerIds: [] }).catch((e: unknown) => e);
    expect((missing as ValidationError).fields[0]!.field).toBe('markerIds');
    // A second marker lists only their own markings.
    const own = await f.services.moderation.list(u.otherAssessor, f.inspectionId);
    expect(own.every((m) => m.markerId === f.accountIds.otherAssessor)).toBe(true);
  });
});

describe.each(databaseKinds)('blind double marking of a resettlement case (%s)', (kind) => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture(kind, {}, [], '2021');
  });
  afterAll(async () => f?.close());

  it('withholds the first marker’s resettlement notes from the second marker, in the notes and the histories', async () => {
    const [lead, assessor, inspector] = [await f.user('lead'), await f.user('assessor'), await f.user('inspector')];
    const r = await f.services.cases.create(lead, f.inspectionId, { ref: 'R01', domain: 4, disposalType: 'detention-and-training-order', gender: 'male', ageBand: '15-17', ethnicity: 'white', riskOfSeriousHarm: 'high', safetyAndWellbeing: 'medium', assessorId: f.accountIds.assessor });
    const NOTE = 'first-marker-resettlement-note';
    await f.services.resettlement.save(assessor, r.id, { notes: [{ aspectId: 'accommodation', note: NOTE, version: 0 }] });
    await f.services.moderation.select(lead, f.inspectionId, { selections: [{ caseId: r.id, markerId: f.accountIds.inspector }] });
    expect(await f.services.resettlement.notes(inspector, r.id)).toEqual([]);
    expect(JSON.stringify(await f.services.history.forCase(inspector, r.id))).not.toContain(NOTE);
    expect(JSON.stringify(await f.services.history.forInspection(inspector, f.inspectionId))).not.toContain(NOTE);
    // Everyone else reads them as ever.
    expect((await f.services.resettlement.notes(lead, r.id))[0]).toMatchObject({ note: NOTE });
  });
});
