/** Domain 1 (and 2021's judgement standards): the evidence log and the lead inspector's judgements. */
import type { Queryable, Store } from '../store/index.js';
import { ConflictError, ForbiddenError, NotFoundError } from './errors.js';
import { findStandard, getFramework, type FrameworkVersion } from '../core/framework/index.js';
import { DEFAULT_AUTHORIZER, loadInspection, newId, recordHistory, type Authorizer, type InspectionRow, type User } from './context.js';
import { memoised } from './scope.js';
import { evidenceInput, evidenceUpdate, judgementInput, parse, standardId } from './schemas.js';

export interface EvidenceItem {
  readonly id: string;
  readonly inspectionId: string;
  readonly standardId: string | null;
  readonly kind: 'document' | 'meeting' | 'interview' | 'survey';
  readonly what: string;
  readonly occurredOn: string | null;
  readonly summary: string;
  readonly version: number;
}

export interface Judgement {
  readonly standardId: string;
  readonly rating: 'Inadequate' | 'Requires improvement' | 'Good' | 'Outstanding';
  readonly rationale: string;
  readonly decidedBy: string | null;
  readonly version: number;
}

interface EvidenceRow {
  id: string;
  inspection_id: string;
  standard_id: string | null;
  kind: EvidenceItem['kind'];
  what: string;
  occurred_on: string | null;
  summary: string;
  version: number;
}

const toEvidence = (r: EvidenceRow): EvidenceItem => ({
  id: r.id,
  inspectionId: r.inspection_id,
  standardId: r.standard_id,
  kind: r.kind,
  what: r.what,
  occurredOn: r.occurred_on,
  summary: r.summary,
  version: r.version,
});

const EVIDENCE_SELECT = `SELECT id, inspection_id, standard_id, kind, what, occurred_on::text, summary, version FROM evidence`;

async function fetchEvidence(db: Queryable, id: string): Promise<EvidenceItem | null> {
  const rows = await db.query<EvidenceRow>(`${EVIDENCE_SELECT} WHERE id = $1`, [id]);
  return rows[0] ? toEvidence(rows[0]) : null;
}

