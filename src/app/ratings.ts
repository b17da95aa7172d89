/**
 * Ratings on the live data: builds the rating engine's input from the stored answers, judgements and
 * discretion decisions, and calls the engine (src/core/rating). Nothing derived is stored.
 */
import { z } from 'zod';
import type { Store } from '../store/index.js';
import { rate, RateOutputSchema, RatingInputError, type RateInput, type RateOutput } from '../core/rating/index.js';
import type { CaseCounts } from '../core/assessment/counted.js';
import { loadInspection, type InspectionRow, type User } from './context.js';
import { frameworkFor, ratingInputWithCounts } from './rating-input.js';

const stateCounts = z.object({ total: z.int().min(0), byState: z.record(z.string(), z.int().min(0)) });

/**
 * The app's ratings: the engine's output (the `rate` contract, unchanged) plus `cases`, which cases the
 * figures counted (submitted and quality assured) and which they left out, by state and by reference.
 */
export const InspectionRatingsSchema = RateOutputSchema.extend({
  cases: z.object({
    counted: stateCounts.meta({ description: 'Cases whose answers the figures use, by state.' }),
    notCounted: stateCounts.meta({ description: 'Cases left out of every figure (not started, in progress, returned, withdrawn…), by state.' }),
    refsNotCounted: z.array(z.object({ ref: z.string(), domain: z.int(), state: z.string() })),
  }),
}).meta({ title: 'yjinspect inspection ratings' });

export type InspectionRatings = RateOutput & { readonly cases: CaseCounts };

/** The ratings with what they were computed from: the inspection and the engine's input (finished cases only). */
export interface RatingsWithInput {
  readonly inspection: InspectionRow;
  readonly input: RateInput;
  readonly ratings: InspectionRatings;
}

export function ratingService(store: Store) {
  async function withInput(actor: User, inspectionId: string): Promise<RatingsWithInput> {
    const ins = await loadInspection(store, actor, inspectionId);
    const { input, cases } = await ratingInputWithCounts(store, inspectionId, ins.framework_version);
    return { inspection: ins, input, ratings: { ...rateKeepingFit(input, frameworkFor(ins.framework_version)), cases } };
  }
  return {
    /**
     * The engine's output on the live answers and decisions. A recorded discretion decision that the
     * figures no longer allow is left out and reported as a warning, never silently applied.
     */
    async forInspection(actor: User, inspectionId: string): Promise<InspectionRatings> {
      return (await withInput(actor, inspectionId)).ratings;
    },
    /** The same, with the engine's input beside it (for use cases that build on the ratings, e.g. their intervals). */
    withInput,
  };
}

export type RatingService = ReturnType<typeof ratingService>;

/**
 * The engine's output. A recorded discretion decision that the figures no longer allow is left out and
 * reported as a warning, never silently applied.
 */
function rateKeepingFit(input: Parameters<typeof rate>[0], framework: Parameters<typeof rate>[1]): RateOutput {
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
}
