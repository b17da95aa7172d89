/**
 * Case assessment pages generated from the framework definitions: nothing here is written per standard.
 * A standard's page lists its key questions and their prompts as Yes / No / Not relevant radios, with the
 * framework's words for who is in the sub-sample, an evidence note per key question, and a warning when a
 * key question's answer points the other way from every prompt answered under it.
 */
import { caseStandards, missingOnStandard } from '../core/assessment/index.js';
import type { KeyQuestionDef, StandardDef } from '../core/framework/types.js';

export const ANSWER_VALUES = ['yes', 'no', 'not-relevant'] as const;
export type AnswerValue = (typeof ANSWER_VALUES)[number];
export const ANSWER_LABELS: Record<AnswerValue, string> = { yes: 'Yes', no: 'No', 'not-relevant': 'Not relevant' };

/** One recorded answer to a key question or prompt, as the page needs it. */
export interface RecordedAnswer {
  readonly value: AnswerValue | null;
  readonly note?: string | null;
  /** Optimistic-concurrency version of the stored answer; absent when never saved. */
  readonly version?: number | null;
}

export type AnswerLookup = (questionId: string) => RecordedAnswer | undefined;

export function isAnswerValue(v: unknown): v is AnswerValue {
  return typeof v === 'string' && (ANSWER_VALUES as readonly string[]).includes(v);
}

/** Form field names: dots are kept out so that body parsers never read them as paths. */
export function fieldName(questionId: string): string {
  return `q_${questionId.replace(/\./g, '_')}`;
}
export function noteFieldName(questionId: string): string {
  return `note_${questionId.replace(/\./g, '_')}`;
}
export function versionFieldName(questionId: string): string {
  return `v_${questionId.replace(/\./g, '_')}`;
}

/**
 * A key question "diverges" when it is answered Yes while every prompt answered under it is No, or No while
 * every prompt answered is Yes. Prompts are finer questions, so a mixed picture is normal; a unanimous
 * contrary one usually means a slip, and the assessor should look again (the answer is still theirs).
 */
export function divergence(keyQuestion: AnswerValue | null, prompts: readonly (AnswerValue | null)[]): string | null {
  const answered = prompts.filter((p): p is 'yes' | 'no' => p === 'yes' || p === 'no');
  if (answered.length === 0 || (keyQuestion !== 'yes' && keyQuestion !== 'no')) return null;
  if (keyQuestion === 'yes' && answered.every((p) => p === 'no')) {
    return `You answered Yes, but every prompt you answered under this question is No (${answered.length} of ${answered.length}). Check the answer before you continue.`;
  }
  if (keyQuestion === 'no' && answered.every((p) => p === 'yes')) {
    return `You answered No, but every prompt you answered under this question is Yes (${answered.length} of ${answered.length}). Check the answer before you continue.`;
  }
  return null;
}

export interface RadioItem { value: AnswerValue; text: string; checked: boolean }

function radioItems(current: AnswerValue | null | undefined): RadioItem[] {
  return ANSWER_VALUES.map((value) => ({ value, text: ANSWER_LABELS[value], checked: current === value }));
}

export interface PromptView {
  readonly id: string;
  readonly text: string;
  readonly whereApplicable: boolean;
  readonly name: string;
  readonly versionName: string;
  readonly version: number | null;
  readonly items: RadioItem[];
  readonly error?: string;
}

export interface KeyQuestionView {
  readonly id: string;
  readonly text: string;
  /** Who is in the sub-sample, in the framework's words. */
  readonly subSampleLabel: string;
  readonly subSampleHint: string;
  readonly name: string;
  readonly noteName: string;
  readonly versionName: string;
  readonly version: number | null;
  readonly note: string;
  readonly items: RadioItem[];
  readonly prompts: PromptView[];
  readonly divergence: string | null;
  readonly error?: string;
  /** A problem with the evidence note (its length), shown on the note. */
  readonly noteError?: string;
}

export interface StandardPageView {
  readonly id: string;
  readonly name: string;
  readonly statement: string;
  readonly keyQuestions: KeyQuestionView[];
}

export function subSampleHint(kq: KeyQuestionDef): string {
  if (kq.subSample === 'all') return `Answer for every case (${kq.subSampleLabel}).`;
  return `Only for ${kq.subSampleLabel}. Otherwise choose Not relevant.`;
}