/** Evidence is gathered by the lead and the inspectors. */
export function domain1Service(store: Store, auth: Authorizer = DEFAULT_AUTHORIZER) {
  return {
    async listEvidence(actor: User, inspectionId: string): Promise<EvidenceItem[]> {
      auth.requireRead(actor, await loadInspection(store, actor, inspectionId), 'domain1.read', `No evidence in inspection ${inspectionId}`);
      return (await store.query<EvidenceRow>(`${EVIDENCE_SELECT} WHERE inspection_id = $1 ORDER BY occurred_on NULLS LAST, what, id`, [inspectionId])).map(toEvidence);
    },

    async getEvidence(actor: User, evidenceId: string): Promise<EvidenceItem> {
      const e = await fetchEvidence(store, evidenceId);
      if (!e) throw new NotFoundError(`No evidence item ${evidenceId}`);
      const ins = await loadInspection(store, actor, e.inspectionId).catch(() => {
        throw new NotFoundError(`No evidence item ${evidenceId}`);
      });
      auth.requireRead(actor, ins, 'domain1.read', `No evidence item ${evidenceId}`);
      return e;
    },

    async addEvidence(actor: User, inspectionId: string, input: unknown): Promise<EvidenceItem> {
      const v = parse(evidenceInput, input);
      return store.transaction(async (tx) => {
        const ins = await loadInspection(tx, actor, inspectionId);
        auth.require(actor, ins, 'evidence.write', { what: 'add evidence' });
        requireDomain1(ins);
        const id = newId();
        await tx.query(
          `INSERT INTO evidence (id, inspection_id, standard_id, kind, what, occurred_on, summary, created_by) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
          [id, inspectionId, v.standardId ?? null, v.kind, v.what, v.occurredOn ?? null, v.summary, actor.id],
        );
        const e = (await fetchEvidence(tx, id))!;
        await recordHistory(tx, actor, { inspectionId, entity: 'evidence', entityId: id, action: 'create', after: e });
        return e;
      });
    },

    async updateEvidence(actor: User, evidenceId: string, input: unknown): Promise<EvidenceItem> {
      const v = parse(evidenceUpdate, input);
      return store.transaction(async (tx) => {
        const e = await fetchEvidence(tx, evidenceId);
        if (!e) throw new NotFoundError(`No evidence item ${evidenceId}`);
        const ins = await loadInspection(tx, actor, e.inspectionId).catch(() => {
          throw new NotFoundError(`No evidence item ${evidenceId}`);
        });
        auth.requireRead(actor, ins, 'domain1.read', `No evidence item ${evidenceId}`);
        auth.require(actor, ins, 'evidence.write', { what: 'change evidence' });
        if (e.version !== v.version) throw new ConflictError('Someone changed this evidence item since you loaded it', e);
        const updated = await tx.query(
          `UPDATE evidence SET standard_id=$2, kind=$3, what=$4, occurred_on=$5, summary=$6, version = version + 1 WHERE id = $1 AND version = $7 RETURNING id`,
          [evidenceId, v.standardId ?? null, v.kind, v.what, v.occurredOn ?? null, v.summary, v.version],
        );
        if (!updated[0]) throw new ConflictError('Someone changed this evidence item since you loaded it', await fetchEvidence(tx, evidenceId));
        const after = (await fetchEvidence(tx, evidenceId))!;
        await recordHistory(tx, actor, { inspectionId: e.inspectionId, entity: 'evidence', entityId: evidenceId, action: 'update', before: e, after });
        return after;
      });
    },

    async listJudgements(actor: User, inspectionId: string): Promise<Judgement[]> {
      auth.requireRead(actor, await loadInspection(store, actor, inspectionId), 'domain1.read', `No judgements in inspection ${inspectionId}`);
      return fetchJudgements(store, inspectionId);
    },

    /** The lead inspector records (or revises) the judgement on a judgement standard, with a rationale. */
    async recordJudgement(actor: User, inspectionId: string, standard: string, input: unknown): Promise<Judgement> {
      const sid = parse(standardId, standard);
      const v = parse(judgementInput, input);
      return store.transaction(async (tx) => {
        const ins = await loadInspection(tx, actor, inspectionId);
        auth.require(actor, ins, 'judgement.record');
        requireDomain1(ins);
        assertJudgementStandard(ins.framework_version, sid);
        const current = (await fetchJudgements(tx, inspectionId)).find((j) => j.standardId === sid) ?? null;
        if ((current?.version ?? 0) !== v.version) {
          throw new ConflictError(`Someone changed the judgement on ${sid} since you loaded it`, current);
        }
        // Compare-and-set on the version, or a first record under the primary key: a concurrent writer leaves
        // no row to return, and that is a conflict, never a database error.
        const written = current
          ? await tx.query(
            `UPDATE judgements SET rating=$3, rationale=$4, decided_by=$5, version = version + 1 WHERE inspection_id=$1 AND standard_id=$2 AND version = $6 RETURNING version`,
            [inspectionId, sid, v.rating, v.rationale, actor.id, v.version],
          )
          : await tx.query(
            `INSERT INTO judgements (inspection_id, standard_id, rating, rationale, decided_by) VALUES ($1,$2,$3,$4,$5)
             ON CONFLICT (inspection_id, standard_id) DO NOTHING RETURNING version`,
            [inspectionId, sid, v.rating, v.rationale, actor.id],
          );
        if (!written[0]) {
          throw new ConflictError(`Someone changed the judgement on ${sid} since you loaded it`, (await fetchJudgements(tx, inspectionId)).find((j) => j.standardId === sid) ?? null);
        }
        const after = (await fetchJudgements(tx, inspectionId)).find((j) => j.standardId === sid)!;
        await recordHistory(tx, actor, { inspectionId, entity: 'judgement', entityId: `${inspectionId}:${sid}`, action: current ? 'update' : 'create', before: current, after, reason: v.rationale });
        return after;
      });
    },
  };
}

/** Read once per request scope: the judgements list and the ratings share it. */
export async function fetchJudgements(db: Queryable, inspectionId: string): Promise<Judgement[]> {
  const rows = await memoised(db, `judgements:${inspectionId}`, () => db.query<{ standard_id: string; rating: Judgement['rating']; rationale: string; decided_by: string | null; version: number }>(
    `SELECT standard_id, rating, rationale, decided_by, version FROM judgements WHERE inspection_id = $1 ORDER BY standard_id`,
    [inspectionId],
  ));
  return rows.map((r) => ({ standardId: r.standard_id, rating: r.rating, rationale: r.rationale, decidedBy: r.decided_by, version: r.version }));
}

/** Judgement standards are the framework's to say: domain 1 in both built-in ones; 3.4 and 4.1 too in 2021. */
export function isJudgementStandard(framework: FrameworkVersion, standard: string): boolean {
  return findStandard(getFramework(framework), standard)?.kind === 'judgement';
}

/** A case audit reviews cases only: it has no domain 1, no evidence log and no judgements. */
function requireDomain1(ins: Pick<InspectionRow, 'kind'>): void {
  if (ins.kind === 'case audit') throw new ForbiddenError('A case audit has no domain 1: evidence and judgements are recorded in inspections only');
}

function assertJudgementStandard(framework: FrameworkVersion, standard: string): void {
  if (!isJudgementStandard(framework, standard)) {
    throw new NotFoundError(`${standard} is not a judgement standard in the ${framework} framework`);
  }
}
