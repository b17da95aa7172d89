/** What every service shares: the store, the acting user, role checks and the history writer. */
import type { Queryable, Store } from '../store/index.js';
import { ForbiddenError, NotFoundError } from './errors.js';
import { decide, DEFAULT_POLICY, rolesFor, type Action, type Phase, type Policy, type Role } from '../core/policy.js';
import { memoised } from './scope.js';
import { ensureFramework } from './frameworks.js';
import type { FrameworkVersion } from '../core/framework/index.js';
import type { InspectionKind } from '../core/vocabulary.js';

export type { InspectionKind };

export interface RoleGrant {
  readonly inspectionId: string;
  readonly role: Role;
}

/** The signed-in account and its roles: `request.user` on the server, the first argument of every service. */
export interface User {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly isAdmin: boolean;
  readonly roles: readonly RoleGrant[];
  /**
   * How many of their notifications the person has not read, as the session lookup found it (the header's
   * count; up to the session cache's 2 seconds old, and fresh after they mark one read). Absent elsewhere.
   */
  readonly unreadNotifications?: number;
}

export interface InspectionRow {
  id: string;
  service_id: string;
  title: string;
  framework_version: FrameworkVersion;
  /** `inspection`, or a service's own `case audit` (no domain 1, panel or publication unless asked). */
  kind: InspectionKind;
  /** Whether it ends in publication: always for an inspection; for a case audit, when asked at its creation. */
  publishes: boolean;
  phase: Phase;
  fieldwork_start: string | null;
  fieldwork_end: string | null;
  published_on: string | null;
  version: number;
  /** When the site administrator archived it (hidden from lists), or null. */
  archived_at: string | null;
}

/** The inspection row with its service's name and the change counter of what its ratings are made from. */
export interface InspectionRecord extends InspectionRow {
  service_name: string;
  /** Grows (migration 0720) with every committed change to its cases, answers, judgements or discretion decisions. */
  data_version: string;
}

/**
 * For reads outside a transaction: the inspection, its service and its data version in one statement, read
 * once per request scope (src/app/scope.ts). Checks that the user may read it, as loadInspection does.
 */
export async function loadInspectionRecord(db: Queryable, user: User, inspectionId: string): Promise<InspectionRecord> {
  if (!canRead(user, inspectionId)) throw new NotFoundError(`No inspection ${inspectionId}`);
  const row = await memoised(db, `inspection:${inspectionId}`, async () => (await db.query<InspectionRecord>(
    `SELECT i.id, i.service_id, s.name AS service_name, i.title, i.framework_version, i.kind, i.publishes, i.phase, i.fieldwork_start::text,
            i.fieldwork_end::text, i.published_on::text, i.version, i.archived_at::text, inspection_data_version(i.id)::text AS data_version
       FROM inspections i JOIN services s ON s.id = i.service_id WHERE i.id = $1`,
    [inspectionId],
  ))[0] ?? null);
  if (!row) throw new NotFoundError(`No inspection ${inspectionId}`);
  await ensureFramework(db, row.framework_version);
  return row;
}

export function rolesIn(user: User, inspectionId: string): Role[] {
  return user.roles.filter((r) => r.inspectionId === inspectionId).map((r) => r.role);
}

export function hasRole(user: User, inspectionId: string, ...roles: Role[]): boolean {
  return user.roles.some((r) => r.inspectionId === inspectionId && roles.includes(r.role));
}

/** Anyone with a role on the inspection (or the site administrator) may read it. */
export function canRead(user: User, inspectionId: string): boolean {
  return user.isAdmin || user.roles.some((r) => r.inspectionId === inspectionId);
}

/**
 * Read inside a transaction (a `db` without `transaction`, i.e. not the store itself), the inspection row is
 * share-locked to the end of it: a change of phase waits for the writes in progress, and a write that starts
 * after a publication reads the inspection as published. Concurrent writers share the lock. Writes take it
 * before locking any of the inspection's records (cases, answers, recommendations …), so no two wait in a circle.
 */
export async function loadInspection(db: Queryable, user: User, inspectionId: string): Promise<InspectionRow> {
  // Hide the existence of inspections the user has no part in.
  if (!canRead(user, inspectionId)) throw new NotFoundError(`No inspection ${inspectionId}`);
  const inTransaction = !('transaction' in db);
  // Outside a transaction nothing is locked: the one read of the request scope serves.
  if (!inTransaction) return loadInspectionRecord(db, user, inspectionId);
  const rows = await db.query<InspectionRow>(
    `SELECT id, service_id, title, framework_version, kind, publishes, phase, fieldwork_start::text, fieldwork_end::text, published_on::text, version,
            archived_at::text
       FROM inspections WHERE id = $1 FOR SHARE`,
    [inspectionId],
  );
  if (!rows[0]) throw new NotFoundError(`No inspection ${inspectionId}`);
  await ensureFramework(db, rows[0].framework_version);
  return rows[0];
}

