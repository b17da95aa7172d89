/**
 * Ratings-panel professional discretion: a decision per case-assessed standard, with a mandatory reason.
 * The panel applies discretion (a rating one band away) or declines it (the computed rating stands); both
 * are recorded with who, when and why, and publishing needs one on every eligible standard.
 */
import { rate, RatingInputError } from '../core/rating/index.js';
import type { Queryable, Store } from '../store/index.js';
import { ConflictError, ValidationError } from './errors.js';
import { findStandard, getFramework, type FrameworkVersion } from '../core/framework/index.js';
import { DEFAULT_AUTHORIZER, loadInspection, recordHistory, type Authorizer, type InspectionRow, type User } from './context.js';
import { fetchDiscretion, frameworkFor, ratingInput, type DiscretionRecord } from './rating-input.js';
export { fetchDiscretion, type DiscretionRecord } from './rating-input.js';
import { declineInput, discretionInput, parse, standardId, withdrawInput } from './schemas.js';

/**
 * The rating engine decides whether this decision fits the current figures (eligible, one band from the
 * computed rating); its reason, in words, goes back as the field error. Other standards' decisions are left
 * out so that one gone stale does not block this one.
 */
/** Discretion is the ratings panel's, on a case-assessed standard of the framework: never in a case audit. */
function requireDiscretionApplies(ins: Pick<InspectionRow, 'kind' | 'framework_version'>, sid: string): void {
  if (ins.kind === 'case audit') throw new ValidationError([{ field: 'standard', message: 'A case audit has no ratings panel, so discretion does not apply' }]);
  if (findStandard(getFramework(ins.framework_version), sid)?.kind !== 'case-assessed') {
    throw new ValidationError([{ field: 'standard', message: `${sid} is not a case-assessed standard, so discretion does not apply` }]);
  }
}

async function requireAllowedByEngine(db: Queryable, version: FrameworkVersion, inspectionId: string, standard: string, rating: NonNullable<DiscretionRecord['rating']>, reason: string): Promise<void> {
  const input = await ratingInput(db, inspectionId, version);
  try {
    rate({ ...input, discretion: [{ standard, rating, reason }] }, frameworkFor(version));
  } catch (err) {
    if (!(err instanceof RatingInputError)) throw err;
    const mine = err.problems.filter((p) => p.path.startsWith('discretion'));
    if (mine.length === 0) throw err;
    throw new ValidationError(
      mine.map((p) => ({ field: p.path.endsWith('.standard') ? 'standard' : 'rating', message: p.message })),
      `The rating engine does not allow this decision on ${standard}`,
    );
  }
}

/**
 * Write a decision as a compare-and-set on `version` (a revision) or as the first under the primary key (null):
 * a concurrent writer leaves no row to return, and that is a conflict, never a database error.
 */
async function writeDecision(
  tx: Queryable, actor: User, inspectionId: string, sid: string,
  d: { readonly decision: 'apply' | 'decline'; readonly rating: DiscretionRecord['rating']; readonly reason: string }, version: number | null,
): Promise<void> {
  const written = version !== null
    ? await tx.query(
      `UPDATE discretion_decisions SET decision=$3, rating=$4, reason=$5, decided_by=$6, decided_at=now(), version = version + 1
        WHERE inspection_id=$1 AND standard_id=$2 AND version = $7 RETURNING version`,
      [inspectionId, sid, d.decision, d.rating, d.reason, actor.id, version],
    )
    : await tx.query(
      `INSERT INTO discretion_decisions (inspection_id, standard_id, decision, rating, reason, decided_by) VALUES ($1,$2,$3,$4,$5,$6)
       ON CONFLICT (inspection_id, standard_id) DO NOTHING RETURNING version`,
      [inspectionId, sid, d.decision, d.rating, d.reason, actor.id],
    );
  if (!written[0]) {
    throw new ConflictError(`Someone changed the decision on ${sid} since you loaded it`, (await fetchDiscretion(tx, inspectionId)).find((x) => x.standardId === sid) ?? null);
  }
}

