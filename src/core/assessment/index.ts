/**
 * When a case's assessment is complete: the one rule the service enforces on submit and the screens show.
 * Every key question of the case's case-assessed standards needs an answer; a key question answered
 * "not relevant" needs nothing more, otherwise each of its prompts needs one (a prompt's "not relevant"
 * counts as an answer, since "Where applicable" prompts are often not).
 */
import type { Framework, StandardDef } from '../framework/index.js';
import { hasResettlementReview, RESETTLEMENT_ASPECTS, RESETTLEMENT_STANDARD } from '../framework/resettlement.js';

export type AnswerValue = 'yes' | 'no' | 'not-relevant';

/** The answer given to a key question or prompt id, or null/undefined when there is none. */
export type AnswerOf = (questionId: string) => AnswerValue | null | undefined;

export interface MissingAnswer {
  /** The key question or prompt id that needs an answer. */
  readonly id: string;
  readonly standard: string;
  readonly keyQuestion: string;
  readonly message: string;
}

/** The standards a case in this domain is assessed against (judgement standards are not case-assessed). */
export function caseStandards(framework: Framework, domain: number): StandardDef[] {
  return framework.standards.filter((s) => s.domain === domain && s.kind === 'case-assessed');
}

/** Every unanswered question on one standard, in printed order. */
export function missingOnStandard(standard: StandardDef, answerOf: AnswerOf): MissingAnswer[] {
  const out: MissingAnswer[] = [];
  for (const kq of standard.keyQuestions) {
    const v = answerOf(kq.id) ?? null;
    if (!v) {
      out.push({ id: kq.id, standard: standard.id, keyQuestion: kq.id, message: `Answer ${kq.id}: ${kq.text}` });
      continue;
    }
    if (v === 'not-relevant') continue;
    for (const p of kq.prompts) {
      if (!answerOf(p.id)) {
        out.push({ id: p.id, standard: standard.id, keyQuestion: kq.id, message: `Answer prompt ${p.id} under ${kq.id}, or choose Not relevant` });
      }
    }
  }
  return out;
}

/** The note written on a resettlement aspect, or null/undefined when there is none. */
export type NoteOf = (aspectId: string) => string | null | undefined;

/** Every resettlement aspect without a note, in order (a resettlement case is complete when each has one). */
export function missingResettlementNotes(noteOf: NoteOf): MissingAnswer[] {
  return RESETTLEMENT_ASPECTS.filter((a) => !(noteOf(a.id) ?? '').trim()).map((a) => ({
    id: `resettlement.${a.id}`,
    standard: RESETTLEMENT_STANDARD,
    keyQuestion: RESETTLEMENT_STANDARD,
    message: `Write a note on ${a.name.charAt(0).toLowerCase()}${a.name.slice(1)}`,
  }));
}

/**
 * Everything missing for a case of `domain`; empty when the case may be submitted. A 2021 resettlement case
 * (domain 4) has no case-assessed standard: it needs a note on each resettlement aspect (`noteOf`).
 */
export function missingAnswers(framework: Framework, domain: number, answerOf: AnswerOf, noteOf: NoteOf = () => null): MissingAnswer[] {
  const onStandards = caseStandards(framework, domain).flatMap((s) => missingOnStandard(s, answerOf));
  return hasResettlementReview(framework.version, domain) ? [...onStandards, ...missingResettlementNotes(noteOf)] : onStandards;
}

/** True when every key question and prompt that applies to the case is answered (and, for resettlement, every note written). */
export function isAssessmentComplete(framework: Framework, domain: number, answerOf: AnswerOf, noteOf: NoteOf = () => null): boolean {
  return missingAnswers(framework, domain, answerOf, noteOf).length === 0;
}
