/**
 * Ratings on the live data: builds the rating engine's input from the stored answers, judgements and
 * discretion decisions, and calls the engine (src/core/rating). Nothing derived is stored.
 */
import type { Store } from '../store/index.js';
import { rate, RatingInputError, type RateOutput } from '../core/rating/index.js';
import { loadInspection, type User } from './context.js';
import { frameworkFor, ratingInput } from './rating-input.js';

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
