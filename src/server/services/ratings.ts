/**
 * Ratings on the live data: builds the rating engine's input from the stored answers, judgements and
 * discretion decisions, and calls the engine (src/core/rating). Nothing derived is stored.
 */
import type { Queryable, Store } from '../../store/index.js';
import { getFramework, type Framework, type FrameworkVersion } from '../../core/framework/index.js';
import { rate, RatingInputError, type RateInput, type RateOutput } from '../../core/rating/index.js';
import { loadInspection, type User } from './context.js';
import { fetchDiscretion } from './discretion.js';
import { fetchJudgements } from './domain1.js';

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
      .map((c) => ({ ref: c.ref, domain: c.domain as 2 | 3 | 4, answers: byCase.get(c.id) ?? {} })),
    discretion: discretion.map((d) => ({ standard: d.standardId, rating: d.rating, reason: d.reason })),
  };
}

export function ratingService(store: Store) {
  return {
    /**
     * The engine's output on the live answers and decisions. A recorded discretion decision that the
     * figures no longer allow is left out and reported as a warning, never silently applied.
     */
    async forInspection(actor: User, inspectionId: string): Promise<RateOutput> {
      const ins = await loadInspection(store, actor, inspectionId);
      const input = await ratingInput(store, inspectionId, ins.framework_version);
      const framework = frameworkFor(ins.framework_version);
      try {
        return rate(input, framework);
      } catch (err) {
        if (!(err instanceof RatingInputError)) throw err;
        const all = input.discretion ?? [];
        const kept = all.filter((d) => {
          try {
            rate({ ...input, discretion: [d] }, framework);
            return true;
          } catch {
            return false;
          }
        });
        const out = rate({ ...input, discretion: kept }, framework);
        const dropped = all.filter((d) => !kept.includes(d));
        return {
          ...out,
          warnings: [
            ...out.warnings,
            ...dropped.map((d) => ({
              code: 'discretion-not-applicable',
              standard: d.standard,
              message: `The panel's decision to rate ${d.standard} ${d.rating} no longer fits the figures (not eligible, or more than one band from the computed rating); review it.`,
            })),
          ],
        };
      }
    },
  };
}
