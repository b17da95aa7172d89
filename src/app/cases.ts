/**
 * Sampled cases: classification, assignment, answers (optimistic concurrency) and the assessment states
 * not started → in progress → submitted → quality assured, returned with a reason, or withdrawn from the
 * sample with a reason. Which moves exist, in which phases, is the workflow machine's (src/core/workflow).
 */
import { missingAnswers } from '../core/assessment/index.js';
import { rolesWith, type Policy } from '../core/policy.js';
import { caseMoveRefusal, caseMoveTarget, LOCKED_STATES as MACHINE_LOCKED_STATES, STATE_WORDS, WORKLIST_ORDER, workState, type CaseAction } from '../core/workflow/index.js';
import { findKeyQuestion, findPrompt, findStandard, frameworkIds, getFramework, parentId, type FrameworkVersion } from '../core/framework/index.js';
import { requireCaseDomain } from './frameworks.js';
import type { DomainCode } from '../core/vocabulary.js';
import type { Queryable, Store } from '../store/index.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from './errors.js';
import { saveOneAnswer, type Answer, type AnswerWriteRules, type SavedAnswers } from './answer-write.js';
export type { Answer, SavedAnswers } from './answer-write.js';
import { memoised } from './scope.js';
import { blindCasesOf } from './moderation.js';
import { awaitingQaNotices, caseReturnedNotices, NO_MAIL, type Outbox, type Outgoing } from './notifications.js';
import { canRead, DEFAULT_AUTHORIZER, loadInspection, newId, recordHistory, rolesIn, type Authorizer, type InspectionRow, type User } from './context.js';
import {
  answersInput,
  assignInput,
  bulkAssignInput,
  caseFilter,
  caseInput,
  parse,
  transitionInput,
  version as versionSchema,
  type AnswerValue,
  type CaseState,
} from './schemas.js';

export interface CaseRecord {
  readonly id: string;
  readonly inspectionId: string;
  readonly ref: string;
  readonly domain: DomainCode;
  readonly disposalType: string;
  readonly gender: string;
  readonly ageBand: string;
  readonly ethnicity: string;
  readonly riskOfSeriousHarm: string;
  readonly safetyAndWellbeing: string;
  readonly childSafetyFactors: boolean;
  readonly othersSafetyFactors: boolean;
  readonly assessorId: string | null;
  readonly assessorName: string | null;
  readonly state: CaseState;
  readonly returnReason: string | null;
  /** When a case was last returned (null when it never was, or was corrected and submitted since). */
  readonly returnedAt: string | null;
  /** Who returned it (with returnedAt). */
  readonly returnedBy: string | null;
  readonly returnedByName: string | null;
  /** Why, when and by whom the case was withdrawn from the sample (null unless withdrawn). */
  readonly withdrawnReason: string | null;
  readonly withdrawnAt: string | null;
  readonly withdrawnBy: string | null;
  readonly version: number;
  /** How many key questions and prompts have an answer. */
  readonly answered: number;
}

/** One person's work on an inspection: their cases by the state they see them in, returned work first. */
export interface Worklist {
  readonly groups: readonly { readonly state: CaseState; readonly cases: readonly CaseRecord[] }[];
  /** Submitted cases this person may quality assure now (someone else's, for an inspector). */
  readonly awaitingQualityAssurance: readonly CaseRecord[];
}

/** One assessor's note on one question of one case, for writing the standard's narrative. */
export interface EvidenceNote {
  readonly caseRef: string;
  readonly caseState: string;
  readonly questionId: string;
  readonly answer: AnswerValue;
  readonly note: string;
}

export interface CaseWithAnswers extends CaseRecord {
  readonly answers: Answer[];
  /** True when the answers are withheld from the reader: they double mark the case, blind, and have not both submitted. */
  readonly answersWithheld?: boolean;
}

interface CaseRow {
  id: string;
  inspection_id: string;
  ref: string;
  domain: number;
  disposal_type: string;
  gender: string;
  age_band: string;
  ethnicity: string;
  risk_of_serious_harm: string;
  safety_and_wellbeing: string;
  child_safety_factors: boolean;
  others_safety_factors: boolean;
  assessor_id: string | null;
  assessor_name: string | null;
  state: CaseState;
  return_reason: string | null;
  returned_at: string | Date | null;
  returned_by: string | null;
  returned_by_name: string | null;
  withdrawn_reason: string | null;
  withdrawn_at: string | Date | null;
  withdrawn_by: string | null;
  version: number;
  answered: number;
}

