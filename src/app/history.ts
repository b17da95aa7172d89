/** Reading the append-only history: a case's, or a whole inspection's. */
import type { Store } from '../store/index.js';
import { REDACTED_MARKER } from '../store/history-chain.js';
import { DEFAULT_AUTHORIZER, loadInspection, type Authorizer, type User } from './context.js';
import { ForbiddenError, NotFoundError, ValidationError } from './errors.js';
import { historyRedactionInput, parse } from './schemas.js';
import { blindHistorySql } from './moderation.js';

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
  /** The case's reference, for an entry about a case or its answers. */
  readonly caseRef: string | null;
  /**
   * For a changed answer: what it replaced, as the entry before it recorded it. Read from that entry rather than
   * copied into this one, so a redaction of the earlier entry covers it too.
   */
  readonly replaced: unknown;
  /** Display names of the accounts the entry names (its before and after hold account ids). */
  readonly people: Readonly<Record<string, string>>;
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
  case_ref?: string | null;
  replaced?: unknown;
}

const SELECT = `SELECT h.id, h.at, h.actor_id, a.display_name AS actor_name, h.entity, h.entity_id, h.action, h.before, h.after, h.reason,
  k.ref AS case_ref, p.after AS replaced
  FROM history h LEFT JOIN accounts a ON a.id = h.actor_id LEFT JOIN cases k ON k.id = h.case_id
  LEFT JOIN LATERAL (SELECT e.after FROM history e WHERE h.action = 'update' AND h.entity IN ('answer', 'second-answer')
    AND e.entity = h.entity AND e.entity_id = h.entity_id AND e.id < h.id ORDER BY e.id DESC LIMIT 1) p ON true`;

/** Keys under which an entry's before and after hold an account id (the screens name the person). */
export const HISTORY_ACCOUNT_KEYS: ReadonlySet<string> = new Set(['accountId', 'assessorId', 'leadInspectorId', 'markerId', 'secondMarkerId', 'updatedBy', 'createdBy', 'qualityAssuredBy', 'returnedBy']);

function accountIdsIn(v: unknown, into: Set<string>): void {
  if (Array.isArray(v)) v.forEach((x) => accountIdsIn(x, into));
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (HISTORY_ACCOUNT_KEYS.has(k) && typeof x === 'string') into.add(x);
      else accountIdsIn(x, into);
    }
  }
}

/** The records with the display names of the accounts they name, in one more query. */
async function withPeople(store: Store, rows: readonly Row[]): Promise<HistoryRecord[]> {
  const ids = new Set<string>();
  for (const r of rows) {
    accountIdsIn(r.before, ids);
    accountIdsIn(r.after, ids);
  }
  const people: Record<string, string> = {};
  if (ids.size > 0) {
    for (const a of await store.query<{ id: string; display_name: string }>(`SELECT id, display_name FROM accounts WHERE id = ANY($1::text[])`, [[...ids]])) people[a.id] = a.display_name;
  }
  return rows.map((r) => ({ ...toRecord(r), people }));
}

const toRecord = (r: Row): Omit<HistoryRecord, 'people'> => ({
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
  caseRef: r.case_ref ?? null,
  replaced: r.replaced ?? null,
});

