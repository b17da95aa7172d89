/** Services (the youth offending services inspected) and inspections with their phases. */
import type { Queryable, Store } from '../store/index.js';
import { ConflictError, ForbiddenError, ValidationError } from './errors.js';
import { requireAuditable, useFramework } from './frameworks.js';
import type { FrameworkVersion } from '../core/framework/index.js';
import { canRead, DEFAULT_AUTHORIZER, loadInspection, loadInspectionRecord, newId, recordHistory, rolesIn, type Authorizer, type InspectionKind, type InspectionRow, type User } from './context.js';
import { inspectionDetailsInput, inspectionInput, inspectionRemovalInput, parse, phaseInput, serviceInput, type Phase, type Role } from './schemas.js';
import { phaseMoveBlockers, unassuredCases } from '../core/workflow/index.js';
import { phaseRefusal, workflowSnapshot, workflowSnapshotFromLive, workflowView, type WorkflowView } from './workflow.js';
import type { LiveRatings } from './ratings.js';
import { panelStartedNotices, type Outbox, type Outgoing } from './notifications.js';

export interface Inspection {
  readonly id: string;
  readonly serviceId: string;
  readonly serviceName: string;
  readonly title: string;
  readonly frameworkVersion: FrameworkVersion;
  /** `inspection`, or a service's own `case audit`. */
  readonly kind: InspectionKind;
  /** Whether it ends in publication (a case audit: only when asked for). */
  readonly publishes: boolean;
  readonly phase: Phase;
  readonly fieldworkStart: string | null;
  readonly fieldworkEnd: string | null;
  readonly publishedOn: string | null;
  readonly version: number;
  /** When the site administrator archived it (hidden from lists, kept whole), or null. */
  readonly archivedAt: string | null;
  /** The acting user's roles on it. */
  readonly myRoles: Role[];
}

const SELECT = `SELECT i.id, i.service_id, s.name AS service_name, i.title, i.framework_version, i.kind, i.publishes, i.phase,
  i.fieldwork_start::text, i.fieldwork_end::text, i.published_on::text, i.version, i.archived_at::text
  FROM inspections i JOIN services s ON s.id = i.service_id`;

type Row = InspectionRow & { service_name: string };

const toInspection = (r: Row, user: User): Inspection => ({
  id: r.id,
  serviceId: r.service_id,
  serviceName: r.service_name,
  title: r.title,
  frameworkVersion: r.framework_version,
  kind: r.kind,
  publishes: r.publishes,
  phase: r.phase,
  fieldworkStart: r.fieldwork_start,
  fieldworkEnd: r.fieldwork_end,
  publishedOn: r.published_on,
  version: r.version,
  archivedAt: r.archived_at,
  myRoles: rolesIn(user, r.id),
});

async function fetch(db: Queryable, actor: User, inspectionId: string): Promise<Inspection> {
  // Outside a transaction: one read (once per request scope).
  if ('transaction' in db) return toInspection(await loadInspectionRecord(db, actor, inspectionId), actor);
  await loadInspection(db, actor, inspectionId);
  const rows = await db.query<Row>(`${SELECT} WHERE i.id = $1`, [inspectionId]);
  return toInspection(rows[0]!, actor);
}

/** Why a compare-and-set on the inspection found no row: published meanwhile, or changed by someone else. */
async function staleInspection(db: Queryable, actor: User, inspectionId: string, what: string): Promise<Error> {
  const now = await fetch(db, actor, inspectionId);
  if (now.phase === 'published') return new ForbiddenError(`The inspection is published: everything is read-only, so you cannot ${what}`);
  return new ConflictError('Someone changed this inspection since you loaded it', now);
}

