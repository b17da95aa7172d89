/**
 * The rating engine's input for one inspection, read from the store: the cases' answers, the judgements and
 * the panel's discretion decisions, with the moderation's resolutions in place of the first marker's answers
 * where two markers disagreed. Shared by the ratings view and the discretion check.
 */
import type { Queryable } from '../store/index.js';
import { getFramework, type Framework, type FrameworkVersion } from '../core/framework/index.js';
import type { RateInput } from '../core/rating/index.js';
import { countCases, isCountedState, type CaseCounts } from '../core/assessment/counted.js';
import type { DomainCode } from '../core/vocabulary.js';
import { fetchJudgements } from './domain1.js';
import { memoised } from './scope.js';

/** The panel's decision on a standard: apply discretion (a rating one band away) or decline it (no rating). */
export interface DiscretionRecord {
  readonly standardId: string;
  readonly decision: 'apply' | 'decline';
  /** The rating applied; null for a decline. */
  readonly rating: 'Inadequate' | 'Requires improvement' | 'Good' | 'Outstanding' | null;
  readonly reason: string;
  readonly decidedBy: string | null;
  readonly decidedAt: string;
  readonly version: number;
}

/** Read once per request scope: the decisions list and the ratings share it. */
export async function fetchDiscretion(db: Queryable, inspectionId: string): Promise<DiscretionRecord[]> {
  const rows = await memoised(db, `discretion:${inspectionId}`, () => db.query<{ standard_id: string; decision: DiscretionRecord['decision']; rating: DiscretionRecord['rating']; reason: string; decided_by: string | null; decided_at: string | Date; version: number }>(
    `SELECT standard_id, decision, rating, reason, decided_by, decided_at, version FROM discretion_decisions WHERE inspection_id = $1 ORDER BY standard_id`,
    [inspectionId],
  ));
  return rows.map((r) => ({
    standardId: r.standard_id, decision: r.decision, rating: r.rating, reason: r.reason, decidedBy: r.decided_by,
    decidedAt: new Date(r.decided_at).toISOString(), version: r.version,
  }));
}

export function frameworkFor(version: FrameworkVersion): Framework {
  return getFramework(version);
}

/** The engine's input for one inspection, from what is stored now: finished cases only. */
export async function ratingInput(store: Queryable, inspectionId: string, framework: FrameworkVersion): Promise<RateInput> {
  return (await ratingInputWithCounts(store, inspectionId, framework)).input;
}

/** Everything the ratings and the workflow's snapshot are made of, read from the store in one pass. */
export interface RatingParts {
  /** The engine's input: the finished cases' answers, the judgements, the applied discretion. */
  readonly input: RateInput;
  /** Which cases in which states the input counted and left out. */
  readonly cases: CaseCounts;
  /** Every case of the inspection (any domain), by reference: the workflow machine's cases. */
  readonly caseStates: readonly { readonly id: string; readonly ref: string; readonly state: string }[];
  /** The panel's recorded decisions, declines included. */
  readonly decisions: readonly DiscretionRecord[];
  /** The standards with a recorded judgement. */
  readonly judgements: readonly string[];
}

/** The engine's input, and which cases in which states it counted and left out. */
export async function ratingInputWithCounts(store: Queryable, inspectionId: string, framework: FrameworkVersion): Promise<{ input: RateInput; cases: CaseCounts }> {
  const { input, cases } = await ratingParts(store, inspectionId, framework);
  return { input, cases };
}

/** The rating parts of one inspection as stored now (see RatingParts). */
export async function ratingParts(store: Queryable, inspectionId: string, framework: FrameworkVersion): Promise<RatingParts> {
  const def = frameworkFor(framework);
  const judgementIds = new Set(def.standards.filter((s) => s.kind === 'judgement').map((s) => s.id));
  const known = new Set(
    def.standards.filter((s) => s.kind === 'case-assessed').flatMap((s) => s.keyQuestions.flatMap((k) => [k.id, ...k.prompts.map((p) => p.id)])),
  );
  // One after the other: inside a transaction `store` is a single connection, which takes one query at a time.
  // The cases with their answers in one statement (a case with none still counts in the sample). Where two
  // markers disagreed and the lead resolved it, the resolved answer is the one the ratings count (a resolution
  // is only ever of a question the first marker answered).
  const rows = await store.query<{ id: string; ref: string; domain: number; state: string; question_id: string | null; answer: 'yes' | 'no' | 'not-relevant' | null }>(
    `SELECT c.id, c.ref, c.domain, c.state, a.question_id, COALESCE(r.answer, a.answer) AS answer
       FROM cases c LEFT JOIN answers a ON a.case_id = c.id
       LEFT JOIN moderation_resolutions r ON r.case_id = a.case_id AND r.question_id = a.question_id
      WHERE c.inspection_id = $1 ORDER BY c.ref, c.id`,
    [inspectionId],
  );
  const judgements = await fetchJudgements(store, inspectionId);
  const discretion = await fetchDiscretion(store, inspectionId);
  const all: { id: string; ref: string; domain: number; state: string }[] = [];
  const byCase = new Map<string, Record<string, 'yes' | 'no' | 'not-relevant'>>();
  for (const r of rows) {
    if (all.at(-1)?.id !== r.id) all.push({ id: r.id, ref: r.ref, domain: r.domain, state: r.state });
    // Answers to questions this framework version does not have cannot count; they stay stored.
    if (r.question_id === null || r.answer === null || !known.has(r.question_id)) continue;
    const m = byCase.get(r.id) ?? {};
    m[r.question_id] = r.answer;
    byCase.set(r.id, m);
  }
  const inFramework = all.filter((c) => def.domains.some((d) => d.id === c.domain));
  // Answers in cases still being worked on (or returned, or withdrawn) never move a figure.
  const cases = inFramework.filter((c) => isCountedState(c.state));
  const standards: NonNullable<RateInput['standards']> = {};
  for (const j of judgements) if (judgementIds.has(j.standardId)) standards[j.standardId] = { judgement: j.rating };
  const input: RateInput = {
    framework,
    standards,
    cases: cases.map((c) => ({ ref: c.ref, domain: c.domain as DomainCode, answers: byCase.get(c.id) ?? {} })),
    // A decline is a recorded decision to keep the computed rating: nothing for the engine to apply.
    discretion: discretion.flatMap((d) => (d.decision === 'apply' && d.rating ? [{ standard: d.standardId, rating: d.rating, reason: d.reason }] : [])),
  };
  return {
    input,
    cases: countCases(inFramework),
    caseStates: all.map((c) => ({ id: c.id, ref: c.ref, state: c.state })),
    decisions: discretion,
    judgements: judgements.map((j) => j.standardId),
  };
}
