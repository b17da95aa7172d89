/**
 * The report's findings text in the store: strengths and areas for improvement per domain ("1"–"4", as the
 * report data keys them). Anyone on the inspection may read; only the lead inspector writes, never after
 * publication. A save replaces a domain's two lists whole, guarded by the domain's version, and is written to
 * the append-only history.
 */
import { z } from 'zod';
import { ConflictError, ValidationError } from './errors.js';
import { DEFAULT_AUTHORIZER, loadInspection, recordHistory, type Authorizer, type User } from './context.js';
import type { Queryable, Store } from '../store/index.js';
import { LIMITS } from './limits.js';
import { tooLong } from './schemas.js';

export const FINDING_DOMAINS = ['1', '2', '3', '4'] as const;
export type FindingDomain = (typeof FINDING_DOMAINS)[number];
export const MAX_FINDING_CHARS = LIMITS.finding;
export const HISTORY_ENTITY = 'findings';

export interface DomainFindings {
  readonly domain: FindingDomain;
  readonly strengths: readonly string[];
  readonly areas: readonly string[];
  /** 0 when nothing is recorded yet: save with version 0 to create. */
  readonly version: number;
}

const item = z.string().trim()
  .min(1, 'Write the finding, or remove the empty item')
  .max(MAX_FINDING_CHARS, tooLong('Each finding', MAX_FINDING_CHARS));

export const findingsInput = z.strictObject({
  domain: z.enum(FINDING_DOMAINS, 'Domain must be "1", "2", "3" or "4"'),
  strengths: z.array(item),
  areas: z.array(item),
  version: z.number().int().min(0).max(2_147_483_647, 'version is too large: send the version you last saw'),
});
export type FindingsInput = z.input<typeof findingsInput>;

function parseInput(raw: unknown): z.output<typeof findingsInput> {
  const r = findingsInput.safeParse(raw);
  if (r.success) return r.data;
  throw new ValidationError(r.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })));
}

interface HeaderRow { domain: FindingDomain; version: number }
interface FindingRow { domain: FindingDomain; version: number; kind: 'strengths' | 'areas-for-improvement' | null; text: string | null }

async function read(db: Queryable, inspectionId: string): Promise<DomainFindings[]> {
  // Each domain's header with its items, in one statement.
  const rows = await db.query<FindingRow>(
    `SELECT f.domain, f.version, i.kind, i.text FROM findings f
       LEFT JOIN finding_items i ON i.inspection_id = f.inspection_id AND i.domain = f.domain
      WHERE f.inspection_id = $1 ORDER BY f.domain, i.kind, i.position`,
    [inspectionId],
  );
  const out: { domain: FindingDomain; strengths: string[]; areas: string[]; version: number }[] = [];
  for (const r of rows) {
    if (out.at(-1)?.domain !== r.domain) out.push({ domain: r.domain, strengths: [], areas: [], version: Number(r.version) });
    if (r.kind === 'strengths') out.at(-1)!.strengths.push(r.text!);
    else if (r.kind === 'areas-for-improvement') out.at(-1)!.areas.push(r.text!);
  }
  return out;
}

const empty = (domain: FindingDomain): DomainFindings => ({ domain, strengths: [], areas: [], version: 0 });

export function findingsService(store: Store, auth: Authorizer = DEFAULT_AUTHORIZER) {
  return {
    /** The domains with recorded findings, in domain order. */
    async list(actor: User, inspectionId: string): Promise<DomainFindings[]> {
      auth.requireRead(actor, await loadInspection(store, actor, inspectionId), 'findings.read', `No findings in inspection ${inspectionId}`);
      return read(store, inspectionId);
    },

    async save(actor: User, inspectionId: string, input: unknown): Promise<DomainFindings> {
      const v = parseInput(input);
      return store.transaction(async (tx) => {
        const ins = await loadInspection(tx, actor, inspectionId);
        auth.require(actor, ins, 'findings.write');
        // Lock the domain's row so two saves cannot both pass the version check.
        const locked = await tx.query<HeaderRow>(`SELECT domain, version FROM findings WHERE inspection_id = $1 AND domain = $2 FOR UPDATE`, [inspectionId, v.domain]);
        const before = (await read(tx, inspectionId)).find((f) => f.domain === v.domain) ?? empty(v.domain);
        if ((locked[0] ? Number(locked[0].version) : 0) !== v.version) {
          throw new ConflictError(`Someone changed the findings for domain ${v.domain} since you loaded them`, before);
        }
        if (locked[0]) {
          // The version condition as well as the lock: a compare-and-set in the database, whatever the reads above.
          const updated = await tx.query(`UPDATE findings SET version = version + 1, updated_by = $3, updated_at = now() WHERE inspection_id = $1 AND domain = $2 AND version = $4 RETURNING domain`, [inspectionId, v.domain, actor.id, v.version]);
          if (updated.length === 0) throw new ConflictError(`Someone changed the findings for domain ${v.domain} since you loaded them`, (await read(tx, inspectionId)).find((f) => f.domain === v.domain) ?? before);
          await tx.query(`DELETE FROM finding_items WHERE inspection_id = $1 AND domain = $2`, [inspectionId, v.domain]);
        } else {
          // Two first saves at once: the second finds the row created and is a conflict, not a database error.
          const created = await tx.query(`INSERT INTO findings (inspection_id, domain, created_by, updated_by) VALUES ($1, $2, $3, $3)
            ON CONFLICT (inspection_id, domain) DO NOTHING RETURNING domain`, [inspectionId, v.domain, actor.id]);
          if (created.length === 0) {
            throw new ConflictError(`Someone recorded the findings for domain ${v.domain} since you loaded them`, (await read(tx, inspectionId)).find((f) => f.domain === v.domain) ?? before);
          }
        }
        const rows: [string, string[]][] = [['strengths', v.strengths], ['areas-for-improvement', v.areas]];
        for (const [kind, list] of rows) {
          for (const [position, text] of list.entries()) {
            await tx.query(`INSERT INTO finding_items (inspection_id, domain, kind, position, text) VALUES ($1, $2, $3, $4, $5)`, [inspectionId, v.domain, kind, position, text]);
          }
        }
        const after = (await read(tx, inspectionId)).find((f) => f.domain === v.domain)!;
        await recordHistory(tx, actor, {
          inspectionId, entity: HISTORY_ENTITY, entityId: `${inspectionId}/${v.domain}`, action: locked[0] ? 'update' : 'create',
          before: locked[0] ? before : null, after,
        });
        return after;
      });
    },
  };
}

export type FindingsService = ReturnType<typeof findingsService>;