interface AnswerRow {
  question_id: string;
  answer: AnswerValue;
  note: string | null;
  version: number;
  updated_at: string;
  updated_by: string | null;
}

const CASE_SELECT = `SELECT c.*, a.display_name AS assessor_name, rb.display_name AS returned_by_name,
    (SELECT count(*)::int FROM answers x WHERE x.case_id = c.id) AS answered
  FROM cases c LEFT JOIN accounts a ON a.id = c.assessor_id LEFT JOIN accounts rb ON rb.id = c.returned_by`;

const toCase = (r: CaseRow): CaseRecord => ({
  id: r.id,
  inspectionId: r.inspection_id,
  ref: r.ref,
  domain: r.domain as DomainCode,
  disposalType: r.disposal_type,
  gender: r.gender,
  ageBand: r.age_band,
  ethnicity: r.ethnicity,
  riskOfSeriousHarm: r.risk_of_serious_harm,
  safetyAndWellbeing: r.safety_and_wellbeing,
  childSafetyFactors: r.child_safety_factors,
  othersSafetyFactors: r.others_safety_factors,
  assessorId: r.assessor_id,
  assessorName: r.assessor_name,
  state: r.state,
  returnReason: r.return_reason,
  returnedAt: iso(r.returned_at),
  returnedBy: r.returned_by,
  returnedByName: r.returned_by_name,
  withdrawnReason: r.withdrawn_reason,
  withdrawnAt: iso(r.withdrawn_at),
  withdrawnBy: r.withdrawn_by,
  version: r.version,
  answered: r.answered,
});

const iso = (v: string | Date | null): string | null => (v === null ? null : new Date(v).toISOString());

export const toAnswer = (r: AnswerRow): Answer => ({
  questionId: r.question_id,
  answer: r.answer,
  note: r.note,
  version: r.version,
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
});

/** Snapshot of a case for the history: no derived counts. */
const caseSnapshot = (c: CaseRecord) => {
  const { answered: _a, assessorName: _n, returnedBy: _b, returnedByName: _r, ...rest } = c;
  return rest;
};

async function fetchCase(db: Queryable, caseId: string): Promise<CaseRecord | null> {
  const rows = await db.query<CaseRow>(`${CASE_SELECT} WHERE c.id = $1`, [caseId]);
  return rows[0] ? toCase(rows[0]) : null;
}

/**
 * The answer write's history row, in the same statement as the write (one round trip, and written only when
 * the write was): $1 case, $5 actor, $6 inspection, $7 action, $8 before. Same shape as recordHistory's.
 */
const HISTORY_OF_ANSWER = `,
  h AS (INSERT INTO history (actor_id, inspection_id, case_id, entity, entity_id, action, before, after)
        SELECT $5, $6, $1, 'answer', $1 || ':' || a.question_id, $7, $8::jsonb,
               jsonb_build_object('questionId', a.question_id, 'answer', a.answer, 'note', a.note, 'version', a.version) FROM a)
  SELECT * FROM a`;

/**
 * For a write: the case and its inspection in one query, without the answered count. The case row stays locked
 * to the end of the transaction, so its state cannot move (a submit, say) while its answers change, and the
 * inspection row share-locked, as loadInspection does, so it cannot be published meanwhile.
 */
async function loadCaseForWrite(db: Queryable, actor: User, caseId: string, auth: Authorizer): Promise<{ c: Pick<CaseRecord, 'id' | 'inspectionId' | 'ref' | 'domain' | 'assessorId' | 'state' | 'version'>; ins: InspectionRow }> {
  const rows = await db.query<InspectionRow & { case_id: string; ref: string; domain: number; assessor_id: string | null; state: CaseState; case_version: number }>(
    `SELECT c.id AS case_id, c.ref, c.domain, c.assessor_id, c.state, c.version AS case_version,
            i.id, i.service_id, i.title, i.framework_version, i.phase, i.fieldwork_start::text, i.fieldwork_end::text, i.published_on::text, i.version, i.archived_at::text
       FROM cases c JOIN inspections i ON i.id = c.inspection_id WHERE c.id = $1
        FOR SHARE OF i FOR NO KEY UPDATE OF c`,
    [caseId],
  );
  const r = rows[0];
  // Hide the existence of cases in inspections the user has no part in.
  if (!r || !canRead(actor, r.id)) throw new NotFoundError(`No case ${caseId}`);
  const { case_id, ref, domain, assessor_id, state, case_version, ...ins } = r;
  auth.requireRead(actor, ins, 'case.read', `No case ${caseId}`, { assessorId: assessor_id });
  return { c: { id: case_id, inspectionId: ins.id, ref, domain: domain as DomainCode, assessorId: assessor_id, state, version: case_version }, ins };
}