export function inspectionService(
  store: Store,
  hooks: {
    readonly reportGaps?: (actor: User, inspectionId: string) => Promise<readonly { readonly text: string }[]>;
    /** The ratings kept for the inspection's data version: the workflow view is made from them (no reading of its own). */
    readonly liveRatings?: (actor: User, inspectionId: string) => Promise<LiveRatings>;
    /** Told once a publication has committed (the library adds the inspection); its failure never undoes it. */
    readonly published?: (actor: User, inspectionId: string) => Promise<unknown>;
    /** Emails the notifications a phase move writes, once it has committed. */
    readonly outbox?: Outbox;
  } = {},
  auth: Authorizer = DEFAULT_AUTHORIZER,
) {
  async function setArchived(actor: User, inspectionId: string, input: unknown, archive: boolean): Promise<Inspection> {
    const p = parse(inspectionRemovalInput, input);
    // Refused by role before anything is read: someone who may not, learns nothing of the inspection.
    auth.require(actor, { id: inspectionId, phase: 'planning' }, 'inspection.archive');
    return store.transaction(async (tx) => {
      await tx.query(`SELECT 1 FROM inspections WHERE id = $1 FOR NO KEY UPDATE`, [inspectionId]);
      const ins = await loadInspection(tx, actor, inspectionId);
      auth.require(actor, ins, 'inspection.archive');
      if (ins.version !== p.version) throw new ConflictError('Someone changed this inspection since you loaded it', await fetch(tx, actor, inspectionId));
      if ((ins.archived_at !== null) === archive) return fetch(tx, actor, inspectionId);
      const changed = await tx.query(
        `UPDATE inspections SET archived_at = CASE WHEN $3 THEN now() ELSE NULL END, version = version + 1
          WHERE id = $1 AND version = $2 AND phase <> 'published' RETURNING id`,
        [inspectionId, p.version, archive],
      );
      if (!changed[0]) throw await staleInspection(tx, actor, inspectionId, archive ? 'archive the inspection' : 'restore the inspection');
      await recordHistory(tx, actor, { inspectionId, entity: 'inspection', entityId: inspectionId, action: archive ? 'archive' : 'restore', reason: p.reason });
      return fetch(tx, actor, inspectionId);
    });
  }

  return {
    async createService(actor: User | null, input: unknown): Promise<{ id: string; name: string }> {
      if (actor && !actor.isAdmin) throw new ForbiddenError('Only a site administrator may add services');
      const s = parse(serviceInput, input);
      return store.transaction(async (tx) => {
        const id = newId();
        await tx.query(`INSERT INTO services (id, name) VALUES ($1, $2)`, [id, s.name]);
        await recordHistory(tx, actor, { entity: 'service', entityId: id, action: 'create', after: { id, name: s.name } });
        return { id, name: s.name };
      });
    },

    /** The youth justice services inspections can be created for (site administrator). */
    async listServices(actor: User | null): Promise<{ id: string; name: string }[]> {
      if (actor && !actor.isAdmin) throw new ForbiddenError('Only a site administrator may list services');
      return store.query<{ id: string; name: string }>(`SELECT id, name FROM services ORDER BY lower(name), id`);
    },

    async create(actor: User | null, input: unknown): Promise<{ id: string }> {
      if (actor && !actor.isAdmin) throw new ForbiddenError('Only a site administrator may create inspections');
      const i = parse(inspectionInput, input);
      return store.transaction(async (tx) => {
        const svc = await tx.query(`SELECT 1 FROM services WHERE id = $1`, [i.serviceId]);
        if (!svc[0]) throw new ValidationError([{ field: 'serviceId', message: 'No such service' }]);
        await useFramework(tx, i.frameworkVersion);
        if (i.kind === 'case audit') requireAuditable(i.frameworkVersion);
        const id = newId();
        await tx.query(
          `INSERT INTO inspections (id, service_id, title, framework_version, kind, publishes, phase, fieldwork_start, fieldwork_end)
           VALUES ($1, $2, $3, $4, $5, $6, 'planning', $7, $8)`,
          [id, i.serviceId, i.title, i.frameworkVersion, i.kind, i.kind === 'inspection' || i.publish === true, i.fieldworkStart ?? null, i.fieldworkEnd ?? null],
        );
        await recordHistory(tx, actor, { inspectionId: id, entity: 'inspection', entityId: id, action: 'create', after: i });
        return { id };
      });
    },

    /**
     * The inspections the user has a part in (all of them for the site administrator): those in use, or with
     * `archived` those the site administrator archived.
     */
    async list(actor: User, options: { readonly archived?: boolean } = {}): Promise<Inspection[]> {
      const rows = await store.query<Row>(`${SELECT} WHERE (i.archived_at IS NOT NULL) = $1 ORDER BY i.created_at DESC, i.id`, [options.archived === true]);
      return rows.filter((r) => canRead(actor, r.id)).map((r) => toInspection(r, actor));
    },

    /**
     * Archive an inspection made by mistake (the site administrator, before publication): hidden from the lists,
     * kept whole with its history, and restorable. Compare-and-set on its version.
     */
    async archive(actor: User, inspectionId: string, input: unknown): Promise<Inspection> {
      return setArchived(actor, inspectionId, input, true);
    },

    /** Put an archived inspection back in the lists. */
    async restore(actor: User, inspectionId: string, input: unknown): Promise<Inspection> {
      return setArchived(actor, inspectionId, input, false);
    },

    /**
     * Delete an inspection made by mistake that holds no cases (the site administrator, before publication).
     * Its team and written parts go with it; the history keeps its entries and this deletion, with the reason.
     */
    async remove(actor: User, inspectionId: string, input: unknown): Promise<void> {
      const p = parse(inspectionRemovalInput, input);
      auth.require(actor, { id: inspectionId, phase: 'planning' }, 'inspection.delete');
      await store.transaction(async (tx) => {
        await tx.query(`SELECT 1 FROM inspections WHERE id = $1 FOR UPDATE`, [inspectionId]);
        const ins = await loadInspection(tx, actor, inspectionId);
        auth.require(actor, ins, 'inspection.delete');
        if (ins.version !== p.version) throw new ConflictError('Someone changed this inspection since you loaded it', await fetch(tx, actor, inspectionId));
        const cases = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases WHERE inspection_id = $1`, [inspectionId]);
        const n = Number(cases[0]?.n ?? 0);
        if (n > 0) {
          throw new ValidationError([{ field: 'reason', message: `The inspection holds ${n === 1 ? '1 case' : `${n} cases`}, so it cannot be deleted; archive it instead` }]);
        }
        const before = await fetch(tx, actor, inspectionId);
        const gone = await tx.query(`DELETE FROM inspections WHERE id = $1 AND version = $2 AND phase <> 'published' RETURNING id`, [inspectionId, p.version]);
        if (!gone[0]) throw await staleInspection(tx, actor, inspectionId, 'delete the inspection');
        await recordHistory(tx, actor, {
          inspectionId, entity: 'inspection', entityId: inspectionId, action: 'delete', reason: p.reason,
          before: { title: before.title, service: before.serviceName, framework: before.frameworkVersion, phase: before.phase },
        });
      });
    },

    async get(actor: User, inspectionId: string): Promise<Inspection> {
      return fetch(store, actor, inspectionId);
    },

    /**
     * The lead inspector or the site administrator corrects the title and fieldwork dates (until published).
     * Dates left out stay as they are; null clears one.
     */
    async updateDetails(actor: User, inspectionId: string, input: unknown): Promise<Inspection> {
      const d = parse(inspectionDetailsInput, input);
      return store.transaction(async (tx) => {
        // The row lock first (the share lock loadInspection takes is then ours already): two changes of the
        // inspection wait for each other instead of deadlocking on their share locks.
        await tx.query(`SELECT 1 FROM inspections WHERE id = $1 FOR NO KEY UPDATE`, [inspectionId]);
        const ins = await loadInspection(tx, actor, inspectionId);
        auth.require(actor, ins, 'inspection.edit-details');
        if (ins.version !== d.version) throw new ConflictError('Someone changed this inspection since you loaded it', await fetch(tx, actor, inspectionId));
        const start = d.fieldworkStart === undefined ? ins.fieldwork_start : d.fieldworkStart;
        const end = d.fieldworkEnd === undefined ? ins.fieldwork_end : d.fieldworkEnd;
        if (start && end && end < start) throw new ValidationError([{ field: 'fieldworkEnd', message: 'The fieldwork cannot end before it starts' }]);
        // Compare-and-set: a concurrent change (or publication) since the read above leaves no row to update.
        const updated = await tx.query(
          `UPDATE inspections SET title = $2, fieldwork_start = $3, fieldwork_end = $4, version = version + 1
            WHERE id = $1 AND version = $5 AND phase <> 'published' RETURNING id`,
          [inspectionId, d.title, start, end, d.version],
        );
        if (!updated[0]) throw await staleInspection(tx, actor, inspectionId, "change the inspection's details");
        await recordHistory(tx, actor, {
          inspectionId, entity: 'inspection', entityId: inspectionId, action: 'details',
          before: { title: ins.title, fieldworkStart: ins.fieldwork_start, fieldworkEnd: ins.fieldwork_end },
          after: { title: d.title, fieldworkStart: start, fieldworkEnd: end },
        });
        return fetch(tx, actor, inspectionId);
      });
    },

    /**
     * The lead moves the phase one step forward or back; publishing is final. The workflow machine's gates
     * (src/core/workflow) come first and nothing bypasses them: past fieldwork every case finished or
     * withdrawn, the unassured ones acknowledged on entering the panel, and for publishing the panel's decision
     * on every standard eligible for discretion and the judgements. Then, for publishing, the report's gaps,
     * which `publishDraft` accepts on purpose.
     */
    async setPhase(actor: User, inspectionId: string, input: unknown): Promise<Inspection> {
      const p = parse(phaseInput, input);
      // The role, the version and the workflow's gates (src/core/workflow), in that order.
      const gate = async (db: Queryable) => {
        const ins = await loadInspection(db, actor, inspectionId);
        auth.require(actor, ins, 'inspection.change-phase');
        if (ins.version !== p.version) throw new ConflictError('Someone changed this inspection since you loaded it', await fetch(db, actor, inspectionId));
        const snapshot = await workflowSnapshot(db, ins);
        const blockers = phaseMoveBlockers(snapshot, p.phase, { acknowledgeUnassured: p.acknowledgeUnassured === true });
        if (blockers.length > 0) throw phaseRefusal(blockers);
        // What the lead moved on knowingly, for the history.
        const acknowledged = ins.phase === 'fieldwork' && p.phase !== 'planning' ? unassuredCases(snapshot).map((c) => c.ref) : [];
        return { ins, acknowledged };
      };
      if (p.phase === 'published' && hooks.reportGaps && !p.publishDraft) {
        // Asked before the transaction (the report reads through the store); the role, version and gates
        // first, so nobody learns what a report lacks unless they may publish it.
        await gate(store);
        const gaps = await hooks.reportGaps(actor, inspectionId);
        if (gaps.length > 0) {
          throw new ValidationError([{ field: 'publishDraft', message: `The report is still a draft without: ${gaps.map((g) => g.text).join('; ')}. Record them first, or publish the draft on purpose (publishDraft: true)` }]);
        }
      }
      const { moved, notes } = await store.transaction(async (tx) => {
        // The row lock first (the share lock loadInspection takes is then ours already): two changes of the
        // inspection wait for each other instead of deadlocking on their share locks.
        await tx.query(`SELECT 1 FROM inspections WHERE id = $1 FOR NO KEY UPDATE`, [inspectionId]);
        const { ins, acknowledged } = await gate(tx);
        // Compare-and-set on the version and the phase it moves from; publication is final in SQL too.
        const moved = await tx.query(
          `UPDATE inspections SET phase = $2, published_on = CASE WHEN $2 = 'published' THEN current_date ELSE published_on END,
             version = version + 1 WHERE id = $1 AND version = $3 AND phase = $4 AND phase <> 'published' RETURNING id`,
          [inspectionId, p.phase, p.version, ins.phase],
        );
        if (!moved[0]) throw await staleInspection(tx, actor, inspectionId, 'move the inspection to another phase');
        await recordHistory(tx, actor, {
          inspectionId, entity: 'inspection', entityId: inspectionId, action: 'phase', before: { phase: ins.phase },
          after: { phase: p.phase, ...(acknowledged.length ? { notQualityAssured: acknowledged } : {}) },
          ...(acknowledged.length ? { reason: `Moved to ${p.phase === 'panel' ? 'the ratings panel' : 'the results'} knowing that ${acknowledged.join(', ')} ${acknowledged.length === 1 ? 'is' : 'are'} not yet quality assured` } : {}),
        });
        const notes: Outgoing[] = p.phase === 'panel' && ins.phase === 'fieldwork' ? await panelStartedNotices(tx, actor, inspectionId) : [];
        return { moved: await fetch(tx, actor, inspectionId), notes };
      });
      // Emails only for a move that happened (after the commit); a mail failure is logged, never the lead's.
      hooks.outbox?.send(notes);
      // After the commit, and never undoing it: a library that could not take it now catches up on its next read.
      // The library holds HMIP's published inspections: a case audit's own publication stays out of its benchmarks.
      if (moved.phase === 'published' && moved.kind === 'inspection' && hooks.published) await hooks.published(actor, inspectionId).catch(() => undefined);
      return moved;
    },

    /**
     * Where the inspection stands in its workflow and what blocks each step it could take: every case's state,
     * so only for those who read the whole inspection (not a local assessor: not found).
     */
    async workflow(actor: User, inspectionId: string): Promise<WorkflowView> {
      const ins = await loadInspection(store, actor, inspectionId);
      auth.requireRead(actor, ins, 'workflow.read', `No workflow for inspection ${inspectionId}`);
      if (hooks.liveRatings) return workflowView(workflowSnapshotFromLive(await hooks.liveRatings(actor, inspectionId), ins));
      return workflowView(await workflowSnapshot(store, ins));
    },
  };
}

export type InspectionService = ReturnType<typeof inspectionService>;
