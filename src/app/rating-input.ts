/**
 * The rating engine's input for one inspection, read from the store: the cases' answers, the judgements and
 * the panel's discretion decisions. Shared by the ratings view and the discretion check.
 */
import type { Queryable } from '../store/index.js';
import { getFramework, type Framework, type FrameworkVersion } from '../core/framework/index.js';
import type { RateInput } from '../core/rating/index.js';
import type { DomainCode } from '../core/vocabulary.js';
import { fetchJudgements } from './domain1.js';

export interface DiscretionRecord {
  readonly standardId: string;
  readonly rating: 'Inadequate' | 'Requires improvement' | 'Good' | 'Outstanding';
  readonly reason: string;
  readonly decidedBy: string | null;
  readonly version: number;
}

export async function fetchDiscretion(db: Queryable, inspectionId: string): Promise<DiscretionRecord[]> {
  const rows = await db.query<{ standard_id: string; rating: DiscretionRecord['rating']; reason: string; decided_by: string | null; version: number }>(
    `SELECT standard_id, rating, reason, decided_by, version FROM discretion_decisions WHERE inspection_id = $1 ORDER BY standard_id`,
    [inspectionId],
  );
  return rows.map((r) => ({ standardId: r.standard_id, rating: r.rating, reason: r.reason, decidedBy: r.decided_by, version: r.version }));
}

export function frameworkFor(version: FrameworkVersion): Framework {
  return getFramework(version);
}

/** The engine's input for one inspection, from what is stored now. */
export async function ratingInput(store: Queryable, inspectionId: string, framework: FrameworkVersion): Promise<RateInput> {
  const def = frameworkFor(framework);
  const judgementIds = new Set(def.standards.filter((s) => s.kind === 'judgement').map((s) => s.id));
  const known = new Set(
    def.standards.filter((s) => s.kind === 'case-assessed').flatMap((s) => s.keyQuestions.flatMap((k) => [k.id, ...k.prompts.map((p) => p.id)])),
  );
  // One after the other: inside a transaction `store` is a single connection, which takes one query at a time.
  const cases = await store.query<{ id: string; ref: string; domain: number }>(`SELECT id, ref, domain FROM cases WHERE inspection_id = $1 ORDER BY ref`, [inspectionId]);
  const answers = await store.query<{ case_id: string; question_id: string; answer: 'yes' | 'no' | 'not-relevant' }>(
    `SELECT a.case_id, a.question_id, a.answer FROM answers a JOIN cases c ON c.id = a.case_id WHERE c.inspection_id = $1`,
    [inspectionId],
  );
  const judgements = await fetchJudgements(store, inspectionId);
  const discretion = await fetchDiscretion(store, inspectionId);
  const byCase = new Map<string, Record<string, 'yes' | 'no' | 'not-relevant'>>();
  for (const a of answers) {
    // Answers to questions this framework version does not have cannot count; they stay stored.
    if (!known.has(a.question_id)) continue;
    const m = byCase.get(a.case_id) ?? {};
    m[a.question_id] = a.answer;
    byCase.set(a.case_id, m);
  }
  const standards: NonNullable<RateInput['standards']> = {};
  for (const j of judgements) if (judgementIds.has(j.standardId)) standards[j.standardId] = { judgement: j.rating };
  return {
    framework,
    standards,
    cases: cases
      .filter((c) => def.domains.some((d) => d.id === c.domain))
      .map((c) => ({ ref: c.ref, domain: c.domain as DomainCode, answers: byCase.get(c.id) ?? {} })),
    discretion: discretion.map((d) => ({ standard: d.standardId, rating: d.rating, reason: d.reason })),
  };
}