/** Load a case the user may read, with its inspection: any other is not found, for a read or a change alike. */
async function loadCase(db: Queryable, actor: User, caseId: string, auth: Authorizer): Promise<{ c: CaseRecord; ins: InspectionRow }> {
  const c = await fetchCase(db, caseId);
  if (!c) throw new NotFoundError(`No case ${caseId}`);
  const ins = await loadInspection(db, actor, c.inspectionId).catch(() => {
    throw new NotFoundError(`No case ${caseId}`);
  });
  auth.requireRead(actor, ins, 'case.read', `No case ${caseId}`, c);
  return { c, ins };
}

/** A compare-and-set on a case found no row: someone changed it since it was read. */
async function staleCase(db: Queryable, caseId: string): Promise<ConflictError> {
  const now = await fetchCase(db, caseId);
  return new ConflictError(`Someone changed case ${now?.ref ?? caseId} since you loaded it`, now);
}

/** A case's answers cannot change in these states until it is returned (or reinstated). */
const LOCKED_STATES: readonly CaseState[] = MACHINE_LOCKED_STATES;

/**
 * The rules of saveAnswers for one answer, as the quick save checks them in its statement: the policy's
 * `case.edit` rules give the inspections where the actor edits any case, and those where only their own.
 */
function answerWriteRules(policy: Policy, actor: User, questionId: string): AnswerWriteRules {
  const inspectionsWhere = (roles: string[]) => [...new Set(actor.roles.filter((r) => roles.includes(r.role)).map((r) => r.inspectionId))];
  return {
    actorId: actor.id,
    anyCaseIn: inspectionsWhere(rolesWith(policy, 'case.edit', 'any')),
    ownCasesIn: inspectionsWhere(rolesWith(policy, 'case.edit', 'own')),
    lockedStates: LOCKED_STATES,
    questionFits: frameworkIds().flatMap((fv) => [2, 3, 4].filter((d) => questionProblem(fv, d, questionId) === null).map((d) => `${fv}:${d}`)),
  };
}


/**
 * The workflow machine's phase and state rules for a case move, after the role checks above: a move in the
 * wrong phase is forbidden (like a published inspection), one from the wrong state is a validation error.
 */
function requireMoveOpen(policy: Policy, move: CaseAction, ins: InspectionRow, c: Pick<CaseRecord, 'ref' | 'assessorId' | 'state'>, actor: User, words: string): void {
  const refusal = caseMoveRefusal(move, ins.phase, c.state, { roles: rolesIn(actor, ins.id), isAssessor: c.assessorId === actor.id }, policy);
  if (!refusal) return;
  if (refusal.kind === 'state') {
    if (move === 'answer') throw new ForbiddenError(`Case ${c.ref} is ${STATE_WORDS[c.state]}: it must be ${c.state === 'withdrawn' ? 'reinstated' : 'returned'} before its answers can change`);
    throw new ValidationError([{ field: 'action', message: `Case ${c.ref} is ${STATE_WORDS[c.state]}, so you cannot ${words}` }]);
  }
  throw new ForbiddenError(`Case ${c.ref}: ${refusal.text}`);
}