/** Page model for one standard. `errors` maps question ids to messages to show inline. */
export function standardPage(standard: StandardDef, answer: AnswerLookup, errors: ReadonlyMap<string, string> = new Map()): StandardPageView {
  return {
    id: standard.id,
    name: standard.name,
    statement: standard.statement,
    keyQuestions: standard.keyQuestions.map((kq) => {
      const a = answer(kq.id);
      const prompts: PromptView[] = kq.prompts.map((p) => {
        const pa = answer(p.id);
        return {
          id: p.id,
          text: p.text,
          whereApplicable: p.whereApplicable,
          name: fieldName(p.id),
          versionName: versionFieldName(p.id),
          version: pa?.version ?? null,
          items: radioItems(pa?.value),
          ...(errors.has(p.id) ? { error: errors.get(p.id)! } : {}),
        };
      });
      return {
        id: kq.id,
        text: kq.text,
        subSampleLabel: kq.subSampleLabel,
        subSampleHint: subSampleHint(kq),
        name: fieldName(kq.id),
        noteName: noteFieldName(kq.id),
        versionName: versionFieldName(kq.id),
        version: a?.version ?? null,
        note: a?.note ?? '',
        items: radioItems(a?.value),
        prompts,
        divergence: divergence(a?.value ?? null, kq.prompts.map((p) => answer(p.id)?.value ?? null)),
        ...(errors.has(kq.id) ? { error: errors.get(kq.id)! } : {}),
        ...(errors.has(`note:${kq.id}`) ? { noteError: errors.get(`note:${kq.id}`)! } : {}),
      };
    }),
  };
}

export { caseStandards };

export type TaskStatus = 'Not started' | 'In progress' | 'Completed';

/** A standard is complete when every key question is answered, and every prompt under a relevant one. */
export function standardStatus(standard: StandardDef, answer: AnswerLookup): TaskStatus {
  let needed = 0;
  let done = 0;
  for (const kq of standard.keyQuestions) {
    needed++;
    const v = answer(kq.id)?.value ?? null;
    if (v) done++;
    if (v === 'not-relevant') continue;
    for (const p of kq.prompts) {
      needed++;
      if (answer(p.id)?.value) done++;
    }
  }
  if (done === 0) return 'Not started';
  return done === needed ? 'Completed' : 'In progress';
}

/** Every unanswered question on a standard, for the error summary: the service's own rule (src/core/assessment). */
export function missingAnswers(standard: StandardDef, answer: AnswerLookup): { id: string; message: string }[] {
  return missingOnStandard(standard, (id) => answer(id)?.value ?? null).map(({ id, message }) => ({ id, message }));
}

/**
 * Read a posted standard page: each question's chosen value, note and version. Values other than the
 * three answers are reported as field errors rather than dropped.
 */
export interface PostedAnswer { questionId: string; value: AnswerValue | null; note: string | null; version: number }

export function readStandardForm(standard: StandardDef, body: Record<string, unknown>): { answers: PostedAnswer[]; errors: Map<string, string> } {
  const answers: PostedAnswer[] = [];
  const errors = new Map<string, string>();
  const str = (k: string): string | undefined => {
    const v = body[k];
    return typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined;
  };
  // The version the page was rendered with; 0 for an answer that did not exist then.
  const version = (id: string): number => {
    const n = Number(str(versionFieldName(id)) ?? '');
    return Number.isInteger(n) && n >= 0 ? n : 0;
  };
  const take = (id: string, withNote: boolean): void => {
    const raw = str(fieldName(id));
    let value: AnswerValue | null = null;
    if (raw !== undefined && raw !== '') {
      if (isAnswerValue(raw)) value = raw;
      else errors.set(id, `Choose Yes, No or Not relevant for ${id}`);
    }
    const note = withNote ? (str(noteFieldName(id)) ?? '').trim() : '';
    answers.push({ questionId: id, value, note: withNote ? note || null : null, version: version(id) });
  };
  for (const kq of standard.keyQuestions) {
    take(kq.id, true);
    for (const p of kq.prompts) take(p.id, false);
  }
  return { answers, errors };
}
