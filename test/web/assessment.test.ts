/** Case-assessment pages are generated from the framework definitions, for every version. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BUILT_IN_FRAMEWORKS, getFramework } from '../../src/core/framework/index.js';
import {
  caseStandards,
  divergence,
  fieldName,
  missingAnswers,
  noteFieldName,
  readStandardForm,
  standardPage,
  standardStatus,
  versionFieldName,
  type AnswerValue,
  type RecordedAnswer,
} from '../../src/web/assessment.js';
import { createViewEnvironment } from '../../src/web/views.js';

const none = (): RecordedAnswer | undefined => undefined;

describe('standard pages from the framework', () => {
  for (const version of BUILT_IN_FRAMEWORKS) {
    const fw = getFramework(version);
    it(`${version}: every case-assessed standard of domains 2 and 3 gets a page with every key question and prompt`, () => {
      const env = createViewEnvironment();
      for (const domain of [2, 3]) {
        const standards = caseStandards(fw, domain);
        expect(standards.length).toBeGreaterThanOrEqual(3);
        for (const s of standards) {
          const view = standardPage(s, none);
          expect(view.keyQuestions.map((k) => k.id)).toEqual(s.keyQuestions.map((k) => k.id));
          const html = env.render('pages/standard.njk', { page: view, case: { ref: 'C01', version: 1 }, canEdit: true, formAction: '/x', pageTitle: s.name });
          for (const kq of s.keyQuestions) {
            expect(html).toContain(`name="${fieldName(kq.id)}"`);
            expect(html).toContain(`name="${noteFieldName(kq.id)}"`);
            // The sub-sample guidance is the framework's own words.
            expect(html).toContain(kq.subSampleLabel.replace(/'/g, '&#39;'));
            for (const p of kq.prompts) expect(html).toContain(`name="${fieldName(p.id)}"`);
          }
          expect(html.match(/value="not-relevant"/g)?.length).toBe(s.keyQuestions.reduce((n, k) => n + 1 + k.prompts.length, 0));
        }
      }
    });
  }

  it('2018 3.4.2 tells the assessor it is for youth conditional cautions only', () => {
    const s = getFramework('2018').standards.find((x) => x.id === '3.4')!;
    const kq = standardPage(s, none).keyQuestions.find((k) => k.id === '3.4.2')!;
    expect(kq.subSampleHint).toMatch(/^Only for .*conditional caution/i);
  });

  it('judgement standards are not case-assessed', () => {
    expect(caseStandards(getFramework('2021'), 3).map((s) => s.id)).not.toContain('3.4');
    expect(caseStandards(getFramework('2018'), 1)).toEqual([]);
  });
});

describe('divergence between a key question and its prompts', () => {
  it('warns only when every answered prompt points the other way', () => {
    expect(divergence('yes', ['no', 'no', null])).toMatch(/You answered Yes/);
    expect(divergence('no', ['yes', 'not-relevant', 'yes'])).toMatch(/You answered No/);
    expect(divergence('yes', ['no', 'yes'])).toBeNull();
    expect(divergence('yes', [null, 'not-relevant'])).toBeNull();
    expect(divergence('not-relevant', ['no'])).toBeNull();
    expect(divergence(null, ['no'])).toBeNull();
  });

  it('never warns when the key question agrees with any answered prompt (property)', () => {
    const answer = fc.constantFrom<AnswerValue | null>('yes', 'no', 'not-relevant', null);
    fc.assert(
      fc.property(fc.constantFrom<AnswerValue>('yes', 'no'), fc.array(answer, { maxLength: 8 }), (kq, prompts) => {
        const warned = divergence(kq, prompts) !== null;
        const agreeing = prompts.some((p) => p === kq);
        const answered = prompts.some((p) => p === 'yes' || p === 'no');
        expect(warned).toBe(answered && !agreeing);
      }),
    );
  });
});

describe('reading a posted standard page', () => {
  const s = getFramework('2018').standards.find((x) => x.id === '2.2')!;

  it('round-trips answers, notes and versions, and names bad values', () => {
    const body: Record<string, string> = {};
    const kq = s.keyQuestions[0]!;
    body[fieldName(kq.id)] = 'yes';
    body[noteFieldName(kq.id)] = '  Plan addresses desistance  ';
    body[versionFieldName(kq.id)] = '3';
    body[fieldName(kq.prompts[0]!.id)] = 'maybe';
    const { answers, errors } = readStandardForm(s, body);
    const first = answers.find((a) => a.questionId === kq.id)!;
    expect(first).toEqual({ questionId: kq.id, value: 'yes', note: 'Plan addresses desistance', version: 3 });
    expect(answers.find((a) => a.questionId === kq.prompts[1]!.id)).toMatchObject({ value: null, version: 0 });
    expect(errors.get(kq.prompts[0]!.id)).toMatch(/Choose Yes, No or Not relevant/);
  });

  it('status and missing answers follow the sub-sample: prompts under Not relevant are not required', () => {
    const answers = new Map<string, RecordedAnswer>();
    const look = (id: string) => answers.get(id);
    expect(standardStatus(s, look)).toBe('Not started');
    for (const kq of s.keyQuestions) answers.set(kq.id, { value: 'not-relevant' });
    expect(standardStatus(s, look)).toBe('Completed');
    expect(missingAnswers(s, look)).toEqual([]);
    const kq = s.keyQuestions[0]!;
    answers.set(kq.id, { value: 'yes' });
    expect(standardStatus(s, look)).toBe('In progress');
    expect(missingAnswers(s, look).map((m) => m.id)).toEqual(kq.prompts.map((p) => p.id));
  });
});