/** The role checks of one policy table (src/core/policy), as the services apply them. */
export interface Authorizer {
  readonly policy: Policy;
  /** Whether `actor` may take `action` on this inspection (and case): for screens that show or hide controls. */
  allows(actor: User, inspection: Pick<InspectionRow, 'id' | 'phase'>, action: Action, onCase?: Pick<CaseRef, 'assessorId'>): boolean;
  /** Throws ForbiddenError, saying why, unless `actor` may take `action`; `what` words the refusal. */
  require(actor: User, inspection: Pick<InspectionRow, 'id' | 'phase'>, action: Action, options?: { readonly case?: CaseRef; readonly what?: string }): void;
  /**
   * How much of what a read action covers `actor` reads: `all`, only their `own` (cases assigned to them,
   * history entries they made), or `none`.
   */
  reads(actor: User, inspection: Pick<InspectionRow, 'id' | 'phase'>, action: Action): 'all' | 'own' | 'none';
  /** Throws NotFoundError(`notFound`) unless `actor` may read: a refused read does not reveal that the thing exists. */
  requireRead(actor: User, inspection: Pick<InspectionRow, 'id' | 'phase'>, action: Action, notFound: string, onCase?: Pick<CaseRef, 'assessorId'>): void;
}

interface CaseRef {
  readonly ref: string;
  readonly assessorId: string | null;
}

export function authorizer(policy: Policy = DEFAULT_POLICY): Authorizer {
  const subject = (actor: User, ins: Pick<InspectionRow, 'id' | 'phase'>, onCase?: Pick<CaseRef, 'assessorId'>) => ({
    roles: rolesIn(actor, ins.id),
    isAdmin: actor.isAdmin,
    phase: ins.phase,
    ...(onCase ? { ownCase: onCase.assessorId === actor.id } : {}),
  });
  return {
    policy,
    allows: (actor, ins, action, onCase) => decide(policy, action, subject(actor, ins, onCase)).allowed,
    require(actor, ins, action, options = {}) {
      const d = decide(policy, action, subject(actor, ins, options.case));
      if (d.allowed) return;
      const what = options.what ?? policy.actions[action].what;
      const ref = options.case?.ref ?? '';
      switch (d.refusal) {
        case 'published': throw new ForbiddenError(`The inspection is published: everything is read-only, so you cannot ${what}`);
        case 'not-own-case': throw new ForbiddenError(`Case ${ref} is not assigned to you, so you cannot ${what}`);
        case 'own-case': throw new ForbiddenError(`You assessed case ${ref}, so another inspector must ${what}`);
        case 'phase': throw new ForbiddenError(`You cannot ${what} while the inspection is in ${ins.phase}`);
        case 'role': {
          const roles = rolesFor(policy, action).map((r) => r.replace(/-/g, ' '));
          throw new ForbiddenError(`Only ${roles.length ? roles.join(' or ') : 'the site administrator'} may ${what}`);
        }
      }
    },
    reads(actor, ins, action) {
      // Someone else's case (or entry) is the test for `all`; a case of one's own for `own`.
      if (decide(policy, action, subject(actor, ins, { assessorId: null })).allowed) return 'all';
      return decide(policy, action, subject(actor, ins, { assessorId: actor.id })).allowed ? 'own' : 'none';
    },
    requireRead(actor, ins, action, notFound, onCase) {
      if (!decide(policy, action, subject(actor, ins, onCase)).allowed) throw new NotFoundError(notFound);
    },
  };
}

export const DEFAULT_AUTHORIZER = authorizer();

/**
 * The reader a use case reads as once the actor's own read rule has passed, to see a whole that the rule
 * allows (the report's case sample, the plan behind the ratings) rather than the actor's share of it.
 */
export const WHOLE_READER: User = Object.freeze({ id: 'report', email: 'report@localhost', displayName: 'The report', isAdmin: true, roles: [] });

export interface HistoryEntry {
  readonly inspectionId?: string | null;
  readonly caseId?: string | null;
  readonly entity: string;
  readonly entityId: string;
  readonly action: string;
  readonly before?: unknown;
  readonly after?: unknown;
  readonly reason?: string | null;
}

export async function recordHistory(db: Queryable, actor: User | null, e: HistoryEntry): Promise<void> {
  await db.query(
    `INSERT INTO history (actor_id, inspection_id, case_id, entity, entity_id, action, before, after, reason)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      actor?.id ?? null,
      e.inspectionId ?? null,
      e.caseId ?? null,
      e.entity,
      e.entityId,
      e.action,
      e.before === undefined || e.before === null ? null : JSON.stringify(e.before),
      e.after === undefined || e.after === null ? null : JSON.stringify(e.after),
      e.reason ?? null,
    ],
  );
}

export interface ServiceDeps {
  readonly store: Store;
}

export function newId(): string {
  return crypto.randomUUID();
}
