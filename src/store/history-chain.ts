/**
 * Re-checks the history's hash chain (migration 0500_history_chain.sql) from the database: every link in
 * order, every entry's content against its link, redactions against the entries that record them, and no
 * entry outside the chain. The content hash is computed here from the rows (the text by an inline SQL
 * expression, the hash in Node), not by the database's own functions, which whoever owns them could replace.
 */
import { createHash } from 'node:crypto';
import type { Queryable } from './types.js';

export const GENESIS_HASH = '0'.repeat(64);
export const REDACTED_MARKER = '[redacted]';

/** The same canonical content text as history_content_hash() in the migration. */
const CONTENT_TEXT = `jsonb_build_array(h.id, to_char(h.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), h.actor_id,
  h.inspection_id, h.case_id, h.entity, h.entity_id, h.action, h.before, h.after, h.reason)::text`;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export interface BrokenLink {
  /** Position in the chain (1 = first entry), or null for an entry that has no link at all. */
  readonly seq: number | null;
  readonly historyId: number | null;
  readonly reason: string;
}

export type ChainReport = { readonly ok: true; readonly entries: number } | { readonly ok: false; readonly entries: number; readonly broken: BrokenLink };

interface LinkRow {
  seq: string;
  history_id: string;
  content_hash: string;
  prev_hash: string;
  chain_hash: string;
  content: string | null;
}

interface Redaction {
  readonly seq: number;
  readonly from: string;
  readonly to: string;
}

const BATCH = 2000;

export async function verifyHistoryChain(db: Queryable): Promise<ChainReport> {
  // Redactions are entries too: each is checked in the walk like any other.
  const redactions = new Map<number, Array<{ historyId: number; from: unknown; to: unknown }>>();
  for (const r of await db.query<{ id: string; entity_id: string; after: { fromContentHash?: unknown; toContentHash?: unknown } | null }>(
    `SELECT id, entity_id, after FROM history WHERE entity = 'history' AND action = 'redact' ORDER BY id`,
  )) {
    const target = Number(r.entity_id);
    const list = redactions.get(target) ?? [];
    list.push({ historyId: Number(r.id), from: r.after?.fromContentHash, to: r.after?.toContentHash });
    redactions.set(target, list);
  }

  const seqOf = new Map<number, number>();
  const changed: Array<{ seq: number; historyId: number; chained: string; now: string }> = [];
  let failure: BrokenLink | null = null;
  let prev = GENESIS_HASH;
  let expected = 1;
  walk: for (;;) {
    const rows = await db.query<LinkRow>(
      `SELECT c.seq, c.history_id, c.content_hash, c.prev_hash, c.chain_hash, ${CONTENT_TEXT} AS content
         FROM history_chain c LEFT JOIN history h ON h.id = c.history_id
        WHERE c.seq >= $1 ORDER BY c.seq LIMIT ${BATCH}`,
      [expected],
    );
    for (const r of rows) {
      const seq = Number(r.seq);
      const historyId = Number(r.history_id);
      const at = (reason: string): BrokenLink => ({ seq, historyId, reason });
      if (seq !== expected) failure = { seq: expected, historyId: null, reason: `link ${expected} is missing (the next link is ${seq})` };
      else if (r.prev_hash !== prev) failure = at('its link does not follow the previous one (previous hash differs): an entry before it was removed or changed');
      else if (r.chain_hash !== sha256(r.prev_hash + r.content_hash)) failure = at('its link hash does not match its content hash and the previous hash');
      else if (r.content === null) failure = at('the entry is gone from the history');
      if (failure) break walk;
      const now = sha256(r.content!);
      if (now !== r.content_hash) changed.push({ seq, historyId, chained: r.content_hash, now });
      seqOf.set(historyId, seq);
      prev = r.chain_hash;
      expected += 1;
    }
    if (rows.length < BATCH) break;
  }
  const entries = expected - 1;
  // A changed entry passes only when redactions recorded later in the chain account for every change.
  for (const c of changed) {
    const recorded: Redaction[] = (redactions.get(c.historyId) ?? [])
      .filter((r) => (seqOf.get(r.historyId) ?? 0) > c.seq)
      .map((r) => ({ seq: seqOf.get(r.historyId)!, from: String(r.from), to: String(r.to) }))
      .sort((a, b) => a.seq - b.seq);
    let content = c.chained;
    for (const r of recorded) if (r.from === content) content = r.to;
    if (content !== c.now) {
      const broken = { seq: c.seq, historyId: c.historyId, reason: recorded.length ? 'its content differs from what its redactions recorded' : 'its content was changed after it was recorded' };
      if (!failure || (failure.seq ?? Infinity) > c.seq) failure = broken;
      break;
    }
  }
  if (!failure) {
    const [orphan] = await db.query<{ id: string }>(
      `SELECT h.id FROM history h WHERE NOT EXISTS (SELECT 1 FROM history_chain c WHERE c.history_id = h.id) ORDER BY h.id LIMIT 1`,
    );
    if (orphan) failure = { seq: null, historyId: Number(orphan.id), reason: 'the entry is not in the chain (written while the chain trigger was off, or inserted afterwards)' };
  }
  return failure ? { ok: false, entries, broken: failure } : { ok: true, entries };
}

/** One line for a person: which entry is broken and why. */
export function describeBrokenLink(b: BrokenLink): string {
  const where = b.historyId !== null ? `history entry ${b.historyId}${b.seq !== null ? ` (link ${b.seq})` : ''}` : `link ${b.seq}`;
  return `${where}: ${b.reason}`;
}
