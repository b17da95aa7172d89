/** Recommendations by addressee (the lead inspector writes them). */
import type { Queryable, Store } from '../store/index.js';
import { ConflictError, NotFoundError } from './errors.js';
import { DEFAULT_AUTHORIZER, loadInspection, newId, recordHistory, type Authorizer, type User } from './context.js';
import { parse, recommendationInput, recommendationMove, recommendationUpdate, withdrawInput } from './schemas.js';

export interface Recommendation {
  readonly id: string;
  readonly inspectionId: string;
  readonly addressee: string;
  readonly text: string;
  readonly position: number;
  readonly version: number;
}

interface Row {
  id: string;
  inspection_id: string;
  addressee: string;
  text: string;
  position: number;
  version: number;
}

const toRec = (r: Row): Recommendation => ({ id: r.id, inspectionId: r.inspection_id, addressee: r.addressee, text: r.text, position: r.position, version: r.version });

async function fetchOne(db: Queryable, id: string): Promise<Recommendation | null> {
  const rows = await db.query<Row>(`SELECT * FROM recommendations WHERE id = $1`, [id]);
  return rows[0] ? toRec(rows[0]) : null;
}

/** A compare-and-set found no row: someone changed or removed the recommendation since it was read. */
async function staleRecommendation(db: Queryable, id: string): Promise<ConflictError> {
  const now = await fetchOne(db, id);
  return new ConflictError(now ? 'Someone changed this recommendation since you loaded it' : 'Someone removed this recommendation since you loaded it', now);
}

export function recommendationService(store: Store, auth: Authorizer = DEFAULT_AUTHORIZER) {
  async function loadForWrite(db: Queryable, actor: User, id: string, what: string): Promise<Recommendation> {
    const r = await fetchOne(db, id);
    if (!r) throw new NotFoundError(`No recommendation ${id}`);
    const ins = await loadInspection(db, actor, r.inspectionId).catch(() => {
      throw new NotFoundError(`No recommendation ${id}`);
    });
    auth.requireRead(actor, ins, 'recommendation.read', `No recommendation ${id}`);
    auth.require(actor, ins, 'recommendation.write', { what });
    return r;
  }

  return {
    async list(actor: User, inspectionId: string): Promise<Recommendation[]> {
      auth.requireRead(actor, await loadInspection(store, actor, inspectionId), 'recommendation.read', `No recommendations in inspection ${inspectionId}`);
      // The report's order: by position, addressees in the order of their first recommendation.
      return (await store.query<Row>(`SELECT * FROM recommendations WHERE inspection_id = $1 ORDER BY position, id`, [inspectionId])).map(toRec);
    },

    async add(actor: User, inspectionId: string, input: unknown): Promise<Recommendation> {
      const v = parse(recommendationInput, input);
      return store.transaction(async (tx) => {
        const ins = await loadInspection(tx, actor, inspectionId);
        auth.require(actor, ins, 'recommendation.write');
        const id = newId();
        await tx.query(
          `INSERT INTO recommendations (id, inspection_id, addressee, text, position)
           VALUES ($1, $2, $3, $4, COALESCE($5::integer, (SELECT COALESCE(MAX(position) + 1, 0) FROM recommendations WHERE inspection_id = $2)))`,
          [id, inspectionId, v.addressee, v.text, v.position ?? null],
        );
        const r = (await fetchOne(tx, id))!;
        await recordHistory(tx, actor, { inspectionId, entity: 'recommendation', entityId: id, action: 'create', after: r });
        return r;
      });
    },

    async update(actor: User, id: string, input: unknown): Promise<Recommendation> {
      const v = parse(recommendationUpdate, input);
      return store.transaction(async (tx) => {
        const r = await loadForWrite(tx, actor, id, 'change recommendations');
        if (r.version !== v.version) throw new ConflictError('Someone changed this recommendation since you loaded it', r);
        const updated = await tx.query(`UPDATE recommendations SET addressee=$2, text=$3, position=$4, version = version + 1 WHERE id = $1 AND version = $5 RETURNING id`, [id, v.addressee, v.text, v.position ?? r.position, v.version]);
        if (!updated[0]) throw await staleRecommendation(tx, id);
        const after = (await fetchOne(tx, id))!;
        await recordHistory(tx, actor, { inspectionId: r.inspectionId, entity: 'recommendation', entityId: id, action: 'update', before: r, after });
        return after;
      });
    },

    /**
     * Moves a recommendation one place up or down among its addressee's, as the report numbers them: it swaps
     * places with its neighbour there (both changes in one transaction and in history). At either end it stays.
     */
    async move(actor: User, id: string, input: unknown): Promise<Recommendation> {
      const v = parse(recommendationMove, input);
      return store.transaction(async (tx) => {
        // A move changes a neighbour too: after the inspection (share-locked by loadForWrite, the order every
        // write takes), lock the inspection's recommendations in one order, then read the version and places.
        const seen = await loadForWrite(tx, actor, id, 'reorder recommendations');
        await tx.query(`SELECT id FROM recommendations WHERE inspection_id = $1 ORDER BY id FOR NO KEY UPDATE`, [seen.inspectionId]);
        const r = await fetchOne(tx, id);
        if (!r) throw await staleRecommendation(tx, id);
        if (r.version !== v.version) throw new ConflictError('Someone changed this recommendation since you loaded it', r);
        const group = (await tx.query<Row>(`SELECT * FROM recommendations WHERE inspection_id = $1 AND addressee = $2 ORDER BY position, id`, [r.inspectionId, r.addressee])).map(toRec);
        const at = group.findIndex((x) => x.id === id);
        const other = group[v.direction === 'up' ? at - 1 : at + 1];
        if (!other) return r;
        // Equal positions (older data) would not swap: give the pair distinct places first.
        const [mine, theirs] = other.position === r.position
          ? (v.direction === 'up' ? [r.position, r.position + 1] : [r.position + 1, r.position])
          : [other.position, r.position];
        await tx.query(`UPDATE recommendations SET position = $2, version = version + 1 WHERE id = $1`, [r.id, mine]);
        await tx.query(`UPDATE recommendations SET position = $2, version = version + 1 WHERE id = $1`, [other.id, theirs]);
        const after = (await fetchOne(tx, id))!;
        await recordHistory(tx, actor, { inspectionId: r.inspectionId, entity: 'recommendation', entityId: id, action: 'move', before: r, after });
        await recordHistory(tx, actor, { inspectionId: r.inspectionId, entity: 'recommendation', entityId: other.id, action: 'move', before: other, after: (await fetchOne(tx, other.id))! });
        return after;
      });
    },

    async remove(actor: User, id: string, input: unknown): Promise<void> {
      const v = parse(withdrawInput, input);
      await store.transaction(async (tx) => {
        const r = await loadForWrite(tx, actor, id, 'remove recommendations');
        if (r.version !== v.version) throw new ConflictError('Someone changed this recommendation since you loaded it', r);
        const deleted = await tx.query(`DELETE FROM recommendations WHERE id = $1 AND version = $2 RETURNING id`, [id, v.version]);
        if (!deleted[0]) throw await staleRecommendation(tx, id);
        await recordHistory(tx, actor, { inspectionId: r.inspectionId, entity: 'recommendation', entityId: id, action: 'delete', before: r });
      });
    },
  };
}

export type RecommendationService = ReturnType<typeof recommendationService>;
