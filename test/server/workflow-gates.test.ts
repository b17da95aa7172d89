/**
 * The workflow gates in the services (src/core/workflow enforced by inspections.ts and cases.ts), walked
 * through one inspection from fieldwork to published: case work only in fieldwork (and a case returned in
 * the panel), returned and withdrawn cases, the panel refused while a case is unfinished and the unassured
 * ones acknowledged, publishing refused without the panel's decisions and the judgements, whatever
 * publishDraft says. Each refusal by role and by phase, on PGlite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError, ValidationError } from '../../src/app/errors.js';
import type { User } from '../../src/app/index.js';
import { databaseKinds } from '../store/harness.js';
import { completeAnswers, ROLE_EMAILS, signIn, fixtureUsers, startFixture, type Fixture, type Who } from './harness.js';

const fieldsOf = (e: unknown) => (e as ValidationError).fields;

describe.each(databaseKinds)('workflow gates (%s)', (kind) => {
  let f: Fixture;
  let u: Record<Who, User>;
  beforeAll(async () => {
    f = await startFixture(kind);
    u = await fixtureUsers(f);
  });
  afterAll(async () => f?.close());

  const ins = () => f.services.inspections.get(u.lead, f.inspectionId);
  const kase = (ref: 'C01' | 'C02' | 'Y01') => f.services.cases.get(u.lead, f.caseIds[ref]);
  const move = async (phase: string, extra: Record<string, unknown> = {}, who: Who = 'lead') =>
    f.services.inspections.setPhase(u[who], f.inspectionId, { phase, version: (await ins()).version, ...extra });
  const act = async (who: Who, ref: 'C01' | 'C02' | 'Y01', action: string, extra: Record<string, unknown> = {}) =>
    f.services.cases.transition(u[who], f.caseIds[ref], { action, version: (await kase(ref)).version, ...extra });
  const answerOne = async (who: Who, ref: 'C01' | 'C02' | 'Y01', questionId: string, answer: 'yes' | 'no') => {
    const cur = (await kase(ref)).answers.find((a) => a.questionId === questionId);
    return f.services.cases.saveAnswers(u[who], f.caseIds[ref], { answers: [{ questionId, answer, version: cur?.version ?? 0 }] });
  };

  it('refuses case work outside fieldwork, through the full save and the one-answer fast path alike', async () => {
    await move('planning');
    await expect(answerOne('assessor', 'C01', '2.1.1', 'yes')).rejects.toThrow(/you can change its answers only in fieldwork/);
    await expect(f.services.cases.saveAnswers(u.lead, f.caseIds.C01, { answers: completeAnswers(2).slice(0, 3) })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(act('assessor', 'C01', 'start')).rejects.toBeInstanceOf(ForbiddenError);
    const cookie = await signIn(f.app, ROLE_EMAILS.assessor);
    const put = await f.app.inject({ method: 'PUT', url: `/api/v1/cases/${f.caseIds.C01}/answers/2.1.1`, headers: { cookie }, payload: { answer: 'yes', version: 0 } });
    expect(put.statusCode).toBe(403);
    expect((await kase('C01')).answers).toEqual([]);
    await move('fieldwork');
    expect((await answerOne('assessor', 'C01', '2.1.1', 'yes')).caseState).toBe('in-progress');
  });

  it('refuses the ratings panel while a case is unfinished or returned, listing them; withdrawn cases with a reason are out', async () => {
    let err = await move('panel').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(fieldsOf(err)).toEqual([{ field: 'phase', message: expect.stringMatching(/^3 cases are not submitted: C01 \(in progress\), C02 \(not started\), Y01 \(not started\)/) }]);

    // C01 finished, returned with a reason by an inspector who did not assess it, then corrected.
    await f.services.cases.saveAnswers(u.assessor, f.caseIds.C01, { answers: completeAnswers(2).filter((a) => a.questionId !== '2.1.1') });
    await act('assessor', 'C01', 'submit');
    await expect(act('assessor', 'C01', 'return', { reason: 'x' })).rejects.toBeInstanceOf(ForbiddenError);
    const returned = await act('inspector', 'C01', 'return', { reason: 'Check 2.1.1 against the plan' });
    expect(returned).toMatchObject({ state: 'returned', returnReason: 'Check 2.1.1 against the plan' });
    expect(returned.returnedAt).not.toBeNull();

    // Withdrawing: the lead only, with a reason.
    await expect(act('assessor', 'C01', 'withdraw', { reason: 'Moved away' })).rejects.toBeInstanceOf(ForbiddenError);
    // Another assessor's case is one a local assessor may not read: not found, for a change too.
    await expect(act('assessor', 'C02', 'withdraw', { reason: 'Moved away' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(act('inspector', 'C02', 'withdraw', { reason: 'Moved away' })).rejects.toBeInstanceOf(ForbiddenError);
    err = await act('lead', 'C02', 'withdraw', { reason: ' ' }).catch((e: unknown) => e);
    expect(fieldsOf(err)).toEqual([{ field: 'reason', message: 'Enter a reason for withdrawing the case from the sample' }]);
    const withdrawn = await act('lead', 'C02', 'withdraw', { reason: 'The case transferred to another service before fieldwork' });
    expect(withdrawn).toMatchObject({ state: 'withdrawn', withdrawnReason: 'The case transferred to another service before fieldwork', withdrawnBy: f.accountIds.lead });
    await expect(answerOne('otherAssessor', 'C02', '2.1.1', 'yes')).rejects.toThrow(/withdrawn: it must be reinstated/);
    await expect(act('lead', 'C02', 'withdraw', { reason: 'again' })).rejects.toThrow(/C02 is withdrawn, so you cannot withdraw it/);

    await f.services.cases.saveAnswers(u.inspector, f.caseIds.Y01, { answers: completeAnswers(3) });
    await act('inspector', 'Y01', 'submit');
    await expect(act('inspector', 'Y01', 'quality-assure')).rejects.toBeInstanceOf(ForbiddenError);
    await act('lead', 'Y01', 'quality-assure');

    err = await move('panel').catch((e: unknown) => e);
    expect(fieldsOf(err)).toEqual([{ field: 'phase', message: '1 case was returned and awaits correction: C01 (returned)' }]);

    // The assessor's edit reopens it (in progress), in history; then it is submitted again.
    const saved = await answerOne('assessor', 'C01', '2.1.1', 'no');
    expect(saved.caseState).toBe('in-progress');
    const history = await f.services.history.forCase(u.lead, f.caseIds.C01);
    expect(history.filter((h) => h.entity === 'case').map((h) => h.action)).toEqual(['create', 'start', 'submit', 'return', 'reopen']);
    expect(history.find((h) => h.action === 'return')).toMatchObject({ actorId: f.accountIds.inspector, reason: 'Check 2.1.1 against the plan', after: { state: 'returned' } });
    await act('assessor', 'C01', 'submit');
  });

  it('lists the cases not yet quality assured and moves on only when the lead acknowledges them', async () => {
    await expect(move('panel', { acknowledgeUnassured: true }, 'inspector')).rejects.toBeInstanceOf(ForbiddenError);
    const err = await move('panel').catch((e: unknown) => e);
    expect(fieldsOf(err)).toEqual([{ field: 'acknowledgeUnassured', message: expect.stringMatching(/^1 case is submitted but not yet quality assured: C01 \(submitted\)/) }]);
    const moved = await move('panel', { acknowledgeUnassured: true });
    expect(moved.phase).toBe('panel');
    const [h] = (await f.store.query<{ after: { notQualityAssured?: string[] }; reason: string }>(
      `SELECT after, reason FROM history WHERE entity = 'inspection' AND action = 'phase' ORDER BY id DESC LIMIT 1`));
    expect(h!.after.notQualityAssured).toEqual(['C01']);
  });

  it('in the panel: no case work, quality assurance goes on, and only the lead returns a case, which its assessor corrects there', async () => {
    await expect(answerOne('assessor', 'C01', '2.1.1', 'yes')).rejects.toThrow(/ratings panel/);
    await expect(act('lead', 'C02', 'reinstate')).rejects.toThrow(/only in planning or fieldwork/);
    await expect(act('inspector', 'C01', 'return', { reason: 'Look again' })).rejects.toThrow(/only the lead inspector may return it/);
    await act('inspector', 'C01', 'quality-assure');
    await act('lead', 'C01', 'return', { reason: 'The panel questions 2.1.1' });
    // Leaving the panel needs it finished again.
    await expect(move('reporting')).rejects.toThrow(/C01 \(returned\)/);
    await expect(answerOne('inspector', 'C01', '2.1.1', 'yes')).rejects.toBeInstanceOf(ForbiddenError);
    // Another local assessor does not even see the case.
    await expect(answerOne('otherAssessor', 'C01', '2.1.1', 'yes')).rejects.toBeInstanceOf(NotFoundError);
    expect((await answerOne('assessor', 'C01', '2.1.1', 'yes')).caseState).toBe('in-progress');
    await expect(move('reporting')).rejects.toThrow(/C01 \(in progress\)/);
    await act('assessor', 'C01', 'submit');
    expect((await move('reporting')).phase).toBe('reporting');
    await expect(act('lead', 'C01', 'return', { reason: 'Too late' })).rejects.toThrow(/only in fieldwork or the ratings panel/);
  });

  it('refuses to publish without a decision on every eligible standard and the judgements, even for a draft', async () => {
    const view = await f.services.inspections.workflow(u.readOnly, f.inspectionId);
    const eligible = view.snapshot.eligibleStandards;
    expect(eligible.length).toBeGreaterThan(0);
    const publish = view.steps.find((s) => s.to === 'published')!;
    expect(publish.blockers.map((b) => b.kind)).toEqual(['discretion-undecided', 'judgements-missing']);
    expect(publish.blockers[0]!.standards).toEqual(eligible);
    expect(publish.blockers[1]!.standards).toEqual(['1.1', '1.2', '1.3', '1.4']);
    const err = await move('published', { publishDraft: true }).catch((e: unknown) => e);
    expect(fieldsOf(err).map((x) => x.field)).toEqual(['phase', 'phase']);
    expect(fieldsOf(err)[0]!.message).toContain(`has not recorded a decision (apply or decline discretion) on ${eligible.join(', ')}`);
    expect((await ins()).phase).toBe('reporting');

    // Declining: a panel member, an eligible standard, a reason; recorded with who, when and why.
    const [first, ...rest] = eligible;
    await expect(f.services.discretion.decline(u.lead, f.inspectionId, first!, { reason: 'x', version: 0 })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(f.services.discretion.decline(u.panel, f.inspectionId, '1.1', { reason: 'x', version: 0 })).rejects.toBeInstanceOf(ValidationError);
    const notEligible = ['2.1', '2.2', '2.3', '2.4', '3.1', '3.2', '3.3', '3.4'].find((s) => !eligible.includes(s));
    if (notEligible) await expect(f.services.discretion.decline(u.panel, f.inspectionId, notEligible, { reason: 'x', version: 0 })).rejects.toThrow(/not eligible/);
    await expect(f.services.discretion.decline(u.panel, f.inspectionId, first!, { reason: '', version: 0 })).rejects.toThrow(/Enter the reason for keeping the computed rating/);
    const before = await f.services.ratings.forInspection(u.panel, f.inspectionId);
    const declined = await f.services.discretion.decline(u.panel, f.inspectionId, first!, { reason: 'One case; the other key questions agree', version: 0 });
    expect(declined).toMatchObject({ standardId: first, decision: 'decline', rating: null, decidedBy: f.accountIds.panel, reason: 'One case; the other key questions agree' });
    // The engine ignores a decline.
    expect(await f.services.ratings.forInspection(u.panel, f.inspectionId)).toEqual(before);
    const [h] = await f.store.query<{ action: string; reason: string; actor_id: string }>(`SELECT action, reason, actor_id FROM history WHERE entity = 'discretion' ORDER BY id DESC LIMIT 1`);
    expect(h).toEqual({ action: 'decline', reason: 'One case; the other key questions agree', actor_id: f.accountIds.panel });
    for (const sid of rest) await f.services.discretion.decline(u.panel, f.inspectionId, sid, { reason: `Kept ${sid}`, version: 0 });

    await expect(move('published', { publishDraft: true })).rejects.toThrow(/No judgement recorded on 1.1, 1.2, 1.3, 1.4/);
    for (const sid of ['1.1', '1.2', '1.3', '1.4']) {
      await f.services.domain1.recordJudgement(u.lead, f.inspectionId, sid, { rating: 'Good', rationale: `Evidence for ${sid}`, version: 0 });
    }
    // Withdrawing a decision takes the standard back to undecided.
    const d = (await f.services.discretion.list(u.panel, f.inspectionId)).find((x) => x.standardId === first)!;
    await f.services.discretion.withdraw(u.panel, f.inspectionId, first!, { version: d.version });
    await expect(move('published', { publishDraft: true })).rejects.toThrow(new RegExp(`decision \\(apply or decline discretion\\) on ${first!.replace('.', '\\.')}$`));
    await f.services.discretion.decline(u.panel, f.inspectionId, first!, { reason: 'Kept after all', version: 0 });

    expect((await move('published', { publishDraft: true })).phase).toBe('published');
  });
});