export function caseService(store: Store, auth: Authorizer = DEFAULT_AUTHORIZER, mail: Outbox = NO_MAIL) {
  const self = {
    async list(actor: User, inspectionId: string, filter: unknown = {}): Promise<CaseRecord[]> {
      const f = parse(caseFilter, filter);
      const ins = await loadInspection(store, actor, inspectionId);
      const scope = auth.reads(actor, ins, 'case.read');
      if (scope === 'none') throw new NotFoundError(`No cases in inspection ${inspectionId}`);
      const where = ['c.inspection_id = $1'];
      const params: unknown[] = [inspectionId];
      const add = (sql: string, v: unknown) => {
        params.push(v);
        where.push(sql.replace('?', `$${params.length}`));
      };
      if (f.domain !== undefined) add('c.domain = ?', f.domain);
      if (f.disposalType !== undefined) add('c.disposal_type = ?', f.disposalType);
      if (f.assessorId !== undefined) add('c.assessor_id = ?', f.assessorId);
      if (f.state !== undefined) add('c.state = ?', f.state);
      // A local assessor's list is the cases assigned to them.
      if (scope === 'own') add('c.assessor_id = ?', actor.id);
      // Read once per request scope for a given filter (the overview and its report status share the whole list).
      const rows = await memoised(store, `cases:${JSON.stringify(params)}`, () => store.query<CaseRow>(`${CASE_SELECT} WHERE ${where.join(' AND ')} ORDER BY c.domain, c.ref`, params));
      return rows.map(toCase);
    },

    /** The actor's worklist on one inspection (anyone who reads its cases; it holds only what they read). */
    async worklist(actor: User, inspectionId: string): Promise<Worklist> {
      const ins = await loadInspection(store, actor, inspectionId);
      const scope = auth.reads(actor, ins, 'case.read');
      if (scope === 'none') throw new NotFoundError(`No cases in inspection ${inspectionId}`);
      const all = await self.list(actor, inspectionId);
      const mine = all.filter((c) => c.assessorId === actor.id);
      const groups = WORKLIST_ORDER.map((state) => ({
        state,
        cases: mine.filter((c) => workState(c) === state)
          // The longest-waiting return first.
          .sort((a, b) => (state === 'returned' ? (a.returnedAt ?? '').localeCompare(b.returnedAt ?? '') : 0)),
      })).filter((g) => g.cases.length > 0);
      const roles = rolesIn(actor, inspectionId);
      const awaitingQualityAssurance = all.filter((c) => c.state === 'submitted'
        && caseMoveRefusal('quality-assure', ins.phase, c.state, { roles, isAssessor: c.assessorId === actor.id }, auth.policy) === null);
      return { groups, awaitingQualityAssurance };
    },

    /**
     * The assessors' evidence notes on some questions, across the cases the actor reads (withdrawn cases and
     * cases the actor is blind to as second marker left out): what a narrative is written from.
     */
    async evidenceNotes(actor: User, inspectionId: string, questionIds: readonly string[]): Promise<EvidenceNote[]> {
      const cases = (await self.list(actor, inspectionId)).filter((c) => c.state !== 'withdrawn');
      if (cases.length === 0 || questionIds.length === 0) return [];
      const blind = await blindCasesOf(store, actor.id);
      const byId = new Map(cases.filter((c) => !blind.has(c.id)).map((c) => [c.id, c]));
      const rows = await store.query<{ case_id: string; question_id: string; answer: AnswerValue; note: string }>(
        `SELECT case_id, question_id, answer, note FROM answers
          WHERE case_id = ANY($1::text[]) AND question_id = ANY($2::text[]) AND note IS NOT NULL AND btrim(note) <> ''
          ORDER BY question_id, case_id`,
        [[...byId.keys()], [...questionIds]],
      );
      return rows.map((r) => ({ caseRef: byId.get(r.case_id)!.ref, caseState: byId.get(r.case_id)!.state, questionId: r.question_id, answer: r.answer, note: r.note }))
        .sort((a, b) => a.questionId.localeCompare(b.questionId, 'en', { numeric: true }) || a.caseRef.localeCompare(b.caseRef, 'en', { numeric: true }));
    },

    async get(actor: User, caseId: string): Promise<CaseWithAnswers> {
      const { c } = await loadCase(store, actor, caseId, auth);
      // Blind double marking: the case's second marker reads none of its answers or notes until both are in.
      if ((await blindCasesOf(store, actor.id, caseId)).has(caseId)) return { ...c, answered: 0, answers: [], answersWithheld: true };
      const rows = await store.query<AnswerRow>(
        `SELECT question_id, answer, note, version, updated_at, updated_by FROM answers WHERE case_id = $1 ORDER BY question_id`,
        [caseId],
      );
      return { ...c, answers: rows.map(toAnswer) };
    },

    /** Add a sampled case (the lead, while sampling). */
    async create(actor: User, inspectionId: string, input: unknown): Promise<CaseRecord> {
      const v = parse(caseInput, input);
      return store.transaction(async (tx) => {
        const ins = await loadInspection(tx, actor, inspectionId);
        auth.require(actor, ins, 'case.create');
        requireCaseDomain(ins.framework_version, v.domain);
        const dup = await tx.query(`SELECT 1 FROM cases WHERE inspection_id = $1 AND ref = $2`, [inspectionId, v.ref]);
        if (dup[0]) throw new ValidationError([{ field: 'ref', message: `Case ${v.ref} is already in this inspection's sample` }]);
        if (v.assessorId) await requireMember(tx, inspectionId, v.assessorId);
        const id = newId();
        // The same reference added at the same moment: the unique key decides, the loser gets the same refusal.
        const inserted = await tx.query(
          `INSERT INTO cases (id, inspection_id, ref, domain, disposal_type, gender, age_band, ethnicity, risk_of_serious_harm,
             safety_and_wellbeing, child_safety_factors, others_safety_factors, assessor_id)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13) ON CONFLICT (inspection_id, ref) DO NOTHING RETURNING id`,
          [id, inspectionId, v.ref, v.domain, v.disposalType, v.gender, v.ageBand, v.ethnicity, v.riskOfSeriousHarm,
            v.safetyAndWellbeing, v.childSafetyFactors, v.othersSafetyFactors, v.assessorId ?? null],
        );
        if (!inserted[0]) throw new ValidationError([{ field: 'ref', message: `Case ${v.ref} is already in this inspection's sample` }]);
        const c = (await fetchCase(tx, id))!;
        await recordHistory(tx, actor, { inspectionId, caseId: id, entity: 'case', entityId: id, action: 'create', after: caseSnapshot(c) });
        return c;
      });
    },

    /** Change a case's classification (the lead). */
    async update(actor: User, caseId: string, input: unknown): Promise<CaseRecord> {
      const v = parse(caseInput.omit({ assessorId: true }).extend({ version: versionSchema }), input);
      return store.transaction(async (tx) => {
        const { c, ins } = await loadCase(tx, actor, caseId, auth);
        auth.require(actor, ins, 'case.classify');
        if (c.version !== v.version) throw new ConflictError(`Someone changed case ${c.ref} since you loaded it`, c);
        if (v.ref !== c.ref) {
          const dup = await tx.query(`SELECT 1 FROM cases WHERE inspection_id = $1 AND ref = $2`, [c.inspectionId, v.ref]);
          if (dup[0]) throw new ValidationError([{ field: 'ref', message: `Case ${v.ref} is already in this inspection's sample` }]);
        }
        const updated = await tx.query(
          `UPDATE cases SET ref=$2, domain=$3, disposal_type=$4, gender=$5, age_band=$6, ethnicity=$7, risk_of_serious_harm=$8,
             safety_and_wellbeing=$9, child_safety_factors=$10, others_safety_factors=$11, version = version + 1
           WHERE id = $1 AND version = $12 RETURNING id`,
          [caseId, v.ref, v.domain, v.disposalType, v.gender, v.ageBand, v.ethnicity, v.riskOfSeriousHarm, v.safetyAndWellbeing,
            v.childSafetyFactors, v.othersSafetyFactors, v.version],
        ).catch((err: unknown) => {
          // Two cases renamed to one reference at once: the unique key refuses the second.
          if ((err as { code?: unknown }).code === '23505') throw new ValidationError([{ field: 'ref', message: `Case ${v.ref} is already in this inspection's sample` }]);
          throw err;
        });
        if (!updated[0]) throw await staleCase(tx, caseId);
        const after = (await fetchCase(tx, caseId))!;
        await recordHistory(tx, actor, { inspectionId: c.inspectionId, caseId, entity: 'case', entityId: caseId, action: 'update', before: caseSnapshot(c), after: caseSnapshot(after) });
        return after;
      });
    },

    /** Assign (or unassign) the case's assessor (the lead). */
    async assign(actor: User, caseId: string, input: unknown): Promise<CaseRecord> {
      const v = parse(assignInput, input);
      return store.transaction(async (tx) => {
        const { c, ins } = await loadCase(tx, actor, caseId, auth);
        auth.require(actor, ins, 'case.assign');
        if (c.version !== v.version) throw new ConflictError(`Someone changed case ${c.ref} since you loaded it`, c);
        if (v.assessorId) await requireMember(tx, c.inspectionId, v.assessorId);
        const updated = await tx.query(`UPDATE cases SET assessor_id = $2, version = version + 1 WHERE id = $1 AND version = $3 RETURNING id`, [caseId, v.assessorId, v.version]);
        if (!updated[0]) throw await staleCase(tx, caseId);
        const after = (await fetchCase(tx, caseId))!;
        await recordHistory(tx, actor, { inspectionId: c.inspectionId, caseId, entity: 'case', entityId: caseId, action: 'assign', before: { assessorId: c.assessorId }, after: { assessorId: v.assessorId } });
        return after;
      });
    },

    /**
     * Assign several cases to one person (the lead): all or nothing, in one transaction. Each case's write is a
     * compare-and-set on the version it was seen at, so a case someone changed meanwhile refuses the whole
     * assignment with a conflict naming it; every assignment goes into the history.
     */
    async assignMany(actor: User, inspectionId: string, input: unknown): Promise<CaseRecord[]> {
      const v = parse(bulkAssignInput, input);
      const ids = [...new Set(v.cases.map((c) => c.id))];
      if (ids.length !== v.cases.length) throw new ValidationError([{ field: 'cases', message: 'Select each case once' }]);
      return store.transaction(async (tx) => {
        const ins = await loadInspection(tx, actor, inspectionId);
        auth.require(actor, ins, 'case.assign');
        await requireMember(tx, inspectionId, v.assessorId);
        // In one order, so two assignments of overlapping cases wait for each other rather than in a circle.
        const wanted = [...v.cases].sort((a, b) => a.id.localeCompare(b.id));
        const done: CaseRecord[] = [];
        for (const want of wanted) {
          const [before] = await tx.query<{ assessor_id: string | null; ref: string; version: number }>(
            `SELECT assessor_id, ref, version FROM cases WHERE id = $1 AND inspection_id = $2 FOR NO KEY UPDATE`, [want.id, inspectionId]);
          if (!before) throw new ValidationError([{ field: 'cases', message: 'One of the selected cases is not in this inspection: reload the page and select the cases again' }]);
          const moved = await tx.query(`UPDATE cases SET assessor_id = $2, version = version + 1 WHERE id = $1 AND inspection_id = $3 AND version = $4 RETURNING id`,
            [want.id, v.assessorId, inspectionId, want.version]);
          if (!moved[0]) {
            const now = await fetchCase(tx, want.id);
            throw new ConflictError(`Someone changed case ${before.ref} since you loaded the list, so no case was assigned`, now);
          }
          await recordHistory(tx, actor, { inspectionId, caseId: want.id, entity: 'case', entityId: want.id, action: 'assign', before: { assessorId: before.assessor_id }, after: { assessorId: v.assessorId } });
          done.push((await fetchCase(tx, want.id))!);
        }
        return done;
      });
    },

    /**
     * Save answers (one or many) in one transaction. Each carries the version the client last saw (0 for a
     * new answer); any stale one refuses the whole save with 409 and the current answers.
     */
    async saveAnswers(actor: User, caseId: string, input: unknown): Promise<SavedAnswers> {
      const v = parse(answersInput, input);
      // One answer (the screens save each as it changes): one statement when every rule holds.
      const one = v.answers.length === 1 ? v.answers[0]! : null;
      const quick = one && (await saveOneAnswer(store, caseId, one, answerWriteRules(auth.policy, actor, one.questionId)));
      if (quick) return quick;
      return store.transaction(async (tx) => {
        const { c, ins } = await loadCaseForWrite(tx, actor, caseId, auth);
        auth.require(actor, ins, 'case.edit', { case: c, what: 'change its answers' });
        requireMoveOpen(auth.policy, 'answer', ins, c, actor, 'change its answers');
        const bad = v.answers.map((a, i) => ({ i, problem: questionProblem(ins.framework_version, c.domain, a.questionId) })).filter((b) => b.problem);
        if (bad.length > 0) {
          throw new ValidationError(bad.map(({ i, problem }) => ({ field: `answers.${i}.questionId`, message: problem! })));
        }
        const saved: Answer[] = [];
        const conflicts: Array<Answer | { questionId: string; answer: null; version: 0 }> = [];
        for (const a of v.answers) {
          const note = a.note ?? null;
          let rows: AnswerRow[];
          if (a.version === 0) {
            rows = await tx.query<AnswerRow>(
              `WITH a AS (INSERT INTO answers (case_id, question_id, answer, note, updated_by) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (case_id, question_id) DO NOTHING
                 RETURNING question_id, answer, note, version, updated_at, updated_by)${HISTORY_OF_ANSWER}`,
              [caseId, a.questionId, a.answer, note, actor.id, c.inspectionId, 'create', null],
            );
          } else {
            rows = await tx.query<AnswerRow>(
              `WITH a AS (UPDATE answers SET answer = $3, note = $4, updated_by = $5, updated_at = now(), version = version + 1
                 WHERE case_id = $1 AND question_id = $2 AND version = $9
                 RETURNING question_id, answer, note, version, updated_at, updated_by)${HISTORY_OF_ANSWER}`,
              [caseId, a.questionId, a.answer, note, actor.id, c.inspectionId, 'update', JSON.stringify({ version: a.version }), a.version],
            );
          }
          if (!rows[0]) {
            const cur = await tx.query<AnswerRow>(
              `SELECT question_id, answer, note, version, updated_at, updated_by FROM answers WHERE case_id = $1 AND question_id = $2`,
              [caseId, a.questionId],
            );
            conflicts.push(cur[0] ? toAnswer(cur[0]) : { questionId: a.questionId, answer: null, version: 0 });
            continue;
          }
          saved.push(toAnswer(rows[0]));
        }
        if (conflicts.length > 0) {
          // Name who changed them: the history knows, and "someone else" leaves the assessor guessing.
          const by = [...new Set(conflicts.map((x) => ('updatedBy' in x ? x.updatedBy : null)).filter((x): x is string => !!x))];
          const names = by.length ? (await tx.query<{ display_name: string }>(`SELECT display_name FROM accounts WHERE id = ANY($1::text[]) ORDER BY display_name`, [by])).map((r) => r.display_name) : [];
          const who = names.length ? names.join(' and ') : 'Someone else';
          throw new ConflictError(
            `${who} changed ${conflicts.map((x) => x.questionId).join(', ')} on case ${c.ref} since you loaded it; nothing was saved`,
            { answers: conflicts },
          );
        }
        let caseVersion = c.version;
        let caseState = c.state;
        // The first answer starts the case; the assessor's first edit of a returned one reopens it. Only from
        // that state (the case row is locked, and the condition says so again): one entry in history.
        if (c.state === 'not-started' || c.state === 'returned') {
          const [row] = await tx.query<{ version: number }>(`UPDATE cases SET state = 'in-progress', version = version + 1 WHERE id = $1 AND state = $2 RETURNING version`, [caseId, c.state]);
          if (row) {
            caseVersion = row.version;
            caseState = 'in-progress';
            await recordHistory(tx, actor, { inspectionId: c.inspectionId, caseId, entity: 'case', entityId: caseId, action: c.state === 'returned' ? 'reopen' : 'start', before: { state: c.state }, after: { state: caseState } });
          }
        }
        return { caseVersion, caseState, answers: saved };
      });
    },

    /**
     * Move a case through its states (the workflow machine's moves). Returning and withdrawing need a reason,
     * kept on the case with who and when, and in the history.
     */
    async transition(actor: User, caseId: string, input: unknown): Promise<CaseRecord> {
      const t = parse(transitionInput, input);
      const { after, notes } = await store.transaction(async (tx) => {
        // Lock the case first (after its inspection, the order every write takes): the state, the version and
        // (on submit) the answers read below stay as they are.
        await tx.query(`SELECT 1 FROM cases c JOIN inspections i ON i.id = c.inspection_id WHERE c.id = $1 FOR SHARE OF i FOR NO KEY UPDATE OF c`, [caseId]);
        const { c, ins } = await loadCase(tx, actor, caseId, auth);
        const words = { start: 'start it', submit: 'submit it', 'quality-assure': 'quality assure it', return: 'return it', withdraw: 'withdraw it from the sample', reinstate: 'reinstate it in the sample' }[t.action];
        const action = t.action === 'start' || t.action === 'submit' ? 'case.edit' : t.action === 'withdraw' || t.action === 'reinstate' ? 'case.withdraw' : 'case.quality-assure';
        auth.require(actor, ins, action, { case: c, what: words });
        if (c.version !== t.version) throw new ConflictError(`Someone changed case ${c.ref} since you loaded it`, c);
        requireMoveOpen(auth.policy, t.action, ins, c, actor, words);
        if (t.action === 'submit') await requireComplete(tx, ins.framework_version, c);
        const to = caseMoveTarget(t.action);
        const reason = t.action === 'return' || t.action === 'withdraw' ? t.reason : null;
        // Conditional on the state and version it moves from, so a move is never recorded twice.
        const [set, extra]: [string, unknown[]] = t.action === 'return' ? ['return_reason = $4, returned_by = $5, returned_at = now()', [reason, actor.id]]
          : t.action === 'withdraw' ? ['withdrawn_reason = $4, withdrawn_by = $5, withdrawn_at = now()', [reason, actor.id]]
          : t.action === 'reinstate' ? ['withdrawn_reason = NULL, withdrawn_by = NULL, withdrawn_at = NULL', []]
          // Submitted again after a return: the return is answered (the history keeps it).
          : ['return_reason = NULL, returned_by = NULL, returned_at = NULL', []];
        const moved = await tx.query(
          `UPDATE cases SET state = $2, ${set}, version = version + 1 WHERE id = $1 AND version = $3 AND state = '${c.state}' RETURNING id`,
          [caseId, to, t.version, ...extra],
        );
        if (!moved[0]) throw await staleCase(tx, caseId);
        const after = (await fetchCase(tx, caseId))!;
        await recordHistory(tx, actor, { inspectionId: c.inspectionId, caseId, entity: 'case', entityId: caseId, action: t.action, before: { state: c.state }, after: { state: to }, reason });
        const notes: Outgoing[] = t.action === 'return' ? await caseReturnedNotices(tx, actor, caseId)
          : t.action === 'submit' ? await awaitingQaNotices(tx, auth.policy, c.inspectionId) : [];
        if (t.action === 'quality-assure' || t.action === 'return' || t.action === 'withdraw') await awaitingQaNotices(tx, auth.policy, c.inspectionId, true);
        return { after, notes };
      });
      // After the commit: emails for what happened; a mail failure is logged, never the person's.
      mail.send(notes);
      return after;
    },
  };
  return self;
}

