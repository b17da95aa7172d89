/** The service's rules: a case is submitted only when complete; discretion only as the rating engine allows. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingAnswers } from '../../src/core/assessment/index.js';
import { getFramework } from '../../src/core/framework/index.js';
import { databaseKinds } from '../store/harness.js';
import { completeAnswers, ROLE_EMAILS, signIn, startFixture, type Fixture } from './harness.js';

type FieldErrors = { error: { fields: { field: string; message: string }[] } };

describe('missingAnswers (core)', () => {
  it('asks for every key question first, then the prompts of each relevant one only', () => {
    const fw = getFramework('2018');
    const kqs = fw.standards.filter((s) => s.domain === 2 && s.kind === 'case-assessed').flatMap((s) => s.keyQuestions);
    expect(missingAnswers(fw, 2, () => null).map((m) => m.id)).toEqual(kqs.map((k) => k.id));
    const notRelevant = missingAnswers(fw, 2, (id) => (id.split('.').length === 3 ? 'not-relevant' : null));
    expect(notRelevant).toEqual([]);
    const yes = missingAnswers(fw, 2, (id) => (id.split('.').length === 3 ? 'yes' : null));
    expect(yes.map((m) => m.id)).toEqual(kqs.flatMap((k) => k.prompts.map((p) => p.id)));
  });
});

for (const kind of databaseKinds) {
  describe(`service rules (${kind})`, () => {
    let f: Fixture;
    let lead: string;
    let panel: string;
    beforeAll(async () => {
      f = await startFixture(kind);
      lead = await signIn(f.app, ROLE_EMAILS.lead);
      panel = await signIn(f.app, ROLE_EMAILS.panel);
    });
    afterAll(async () => f?.close());

    const caseVersion = async (id: string) => (await f.services.cases.get(await f.user('lead'), id)).version;
    const submit = async (id: string) =>
      f.app.inject({ method: 'POST', url: `/api/v1/cases/${id}/transitions`, headers: { cookie: lead }, payload: { action: 'submit', version: await caseVersion(id) } });
    const saveAnswers = (id: string, answers: unknown[]) =>
      f.app.inject({ method: 'PUT', url: `/api/v1/cases/${id}/answers`, headers: { cookie: lead }, payload: { answers } });

    it('refuses to submit a case with unanswered questions, naming each, and submits it once complete', async () => {
      const id = f.caseIds.C02;
      const none = await submit(id);
      expect(none.statusCode).toBe(400);
      const fields = (none.json() as FieldErrors).error.fields;
      expect(fields[0]!.message).toMatch(/C02 cannot be submitted/);
      expect(fields.map((x) => x.field)).toContain('answers.2.1.1');

      // Everything answered except one prompt, and a key question marked not relevant (its prompts need nothing).
      const all = completeAnswers(2);
      const kq = '2.3.2';
      const partial = all
        .filter((a) => a.questionId !== '2.1.1.a' && !a.questionId.startsWith(`${kq}.`))
        .map((a) => (a.questionId === kq ? { ...a, answer: 'not-relevant' } : a));
      expect((await saveAnswers(id, partial)).statusCode).toBe(200);
      const one = await submit(id);
      expect(one.statusCode).toBe(400);
      const rest = (one.json() as FieldErrors).error.fields.slice(1);
      expect(rest).toEqual([{ field: 'answers.2.1.1.a', message: 'Answer prompt 2.1.1.a under 2.1.1, or choose Not relevant' }]);
      expect((await f.services.cases.get(await f.user('lead'), id)).state).toBe('in-progress');

      expect((await saveAnswers(id, [{ questionId: '2.1.1.a', answer: 'not-relevant', version: 0 }])).statusCode).toBe(200);
      const done = await submit(id);
      expect(done.statusCode, done.body).toBe(200);
      expect(done.json().state).toBe('submitted');
    });

    const decide = async (standard: string, rating: string) => {
      const current = (await f.services.discretion.list(await f.user('panel'), f.inspectionId)).find((d) => d.standardId === standard);
      return f.app.inject({ method: 'PUT', url: `/api/v1/inspections/${f.inspectionId}/discretion/${standard}`, headers: { cookie: panel }, payload: { rating, reason: 'Panel view', version: current?.version ?? 0 } });
    };

    it('records discretion only where the rating engine allows it, with its reason in words', async () => {
      // Domain 3 has one case with no answers yet: nothing to move.
      const empty = await decide('3.1', 'Good');
      expect(empty.statusCode).toBe(400);
      expect((empty.json() as FieldErrors).error.fields[0]!.message).toMatch(/no computed rating/);

      const judgement = await decide('1.1', 'Good');
      expect(judgement.statusCode).toBe(400);
      expect((judgement.json() as FieldErrors).error.fields[0]).toMatchObject({ field: 'standard' });

      // Y01 answered 'yes' throughout: every 3.x standard is Outstanding on one case, so eligible.
      expect((await saveAnswers(f.caseIds.Y01, completeAnswers(3))).statusCode).toBe(200);
      // Answered but not submitted, it counts for nothing yet.
      expect((await decide('3.1', 'Good')).statusCode).toBe(400);
      expect((await submit(f.caseIds.Y01)).statusCode).toBe(200);
      const same = await decide('3.1', 'Outstanding');
      expect(same.statusCode).toBe(400);
      expect((same.json() as FieldErrors).error.fields[0]).toMatchObject({ field: 'rating', message: expect.stringMatching(/already the computed rating/) });
      const twoBands = await decide('3.1', 'Requires improvement');
      expect(twoBands.statusCode).toBe(400);
      expect((twoBands.json() as FieldErrors).error.fields[0]!.message).toMatch(/2 bands from the computed rating of 3\.1 \(Outstanding\)/);
      expect(await f.services.discretion.list(await f.user('panel'), f.inspectionId)).toEqual([]);

      const ok = await decide('3.1', 'Good');
      expect(ok.statusCode, ok.body).toBe(200);
      const ratings = await f.app.inject({ method: 'GET', url: `/api/v1/inspections/${f.inspectionId}/ratings`, headers: { cookie: panel } });
      const s31 = (ratings.json() as { standards: { id: string; rating: string; computedRating: string }[] }).standards.find((s) => s.id === '3.1')!;
      expect(s31).toMatchObject({ rating: 'Good', computedRating: 'Outstanding' });
    });
  });
}
