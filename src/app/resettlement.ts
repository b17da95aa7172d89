/**
 * The review of a resettlement case (2021 framework, domain 4): one note per aspect of 4.1 (the aspects are
 * data in src/core/framework/resettlement.ts). The notes are the case's assessment: they make it complete
 * (the core's missingAnswers), and lock once it is submitted, like answers. Every save is in the history.
 */
import { z } from 'zod';
import { hasResettlementReview, RESETTLEMENT_ASPECTS } from '../core/framework/resettlement.js';
import type { Queryable, Store } from '../store/index.js';
import { DEFAULT_AUTHORIZER, loadInspection, recordHistory, type Authorizer, type User } from './context.js';
import { ConflictError, ForbiddenError, NotFoundError } from './errors.js';
import { parse, tooLong } from './schemas.js';
import { LIMITS } from './limits.js';
import { blindCasesOf } from './moderation.js';

export interface ResettlementNote {
  readonly aspectId: string;
  readonly note: string;
  readonly version: number;
  readonly updatedAt: string;
}

const notesInput = z.object({
  notes: z.array(z.object({
    aspectId: z.enum(RESETTLEMENT_ASPECTS.map((a) => a.id) as [string, ...string[]], 'Choose one of the resettlement aspects'),
    note: z.string().max(LIMITS.resettlementNote, tooLong('Note', LIMITS.resettlementNote)),
    version: z.coerce.number().int().min(0),
  })).min(1).max(RESETTLEMENT_ASPECTS.length),
});

const LOCKED = ['submitted', 'quality-assured'];

interface CaseRow { id: string; inspection_id: string; ref: string; domain: number; assessor_id: string | null; state: string; version: number }

export function resettlementService(store: Store, auth: Authorizer = DEFAULT_AUTHORIZER) {
  async function load(db: Queryable, actor: User, caseId: string) {
    const [c] = await db.query<CaseRow>(`SELECT id, inspection_id, ref, domain, assessor_id, state, version FROM cases WHERE id = $1`, [caseId]);
    if (!c) throw new NotFoundError(`No case ${caseId}`);
    const ins = await loadInspection(db, actor, c.inspection_id).catch(() => {
      throw new NotFoundError(`No case ${caseId}`);
    });
    // A case the actor may not read (another local assessor's) is not found, for its notes and a save alike.
    auth.requireRead(actor, ins, 'case.read', `No case ${caseId}`, { assessorId: c.assessor_id });
    if (!hasResettlementReview(ins.framework_version, c.domain)) throw new NotFoundError(`Case ${c.ref} is not a resettlement case: its framework has no resettlement review`);
    return { c, ins };
  }

  return {
    /** The notes recorded on a resettlement case, by aspect. */
    async notes(actor: User, caseId: string): Promise<ResettlementNote[]> {
      await load(store, actor, caseId);
      // Blind double marking: the first marker's notes are withheld from the case's second marker until both submit.
      if ((await blindCasesOf(store, actor.id, caseId)).has(caseId)) return [];
      const rows = await store.query<{ aspect_id: string; note: string; version: number; updated_at: string }>(
        `SELECT aspect_id, note, version, updated_at FROM resettlement_notes WHERE case_id = $1 ORDER BY aspect_id`, [caseId]);
      return rows.map((r) => ({ aspectId: r.aspect_id, note: r.note, version: r.version, updatedAt: String(r.updated_at) }));
    },

    /**
     * Save notes (the version last seen, 0 for a new one); an empty note removes it. A stale version refuses the
     * whole save with the current notes. The first save starts the case.
     */
    async save(actor: User, caseId: string, input: unknown): Promise<ResettlementNote[]> {
      const v = parse(notesInput, input);
      await store.transaction(async (tx) => {
        // Lock the case first (after its inspection, the order every write takes), so a submit waits for this save.
        await tx.query(`SELECT 1 FROM cases c JOIN inspections i ON i.id = c.inspection_id WHERE c.id = $1 FOR SHARE OF i FOR NO KEY UPDATE OF c`, [caseId]);
        const { c, ins } = await load(tx, actor, caseId);
        // The review is the case's assessment: the same rule as its answers.
        auth.require(actor, ins, 'case.edit', { case: { ref: c.ref, assessorId: c.assessor_id }, what: 'write its resettlement review' });
        if (LOCKED.includes(c.state)) throw new ForbiddenError(`Case ${c.ref} is ${c.state.replace('-', ' ')}: it must be returned before its review can change`);
        const stale: string[] = [];
        for (const n of v.notes) {
          const [cur] = await tx.query<{ note: string; version: number }>(`SELECT note, version FROM resettlement_notes WHERE case_id = $1 AND aspect_id = $2 FOR UPDATE`, [caseId, n.aspectId]);
          if ((cur?.version ?? 0) !== n.version) {
            stale.push(n.aspectId);
            continue;
          }
          const text = n.note.trim();
          if (cur && cur.note === text) continue;
          // Compare-and-set on the version read (or a first note under the key): a concurrent writer leaves no row.
          const written = !text
            ? cur ? await tx.query(`DELETE FROM resettlement_notes WHERE case_id = $1 AND aspect_id = $2 AND version = $3 RETURNING version`, [caseId, n.aspectId, n.version]) : [{}]
            : cur
              ? await tx.query(`UPDATE resettlement_notes SET note = $3, updated_by = $4, updated_at = now(), version = version + 1 WHERE case_id = $1 AND aspect_id = $2 AND version = $5 RETURNING version`, [caseId, n.aspectId, text, actor.id, n.version])
              : await tx.query(`INSERT INTO resettlement_notes (case_id, aspect_id, note, updated_by) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING version`, [caseId, n.aspectId, text, actor.id]);
          if (!written[0]) {
            stale.push(n.aspectId);
            continue;
          }
          if (cur || text) {
            await recordHistory(tx, actor, {
              inspectionId: ins.id, caseId, entity: 'resettlement-note', entityId: `${caseId}:${n.aspectId}`, action: !text ? 'delete' : cur ? 'update' : 'create',
              before: cur ? { aspectId: n.aspectId, note: cur.note } : null, after: text ? { aspectId: n.aspectId, note: text } : null,
            });
          }
        }
        if (stale.length > 0) {
          const current = await tx.query<{ aspect_id: string; note: string; version: number }>(`SELECT aspect_id, note, version FROM resettlement_notes WHERE case_id = $1`, [caseId]);
          throw new ConflictError(`Someone else changed the notes on ${stale.join(', ')} for case ${c.ref} since you loaded them; nothing was saved`,
            { notes: current.map((r) => ({ aspectId: r.aspect_id, note: r.note, version: r.version })) });
        }
        // Only from not started (the condition says so again): one start in history.
        const started = c.state === 'not-started'
          ? await tx.query(`UPDATE cases SET state = 'in-progress', version = version + 1 WHERE id = $1 AND state = 'not-started' RETURNING id`, [caseId])
          : [];
        if (started[0]) {
          await recordHistory(tx, actor, { inspectionId: ins.id, caseId, entity: 'case', entityId: caseId, action: 'start', before: { state: c.state }, after: { state: 'in-progress' } });
        }
      });
      return this.notes(actor, caseId);
    },
  };
}

export type ResettlementService = ReturnType<typeof resettlementService>;
