/**
 * Ratings on the live data: builds the rating engine's input from the stored answers of the finished cases,
 * judgements and discretion decisions, and calls the engine (src/core/rating). Nothing derived is stored in the
 * database: the result is kept in memory per inspection and data version (migration 0720 counts every committed
 * change to what the ratings are made from, case states included), so reads do not recompute it, and read once
 * per request scope.
 */
import { z } from 'zod';
import type { Store } from '../store/index.js';
import type { Framework } from '../core/framework/index.js';
import { rate, RateOutputSchema, RatingInputError, type RateInput, type RateOutput } from '../core/rating/index.js';
import type { CaseCounts } from '../core/assessment/counted.js';
import { DEFAULT_AUTHORIZER, loadInspectionRecord, type Authorizer, type InspectionRow, type User } from './context.js';
import { frameworkFor, ratingParts, type RatingParts } from './rating-input.js';
import { memoised } from './scope.js';

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

/** The rating engine as the services call it (src/core/rating's `rate`, unless AppConfig gives another). */
export type RatingEngine = (input: RateInput, framework: Framework) => RateOutput;

/** What the ratings were made from (input, counted cases, decisions, judgements) and the engine's output, at one data version. */
export interface LiveRatings extends RatingParts {
  /** Null when the engine refused the input (`error` says why). */
  readonly output: RateOutput | null;
  readonly error?: unknown;
}

/** The ratings with what they were computed from: the inspection and the engine's input (finished cases only). */
export interface RatingsWithInput {
  readonly inspection: InspectionRow;
  readonly input: RateInput;
  readonly ratings: InspectionRatings;
}

/**
 * The last ratings of each inspection, by data version: at most `entries` inspections, the least recently
 * read dropped first. Shared by every request scope of one `createServices`.
 */
export class RatingCache {
  private readonly byInspection = new Map<string, { readonly key: string; readonly live: LiveRatings }>();
  constructor(readonly entries = 256) {}
  get(inspectionId: string, key: string): LiveRatings | undefined {
    const e = this.byInspection.get(inspectionId);
    if (!e || e.key !== key) return undefined;
    this.byInspection.delete(inspectionId);
    this.byInspection.set(inspectionId, e);
    return e.live;
  }
  set(inspectionId: string, key: string, live: LiveRatings): void {
    if (this.entries <= 0) return;
    this.byInspection.delete(inspectionId);
    this.byInspection.set(inspectionId, { key, live });
    while (this.byInspection.size > this.entries) this.byInspection.delete(this.byInspection.keys().next().value!);
  }
}

/** Shared between readers: nobody may change a cached result under another. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * The engine's output on the live answers and decisions. A recorded discretion decision that the figures no
 * longer allow is left out and reported as a warning, never silently applied.
 */
export function rateLive(input: RateInput, framework: Framework, engine: RatingEngine = rate): RateOutput {
  try {
    return engine(input, framework);
  } catch (err) {
    if (!(err instanceof RatingInputError)) throw err;
    const all = input.discretion ?? [];
    const kept = all.filter((d) => {
      try {
        engine({ ...input, discretion: [d] }, framework);
        return true;
      } catch {
        return false;
      }
    });
    const out = engine({ ...input, discretion: kept }, framework);
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

export function ratingService(store: Store, auth: Authorizer = DEFAULT_AUTHORIZER, options: { readonly cache?: RatingCache; readonly engine?: RatingEngine } = {}) {
  const cache = options.cache ?? new RatingCache();
  const engine = options.engine ?? rate;
  /** The counts are everyone's; the references left out only those the reader may open (a local assessor: their own). */
  async function visibleCounts(actor: User, ins: InspectionRow, cases: CaseCounts): Promise<CaseCounts> {
    if (auth.reads(actor, ins, 'case.read') === 'all') return cases;
    const own = new Set((await store.query<{ ref: string }>(`SELECT ref FROM cases WHERE inspection_id = $1 AND assessor_id = $2`, [ins.id, actor.id])).map((r) => r.ref));
    return { ...cases, refsNotCounted: cases.refsNotCounted.filter((c) => own.has(c.ref)) };
  }
  /** The parts and output at the inspection's current data version: from the cache, or read and rated now. */
  async function live(actor: User, inspectionId: string): Promise<LiveRatings> {
    const ins = await loadInspectionRecord(store, actor, inspectionId);
    return memoised(store, `ratings:${inspectionId}`, async () => {
      // The version is read before the data, so a result is never filed under a newer version than its data.
      const key = `${ins.framework_version}:${ins.data_version}`;
      const hit = cache.get(inspectionId, key);
      if (hit) return hit;
      const parts = await ratingParts(store, inspectionId, ins.framework_version);
      let result: LiveRatings;
      try {
        result = deepFreeze({ ...parts, output: rateLive(parts.input, frameworkFor(ins.framework_version), engine) });
      } catch (error) {
        // The error itself is left as it is: whoever reports it may annotate it.
        result = Object.freeze({ ...deepFreeze(parts), output: null, error });
      }
      cache.set(inspectionId, key, result);
      return result;
    });
  }
  async function withInput(actor: User, inspectionId: string): Promise<RatingsWithInput> {
    const ins = await loadInspectionRecord(store, actor, inspectionId);
    auth.requireRead(actor, ins, 'ratings.read', `No ratings for inspection ${inspectionId}`);
    const { output, error, cases, input } = await live(actor, inspectionId);
    if (!output) throw error;
    return { inspection: ins, input, ratings: { ...output, cases: await visibleCounts(actor, ins, cases) } };
  }
  return {
    live,
    /**
     * The engine's output on the finished cases' answers and the decisions (see rateLive), with which cases
     * were counted and which left out.
     */
    async forInspection(actor: User, inspectionId: string): Promise<InspectionRatings> {
      return (await withInput(actor, inspectionId)).ratings;
    },
    /** The same, with the engine's input beside it (for use cases that build on the ratings, e.g. their intervals). */
    withInput,
  };
}

export type RatingService = ReturnType<typeof ratingService>;