/** Dotted paths of every text in an entry (`reason`, `before.…`, `after.…`) not redacted yet. */
function textPaths(r: Pick<Row, 'before' | 'after' | 'reason'>): string[] {
  const paths: string[] = [];
  const walk = (v: unknown, path: string) => {
    if (typeof v === 'string') {
      if (v !== REDACTED_MARKER) paths.push(path);
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}.${i}`));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (!k.includes('.')) walk(x, `${path}.${k}`);
  };
  if (r.reason !== null && r.reason !== REDACTED_MARKER) paths.push('reason');
  walk(r.before, 'before');
  walk(r.after, 'after');
  return paths;
}

export interface Redaction {
  /** The entry as it is now, its text replaced by the marker. */
  readonly entry: HistoryRecord;
  /** The new history entry that records the redaction (who, when, why, which fields; never the text). */
  readonly redactionId: number;
}

export function historyService(store: Store, auth: Authorizer = DEFAULT_AUTHORIZER) {
  /** Whose entries `actor` reads in this inspection's history: everyone's, or (a local assessor) only their own. */
  async function readerOf(actor: User, inspectionId: string): Promise<string | null> {
    const ins = await loadInspection(store, actor, inspectionId);
    const scope = auth.reads(actor, ins, 'history.read');
    if (scope === 'none') throw new NotFoundError(`No history of inspection ${inspectionId}`);
    return scope === 'own' ? actor.id : null;
  }
  return {
    /** A case's history: whoever may read the case reads all of it (its assignment, returns and reasons too). */
    async forCase(actor: User, caseId: string): Promise<HistoryRecord[]> {
      const rows = await store.query<{ inspection_id: string; assessor_id: string | null }>(`SELECT inspection_id, assessor_id FROM cases WHERE id = $1`, [caseId]);
      if (!rows[0]) throw new NotFoundError(`No case ${caseId}`);
      const ins = await loadInspection(store, actor, rows[0].inspection_id).catch(() => {
        throw new NotFoundError(`No case ${caseId}`);
      });
      auth.requireRead(actor, ins, 'case.read', `No case ${caseId}`, { assessorId: rows[0].assessor_id });
      // Blind double marking: neither marker's answers reach the other (or anyone) through the history early.
      return withPeople(store, await store.query<Row>(`${SELECT} WHERE h.case_id = $1 AND ${blindHistorySql('$2')} ORDER BY h.id`, [caseId, actor.id]));
    },

    /**
     * The inspection's changes, newest first: `limit` of them, older than the change `before` (for the next
     * page), of one kind of record (`entity`) when given.
     */
    async forInspection(actor: User, inspectionId: string, limit = 500, page: { before?: number; entity?: string } = {}): Promise<HistoryRecord[]> {
      const onlyBy = await readerOf(actor, inspectionId);
      return withPeople(store, await store.query<Row>(
        `${SELECT} WHERE h.inspection_id = $1 AND ($3::bigint IS NULL OR h.id < $3) AND ($4::text IS NULL OR h.entity = $4)
           AND ($5::text IS NULL OR h.actor_id = $5) AND ${blindHistorySql('$6')}
         ORDER BY h.id DESC LIMIT $2`,
        [inspectionId, Math.min(Math.max(1, limit), 5000), page.before ?? null, page.entity ?? null, onlyBy, actor.id],
      ));
    },

    /**
     * Redact text typed by mistake (a child's name in a note) from one entry: the site administrator only.
     * The current record (the note itself) is its owner's to correct; this concerns the history only.
     */
    async redact(actor: User, entryId: number, input: unknown): Promise<Redaction> {
      if (!actor.isAdmin) throw new ForbiddenError('Only the site administrator may redact history');
      const v = parse(historyRedactionInput, input);
      const [row] = await store.query<Row>(`${SELECT} WHERE h.id = $1`, [entryId]);
      if (!row) throw new NotFoundError(`No history entry ${entryId}`);
      if (row.entity === 'history' && row.action === 'redact') {
        throw new ValidationError([{ field: 'id', message: 'This entry records a redaction: it holds no text to redact' }]);
      }
      const available = textPaths(row);
      const fields = v.fields ?? available;
      const bad = fields.map((f, i) => ({ field: `fields.${i}`, f })).filter(({ f }) => !available.includes(f));
      if (bad.length > 0) throw new ValidationError(bad.map(({ field, f }) => ({ field, message: `Choose text the entry holds: ${f} is not one (${available.join(', ') || 'none left'})` })));
      if (fields.length === 0) throw new ValidationError([{ field: 'fields', message: 'This entry has no text left to redact' }]);
      const [r] = await store.query<{ id: string }>(`SELECT history_redact($1, $2, $3, $4::jsonb) AS id`, [entryId, actor.id, v.reason, JSON.stringify([...new Set(fields)])]);
      const [now] = await store.query<Row>(`${SELECT} WHERE h.id = $1`, [entryId]);
      return { entry: (await withPeople(store, [now!]))[0]!, redactionId: Number(r!.id) };
    },

    /** The kinds of record the inspection's history holds, for filtering it. */
    async entitiesOfInspection(actor: User, inspectionId: string): Promise<string[]> {
      const onlyBy = await readerOf(actor, inspectionId);
      return (await store.query<{ entity: string }>(
        `SELECT DISTINCT entity FROM history WHERE inspection_id = $1 AND ($2::text IS NULL OR actor_id = $2) ORDER BY entity`,
        [inspectionId, onlyBy],
      )).map((r) => r.entity);
    },
  };
}