export function discretionService(store: Store, auth: Authorizer = DEFAULT_AUTHORIZER) {
  return {
    async list(actor: User, inspectionId: string): Promise<DiscretionRecord[]> {
      auth.requireRead(actor, await loadInspection(store, actor, inspectionId), 'ratings.read', `No ratings panel decisions in inspection ${inspectionId}`);
      return fetchDiscretion(store, inspectionId);
    },

    /**
     * Record (or revise) the panel's decision. Eligibility and the one-band rule are the rating engine's:
     * the ratings view reports a decision that no longer fits the figures.
     */
    async record(actor: User, inspectionId: string, standard: string, input: unknown): Promise<DiscretionRecord> {
      const sid = parse(standardId, standard);
      const v = parse(discretionInput, input);
      return store.transaction(async (tx) => {
        const ins = await loadInspection(tx, actor, inspectionId);
        auth.require(actor, ins, 'discretion.record');
        requireDiscretionApplies(ins, sid);
        const current = (await fetchDiscretion(tx, inspectionId)).find((d) => d.standardId === sid) ?? null;
        if ((current?.version ?? 0) !== v.version) {
          throw new ConflictError(`Someone changed the decision on ${sid} since you loaded it`, current);
        }
        await requireAllowedByEngine(tx, ins.framework_version, inspectionId, sid, v.rating, v.reason);
        await writeDecision(tx, actor, inspectionId, sid, { decision: 'apply', rating: v.rating, reason: v.reason }, current ? v.version : null);
        const after = (await fetchDiscretion(tx, inspectionId)).find((d) => d.standardId === sid)!;
        await recordHistory(tx, actor, { inspectionId, entity: 'discretion', entityId: `${inspectionId}:${sid}`, action: current ? 'update' : 'create', before: current, after, reason: v.reason });
        return after;
      });
    },

    /**
     * Record (or revise to) the panel's decision to keep the computed rating of a standard eligible for
     * discretion, with why. The rating engine ignores it; the publish gate counts it as decided.
     */
    async decline(actor: User, inspectionId: string, standard: string, input: unknown): Promise<DiscretionRecord> {
      const sid = parse(standardId, standard);
      const v = parse(declineInput, input);
      return store.transaction(async (tx) => {
        const ins = await loadInspection(tx, actor, inspectionId);
        auth.require(actor, ins, 'discretion.record', { what: 'decline professional discretion' });
        requireDiscretionApplies(ins, sid);
        const current = (await fetchDiscretion(tx, inspectionId)).find((d) => d.standardId === sid) ?? null;
        if ((current?.version ?? 0) !== v.version) {
          throw new ConflictError(`Someone changed the decision on ${sid} since you loaded it`, current);
        }
        const input = await ratingInput(tx, inspectionId, ins.framework_version);
        const result = rate({ ...input, discretion: [] }, frameworkFor(ins.framework_version)).standards.find((s) => s.id === sid);
        if (!result?.discretion.eligible) {
          throw new ValidationError([{ field: 'standard', message: `${sid} is not eligible for discretion on the current figures, so there is nothing to decline` }]);
        }
        await writeDecision(tx, actor, inspectionId, sid, { decision: 'decline', rating: null, reason: v.reason }, current ? v.version : null);
        const after = (await fetchDiscretion(tx, inspectionId)).find((d) => d.standardId === sid)!;
        await recordHistory(tx, actor, { inspectionId, entity: 'discretion', entityId: `${inspectionId}:${sid}`, action: 'decline', before: current, after, reason: v.reason });
        return after;
      });
    },

    /** Withdraw a decision: the standard goes back to its computed rating. */
    async withdraw(actor: User, inspectionId: string, standard: string, input: unknown): Promise<void> {
      const sid = parse(standardId, standard);
      const v = parse(withdrawInput, input);
      await store.transaction(async (tx) => {
        const ins = await loadInspection(tx, actor, inspectionId);
        auth.require(actor, ins, 'discretion.record', { what: 'withdraw professional discretion' });
        const current = (await fetchDiscretion(tx, inspectionId)).find((d) => d.standardId === sid) ?? null;
        if (!current || current.version !== v.version) {
          throw new ConflictError(`The decision on ${sid} changed since you loaded it`, current);
        }
        const deleted = await tx.query(`DELETE FROM discretion_decisions WHERE inspection_id = $1 AND standard_id = $2 AND version = $3 RETURNING version`, [inspectionId, sid, v.version]);
        if (!deleted[0]) {
          throw new ConflictError(`The decision on ${sid} changed since you loaded it`, (await fetchDiscretion(tx, inspectionId)).find((d) => d.standardId === sid) ?? null);
        }
        await recordHistory(tx, actor, { inspectionId, entity: 'discretion', entityId: `${inspectionId}:${sid}`, action: 'withdraw', before: current });
      });
    },
  };
}
