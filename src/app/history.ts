/** Reading the append-only history: a case's, or a whole inspection's. */
import type { Store } from '../store/index.js';
import { loadInspection, type User } from './context.js';
import { NotFoundError } from './errors.js';

export interface HistoryRecord {
  readonly id: number;
  readonly at: string;
  readonly actorId: string | null;
  readonly actorName: string | null;
  readonly entity: string;
  readonly entityId: string;
  readonly action: string;
  readonly before: unknown;
  readonly after: unknown;
  readonly reason: string | null;
}

interface Row {
  id: string;
  at: string;
  actor_id: string | null;
  actor_name: string | null;
  entity: string;
  entity_id: string;
  action: string;
  before: unknown;
  after: unknown;
  reason: string | null;
}

const SELECT = `SELECT h.id, h.at, h.actor_id, a.display_name AS actor_name, h.entity, h.entity_id, h.action, h.before, h.after, h.reason
  FROM history h LEFT JOIN accounts a ON a.id = h.actor_id`;

const toRecord = (r: Row): HistoryRecord => ({
  id: Number(r.id),
  at: r.at,
  actorId: r.actor_id,
  actorName: r.actor_name,
  entity: r.entity,
  entityId: r.entity_id,
  action: r.action,
  before: r.before,
  after: r.after,
  reason: r.reason,
});

export function historyService(store: Store) {
  return {
    async forCase(actor: User, caseId: string): Promise<HistoryRecord[]> {
      const rows = await store.query<{ inspection_id: string }>(`SELECT inspection_id FROM cases WHERE id = $1`, [caseId]);
      if (!rows[0]) throw new NotFoundError(`No case ${caseId}`);
      await loadInspection(store, actor, rows[0].inspection_id).catch(() => {
        throw new NotFoundError(`No case ${caseId}`);
      });
      return (await store.query<Row>(`${SELECT} WHERE h.case_id = $1 ORDER BY h.id`, [caseId])).map(toRecord);
    },

    /**
     * The inspection's changes, newest first: `limit` of them, older than the change `before` (for the next
     * page), of one kind of record (`entity`) when given.
     */
    async forInspection(actor: User, inspectionId: string, limit = 500, page: { before?: number; entity?: string } = {}): Promise<HistoryRecord[]> {
      await loadInspection(store, actor, inspectionId);
      return (await store.query<Row>(
        `${SELECT} WHERE h.inspection_id = $1 AND ($3::bigint IS NULL OR h.id < $3) AND ($4::text IS NULL OR h.entity = $4)
         ORDER BY h.id DESC LIMIT $2`,
        [inspectionId, Math.min(Math.max(1, limit), 5000), page.before ?? null, page.entity ?? null],
      )).map(toRecord);
    },

    /** The kinds of record the inspection's history holds, for filtering it. */
    async entitiesOfInspection(actor: User, inspectionId: string): Promise<string[]> {
      await loadInspection(store, actor, inspectionId);
      return (await store.query<{ entity: string }>(`SELECT DISTINCT entity FROM history WHERE inspection_id = $1 ORDER BY entity`, [inspectionId])).map((r) => r.entity);
    },
  };
}