/** Why an answer to `questionId` cannot be stored on a case of `domain`, or null when it can. */
export function questionProblem(version: FrameworkVersion, domain: number, questionId: string): string | null {
  const fw = getFramework(version);
  const known = findKeyQuestion(fw, questionId) ?? findPrompt(fw, questionId);
  if (!known) return `${questionId} is not a key question or prompt of the ${version} framework`;
  const keyQuestionId = 'keyQuestion' in known ? known.keyQuestion : known.id;
  const standard = findStandard(fw, parentId(keyQuestionId));
  if (!standard || standard.domain !== domain) return `${questionId} is not a question for a domain ${domain} case`;
  if (standard.kind !== 'case-assessed') return `${questionId} belongs to ${standard.id}, which is judged from evidence, not answered per case`;
  return null;
}

/** Submitting needs every key question and prompt that applies answered (the core's rule, shared with the screens). */
async function requireComplete(db: Queryable, version: FrameworkVersion, c: CaseRecord): Promise<void> {
  const rows = await db.query<{ question_id: string; answer: AnswerValue }>(`SELECT question_id, answer FROM answers WHERE case_id = $1`, [c.id]);
  const given = new Map(rows.map((r) => [r.question_id, r.answer]));
  // A resettlement case's review is its notes on the 4.1 aspects (src/app/resettlement.ts).
  const notes = await db.query<{ aspect_id: string; note: string }>(`SELECT aspect_id, note FROM resettlement_notes WHERE case_id = $1`, [c.id]);
  const noted = new Map(notes.map((n) => [n.aspect_id, n.note]));
  const missing = missingAnswers(getFramework(version), c.domain, (id) => given.get(id), (id) => noted.get(id));
  if (missing.length === 0) return;
  throw new ValidationError([
    { field: 'action', message: missing.every((m) => m.id.startsWith('resettlement.'))
      ? `Case ${c.ref} cannot be submitted: ${missing.length} resettlement note${missing.length === 1 ? ' is' : 's are'} missing`
      : `Case ${c.ref} cannot be submitted: ${missing.length} question${missing.length === 1 ? ' is' : 's are'} unanswered` },
    ...missing.map((m) => ({ field: `answers.${m.id}`, message: m.message })),
  ], `Case ${c.ref} is not complete`);
}

async function requireMember(db: Queryable, inspectionId: string, accountId: string): Promise<void> {
  const rows = await db.query(
    `SELECT 1 FROM inspection_roles WHERE inspection_id = $1 AND account_id = $2 AND role IN ('lead-inspector', 'inspector', 'local-assessor')`,
    [inspectionId, accountId],
  );
  if (!rows[0]) throw new ValidationError([{ field: 'assessorId', message: 'The assessor must be an inspector or local assessor on this inspection' }]);
}

export type CaseService = ReturnType<typeof caseService>;
