/**
 * Blind double marking (moderation): the lead selects cases (by hand or a seeded share) and names each one's
 * second marker, who assesses the case blind; once both markings are submitted their agreement is shown, and
 * the lead (or an inspector who did not assess the case) resolves each disagreement with a reason. The
 * resolved answer is the one the ratings count (src/app/rating-input.ts); both markings are kept.
 *
 * Blind means, on the server: until both are submitted the second marker reads none of the first marker's
 * answers or notes (here, in the case read and in the history: see `blindFilter`), and nobody but the second
 * marker reads the second marking's answers.
 */
import { missingAnswers } from '../core/assessment/index.js';
import { getFramework } from '../core/framework/index.js';
import { moderationSummary, selectForDoubleMarking, type AnswerCategory, type MarkedPair, type NamedSummary, type QuestionComparison, type Resolution } from '../core/moderation/index.js';
export type { NamedSummary, QuestionComparison, Resolution } from '../core/moderation/index.js';
import type { Queryable, Store } from '../store/index.js';
import { questionProblem } from './cases.js';
import { DEFAULT_AUTHORIZER, loadInspection, newId, recordHistory, type Authorizer, type InspectionRow, type User } from './context.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from './errors.js';
import { moderationAnswersInput, moderationResolveInput, moderationSelectInput, moderationShareInput, parse, version as versionSchema } from './schemas.js';
import { z } from 'zod';

/**
 * SQL (a boolean) that holds while a second marking `m` of case `c` is blind: not both submitted (the first
 * marking counts as submitted while its case is submitted or quality assured). For the case
 * read, the history and every list below.
 */
export const BLIND_SQL = `(m.state <> 'submitted' OR c.state NOT IN ('submitted', 'quality-assured'))`;

/**
 * The cases whose first marking `actorId` may not read yet: those they are second marker of, still blind.
 * Used by the case read and the history (src/app/cases.ts, src/app/history.ts).
 */
export async function blindCasesOf(db: Queryable, actorId: string, caseId?: string): Promise<Set<string>> {
  const rows = await db.query<{ case_id: string }>(
    `SELECT m.case_id FROM second_markings m JOIN cases c ON c.id = m.case_id
      WHERE m.marker_id = $1 AND ($2::text IS NULL OR m.case_id = $2) AND ${BLIND_SQL}`,
    [actorId, caseId ?? null],
  );
  return new Set(rows.map((r) => r.case_id));
}

/**
 * A history filter (SQL over `h`, the actor as parameter `$n`): hides the first marker's answer (and resettlement
 * note) entries from a second marker while blind, and the second marker's answer entries from everyone else.
 */
export function blindHistorySql(actorParam: string): string {
  return `NOT EXISTS (SELECT 1 FROM second_markings m JOIN cases c ON c.id = m.case_id
      WHERE m.case_id = h.case_id AND ${BLIND_SQL}
        AND ((h.entity IN ('answer', 'resettlement-note') AND m.marker_id = ${actorParam}) OR (h.entity = 'second-answer' AND m.marker_id IS DISTINCT FROM ${actorParam})))`;
}

export interface MarkingAnswer {
  readonly questionId: string;
  readonly answer: AnswerCategory;
  readonly note: string | null;
  readonly version: number;
}

export interface SecondMarking {
  readonly id: string;
  readonly inspectionId: string;
  readonly caseId: string;
  readonly caseRef: string;
  readonly domain: number;
  readonly caseState: string;
  readonly firstMarkerId: string | null;
  readonly firstMarkerName: string | null;
  readonly markerId: string;
  readonly markerName: string;
  readonly state: 'in-progress' | 'submitted';
  readonly selectedBy: string | null;
  readonly selectedAt: string;
  readonly submittedAt: string | null;
  readonly version: number;
  /** Both markings submitted: the answers are no longer blind. */
  readonly revealed: boolean;
}

/** A case's double marking as `actor` may see it. */
export interface MarkingView {
  readonly marking: SecondMarking;
  /** The second marking's answers: for its marker always, for anyone else once revealed; else null. */
  readonly secondAnswers: MarkingAnswer[] | null;
  /** The first marking's answers: once revealed, for whoever reads the moderation or is the second marker. */
  readonly firstAnswers: MarkingAnswer[] | null;
  /** Once revealed: every question either answered, side by side, with the resolutions. */
  readonly comparison: QuestionComparison[] | null;
  /** Whether `actor` is the second marker (and so may answer and submit until submitted). */
  readonly isMarker: boolean;
  readonly mayResolve: boolean;
}

interface MarkingRow {
  id: string;
  inspection_id: string;
  case_id: string;
  ref: string;
  domain: number;
  case_state: string;
  assessor_id: string | null;
  assessor_name: string | null;
  marker_id: string;
  marker_name: string;
  state: 'in-progress' | 'submitted';
  selected_by: string | null;
  selected_at: string | Date;
  submitted_at: string | Date | null;
  version: number;
  blind: boolean;
}

const MARKING_SELECT = `SELECT m.id, m.inspection_id, m.case_id, c.ref, c.domain, c.state AS case_state, c.assessor_id, fa.display_name AS assessor_name,
    m.marker_id, ma.display_name AS marker_name, m.state, m.selected_by, m.selected_at, m.submitted_at, m.version, ${BLIND_SQL} AS blind
  FROM second_markings m JOIN cases c ON c.id = m.case_id JOIN accounts ma ON ma.id = m.marker_id LEFT JOIN accounts fa ON fa.id = c.assessor_id`;

const iso = (v: string | Date | null): string | null => (v === null ? null : new Date(v).toISOString());

const toMarking = (r: MarkingRow): SecondMarking => ({
  id: r.id, inspectionId: r.inspection_id, caseId: r.case_id, caseRef: r.ref, domain: r.domain, caseState: r.case_state,
  firstMarkerId: r.assessor_id, firstMarkerName: r.assessor_name, markerId: r.marker_id, markerName: r.marker_name, state: r.state,
  selectedBy: r.selected_by, selectedAt: iso(r.selected_at)!, submittedAt: iso(r.submitted_at), version: r.version, revealed: !r.blind,
});

/** The key question a key question or prompt id belongs to ("2.1.1.a" → "2.1.1"). */
const keyQuestionOf = (questionId: string): string => questionId.split('.').slice(0, 3).join('.');

/** Only the key questions and prompts count for agreement (resettlement notes are not answers). */
async function answersOf(db: Queryable, table: 'answers' | 'second_answers', id: string): Promise<MarkingAnswer[]> {
  const key = table === 'answers' ? 'case_id' : 'marking_id';
  const rows = await db.query<{ question_id: string; answer: AnswerCategory; note: string | null; version: number }>(
    `SELECT question_id, answer, note, version FROM ${table} WHERE ${key} = $1 ORDER BY question_id`,
    [id],
  );
  return rows.map((r) => ({ questionId: r.question_id, answer: r.answer, note: r.note, version: r.version }));
}

interface ResolutionRow { case_id: string; question_id: string; answer: AnswerCategory; reason: string; resolved_by: string | null; resolved_by_name: string | null; resolved_at: string | Date; version: number }
const RESOLUTION_SELECT = `SELECT r.case_id, r.question_id, r.answer, r.reason, r.resolved_by, a.display_name AS resolved_by_name, r.resolved_at, r.version
  FROM moderation_resolutions r LEFT JOIN accounts a ON a.id = r.resolved_by`;
const toResolution = (r: ResolutionRow): Resolution => ({
  questionId: r.question_id, answer: r.answer, reason: r.reason, resolvedBy: r.resolved_by, resolvedByName: r.resolved_by_name,
  resolvedAt: iso(r.resolved_at)!, version: r.version,
});

function compare(first: readonly MarkingAnswer[], second: readonly MarkingAnswer[], resolutions: readonly Resolution[]): QuestionComparison[] {
  const f = new Map(first.map((a) => [a.questionId, a]));
  const s = new Map(second.map((a) => [a.questionId, a]));
  const r = new Map(resolutions.map((x) => [x.questionId, x]));
  const ids = [...new Set([...f.keys(), ...s.keys()])].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return ids.map((q) => {
    const a = f.get(q);
    const b = s.get(q);
    return {
      questionId: q,
      first: a ? { answer: a.answer, note: a.note } : null,
      second: b ? { answer: b.answer, note: b.note } : null,
      agreed: !!a && !!b && a.answer === b.answer,
      resolution: r.get(q) ?? null,
    };
  });
}

export function moderationService(store: Store, auth: Authorizer = DEFAULT_AUTHORIZER) {
  /** The marking of a case, with its inspection; a case or marking the actor may not see is not found. */
  async function load(db: Queryable, actor: User, caseId: string, lock = false): Promise<{ m: SecondMarking; ins: InspectionRow }> {
    let rows = await db.query<MarkingRow>(`${MARKING_SELECT} WHERE m.case_id = $1`, [caseId]);
    const notFound = `No double marking of case ${caseId}`;
    if (!rows[0]) throw new NotFoundError(notFound);
    // In a write, the inspection is share-locked first (as every write takes it), then the marking.
    const ins = await loadInspection(db, actor, rows[0].inspection_id).catch(() => {
      throw new NotFoundError(notFound);
    });
    if (lock) rows = await db.query<MarkingRow>(`${MARKING_SELECT} WHERE m.case_id = $1 FOR NO KEY UPDATE OF m`, [caseId]);
    if (!rows[0]) throw new NotFoundError(notFound);
    const m = toMarking(rows[0]);
    if (m.markerId !== actor.id && auth.reads(actor, ins, 'moderation.read') !== 'all') throw new NotFoundError(notFound);
    return { m, ins };
  }

  const mayResolve = (actor: User, ins: InspectionRow, m: SecondMarking): boolean =>
    m.revealed && m.markerId !== actor.id && auth.allows(actor, ins, 'moderation.resolve', { assessorId: m.firstMarkerId });

  async function view(db: Queryable, actor: User, m: SecondMarking, ins: InspectionRow): Promise<MarkingView> {
    const isMarker = m.markerId === actor.id;
    const second = isMarker || m.revealed ? await answersOf(db, 'second_answers', m.id) : null;
    const first = m.revealed ? await answersOf(db, 'answers', m.caseId) : null;
    const resolutions = m.revealed ? (await db.query<ResolutionRow>(`${RESOLUTION_SELECT} WHERE r.case_id = $1`, [m.caseId])).map(toResolution) : [];
    return {
      marking: m, secondAnswers: second, firstAnswers: first,
      comparison: first && second ? compare(first, second, resolutions) : null,
      isMarker, mayResolve: mayResolve(actor, ins, m),
    };
  }

  /** A member who may be named second marker of `c`: the policy's `moderation.mark` for that case. */
  async function requireMarker(db: Queryable, ins: InspectionRow, c: { ref: string; assessor_id: string | null }, markerId: string, field: string): Promise<void> {
    const marker = (await db.query<{ role: string }>(`SELECT role FROM inspection_roles WHERE inspection_id = $1 AND account_id = $2`, [ins.id, markerId]))
      .map((r) => r.role);
    const asUser: User = { id: markerId, email: '', displayName: '', isAdmin: false, roles: marker.map((role) => ({ inspectionId: ins.id, role: role as never })) };
    if (markerId === c.assessor_id) throw new ValidationError([{ field, message: `Choose a second marker who did not assess case ${c.ref}` }]);
    if (!auth.allows(asUser, ins, 'moderation.mark', { assessorId: c.assessor_id })) {
      throw new ValidationError([{ field, message: `Choose a second marker who is an inspector${auth.policy.actions['moderation.mark'].rules.some((r) => r.role === 'local-assessor') ? ' or local assessor' : ''} on this inspection` }]);
    }
  }

  /** Create one second marking; the same case and marker again is the same marking (idempotent). */
  async function createMarking(tx: Queryable, actor: User, ins: InspectionRow, caseId: string, markerId: string, field: string, how: Record<string, unknown>): Promise<SecondMarking> {
    const [c] = await tx.query<{ id: string; ref: string; assessor_id: string | null; state: string }>(
      `SELECT id, ref, assessor_id, state FROM cases WHERE id = $1 AND inspection_id = $2`, [caseId, ins.id]);
    if (!c) throw new ValidationError([{ field, message: 'Choose a case in this inspection’s sample' }]);
    if (c.state === 'withdrawn') throw new ValidationError([{ field, message: `Case ${c.ref} is withdrawn from the sample: choose another` }]);
    await requireMarker(tx, ins, c, markerId, field.replace(/caseId$/, 'markerId'));
    const id = newId();
    const inserted = await tx.query<{ id: string }>(
      `INSERT INTO second_markings (id, inspection_id, case_id, marker_id, selected_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (case_id) DO NOTHING RETURNING id`, [id, ins.id, caseId, markerId, actor.id]);
    const [row] = await tx.query<MarkingRow>(`${MARKING_SELECT} WHERE m.case_id = $1`, [caseId]);
    const m = toMarking(row!);
    if (!inserted[0]) {
      if (m.markerId === markerId) return m;
      throw new ValidationError([{ field, message: `Case ${c.ref} is already double marked by ${m.markerName}` }]);
    }
    await recordHistory(tx, actor, { inspectionId: ins.id, caseId, entity: 'second-marking', entityId: m.id, action: 'select', after: { caseId, markerId, ...how } });
    return m;
  }

  async function markings(db: Queryable, actor: User, inspectionId: string): Promise<{ all: SecondMarking[]; ins: InspectionRow; readsAll: boolean }> {
    const ins = await loadInspection(db, actor, inspectionId);
    const readsAll = auth.reads(actor, ins, 'moderation.read') === 'all';
    const rows = await db.query<MarkingRow>(`${MARKING_SELECT} WHERE m.inspection_id = $1 AND ($2::text IS NULL OR m.marker_id = $2) ORDER BY c.domain, c.ref`, [inspectionId, readsAll ? null : actor.id]);
    return { all: rows.map(toMarking), ins, readsAll };
  }

  /**
   * Every question both markers answered, of every revealed case: the statistics' input. The markings (a few
   * hundred) are read once, the answers (tens of thousands) as narrow rows: the notes only where they differ.
   */
  async function revealedPairs(db: Queryable, inspectionId: string): Promise<MarkedPair[]> {
    const markings = await db.query<{ id: string; case_id: string; ref: string; assessor_id: string | null; marker_id: string; submitted_at: string | Date }>(
      `SELECT m.id, m.case_id, c.ref, c.assessor_id, m.marker_id,
              GREATEST(m.submitted_at, (SELECT max(h.at) FROM history h WHERE h.case_id = m.case_id AND h.entity = 'case' AND h.action = 'submit')) AS submitted_at
         FROM second_markings m JOIN cases c ON c.id = m.case_id
        WHERE m.inspection_id = $1 AND NOT ${BLIND_SQL} ORDER BY c.ref`,
      [inspectionId],
    );
    if (markings.length === 0) return [];
    const rows = await db.query<{ i: number; question_id: string; first: AnswerCategory; second: AnswerCategory; first_note: string | null; second_note: string | null }>(
      `SELECT t.i::int AS i, a.question_id, a.answer AS first, s.answer AS second,
              CASE WHEN a.answer <> s.answer THEN a.note END AS first_note, CASE WHEN a.answer <> s.answer THEN s.note END AS second_note
         FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(marking_id, case_id, i)
         JOIN second_answers s ON s.marking_id = t.marking_id JOIN answers a ON a.case_id = t.case_id AND a.question_id = s.question_id
        ORDER BY t.i, a.question_id`,
      [markings.map((m) => m.id), markings.map((m) => m.case_id)],
    );
    const of = markings.map((m) => ({ caseId: m.case_id, caseRef: m.ref, firstMarkerId: m.assessor_id ?? 'unassigned', secondMarkerId: m.marker_id, submittedAt: iso(m.submitted_at)! }));
    return rows.map((r) => ({ ...of[r.i - 1]!, questionId: r.question_id, keyQuestionId: keyQuestionOf(r.question_id), first: r.first, second: r.second, firstNote: r.first_note, secondNote: r.second_note }));
  }

  return {
    /** The double markings of an inspection: all of them for the team, a marker's own for a second marker. */
    async list(actor: User, inspectionId: string): Promise<SecondMarking[]> {
      return (await markings(store, actor, inspectionId)).all;
    },

    /** The lead names the second marker of each case chosen by hand. */
    async select(actor: User, inspectionId: string, input: unknown): Promise<SecondMarking[]> {
      const v = parse(moderationSelectInput, input);
      return store.transaction(async (tx) => {
        const ins = await loadInspection(tx, actor, inspectionId);
        auth.require(actor, ins, 'moderation.select');
        const out: SecondMarking[] = [];
        for (const [i, s] of v.selections.entries()) out.push(await createMarking(tx, actor, ins, s.caseId, s.markerId, `selections.${i}.caseId`, { how: 'by hand' }));
        return out;
      });
    },

    /**
     * The lead draws a seeded share of the sample (default 10%, at least one case per domain) and the named
     * markers take the drawn cases in turn, each never a case of their own. Cases already double marked stay.
     */
    async selectShare(actor: User, inspectionId: string, input: unknown): Promise<{ seed: number; share: number; markings: SecondMarking[] }> {
      const v = parse(moderationShareInput, input);
      const seed = v.seed ?? Math.floor(Math.random() * 2 ** 31);
      return store.transaction(async (tx) => {
        const ins = await loadInspection(tx, actor, inspectionId);
        auth.require(actor, ins, 'moderation.select');
        const fw = getFramework(ins.framework_version);
        const caseAssessed = new Set<number>(fw.standards.filter((s) => s.kind === 'case-assessed').map((s) => s.domain));
        const cases = await tx.query<{ id: string; ref: string; domain: number; assessor_id: string | null }>(
          `SELECT id, ref, domain, assessor_id FROM cases WHERE inspection_id = $1 AND state <> 'withdrawn' ORDER BY id`, [inspectionId]);
        const drawn = selectForDoubleMarking(cases.filter((c) => caseAssessed.has(c.domain)), { seed, share: v.share });
        const already = new Map((await tx.query<{ case_id: string; marker_id: string }>(`SELECT case_id, marker_id FROM second_markings WHERE inspection_id = $1`, [inspectionId])).map((r) => [r.case_id, r.marker_id]));
        const out: SecondMarking[] = [];
        let turn = 0;
        for (const c of drawn) {
          if (already.has(c.id)) continue;
          const markers = v.markerIds.filter((id) => id !== c.assessor_id);
          if (markers.length === 0) throw new ValidationError([{ field: 'markerIds', message: `Choose at least one second marker who did not assess case ${c.ref}` }]);
          const markerId = markers[turn++ % markers.length]!;
          out.push(await createMarking(tx, actor, ins, c.id, markerId, 'markerIds', { how: 'seeded share', seed, share: v.share }));
        }
        return { seed, share: v.share, markings: out };
      });
    },

    /** A case's double marking as the actor may see it (blind until both are submitted). */
    async forCase(actor: User, caseId: string): Promise<MarkingView> {
      const { m, ins } = await load(store, actor, caseId);
      return view(store, actor, m, ins);
    },

    /** The second marker saves answers (each with the version last seen, 0 for new); any stale one saves none. */
    async saveAnswers(actor: User, caseId: string, input: unknown): Promise<MarkingView> {
      const v = parse(moderationAnswersInput, input);
      return store.transaction(async (tx) => {
        const { m, ins } = await load(tx, actor, caseId, true);
        if (m.markerId !== actor.id) throw new ForbiddenError(`Only ${m.markerName}, the second marker, may answer the double marking of case ${m.caseRef}`);
        auth.require(actor, ins, 'moderation.mark', { case: { ref: m.caseRef, assessorId: m.firstMarkerId } });
        if (m.state === 'submitted') throw new ValidationError([{ field: 'answers', message: `Your double marking of case ${m.caseRef} is submitted: its answers cannot change` }]);
        const bad = v.answers.map((a, i) => ({ i, problem: questionProblem(ins.framework_version, m.domain, a.questionId) })).filter((b) => b.problem);
        if (bad.length > 0) throw new ValidationError(bad.map(({ i, problem }) => ({ field: `answers.${i}.questionId`, message: problem! })));
        const stale: string[] = [];
        for (const a of v.answers) {
          const note = a.note ?? null;
          const rows = a.version === 0
            ? await tx.query<{ version: number }>(`INSERT INTO second_answers (marking_id, question_id, answer, note, updated_by) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (marking_id, question_id) DO NOTHING RETURNING version`, [m.id, a.questionId, a.answer, note, actor.id])
            : await tx.query<{ version: number }>(`UPDATE second_answers SET answer = $3, note = $4, updated_by = $5, updated_at = now(), version = version + 1
                WHERE marking_id = $1 AND question_id = $2 AND version = $6 RETURNING version`, [m.id, a.questionId, a.answer, note, actor.id, a.version]);
          if (!rows[0]) {
            stale.push(a.questionId);
            continue;
          }
          await recordHistory(tx, actor, { inspectionId: ins.id, caseId, entity: 'second-answer', entityId: `${m.id}:${a.questionId}`, action: a.version === 0 ? 'create' : 'update',
            after: { questionId: a.questionId, answer: a.answer, note, version: rows[0].version } });
        }
        if (stale.length > 0) {
          throw new ConflictError(`Someone changed ${stale.join(', ')} of the double marking of case ${m.caseRef} since you loaded it; nothing was saved`, { answers: await answersOf(tx, 'second_answers', m.id) });
        }
        return view(tx, actor, m, ins);
      });
    },

    /** The second marker submits: every key question and prompt that applies must be answered. */
    async submit(actor: User, caseId: string, input: unknown): Promise<MarkingView> {
      const { version } = parse(z.object({ version: versionSchema }), input);
      return store.transaction(async (tx) => {
        const { m, ins } = await load(tx, actor, caseId, true);
        if (m.markerId !== actor.id) throw new ForbiddenError(`Only ${m.markerName}, the second marker, may submit the double marking of case ${m.caseRef}`);
        auth.require(actor, ins, 'moderation.mark', { case: { ref: m.caseRef, assessorId: m.firstMarkerId } });
        if (m.version !== version) throw new ConflictError(`Your double marking of case ${m.caseRef} changed since you loaded it`, m);
        if (m.state === 'submitted') throw new ValidationError([{ field: 'action', message: `Your double marking of case ${m.caseRef} is already submitted` }]);
        const given = new Map((await answersOf(tx, 'second_answers', m.id)).map((a) => [a.questionId, a.answer]));
        // The resettlement review's notes are the first marker's; the second marking is of the answers.
        const missing = missingAnswers(getFramework(ins.framework_version), m.domain, (id) => given.get(id), () => 'n/a');
        if (missing.length > 0) {
          throw new ValidationError([
            { field: 'action', message: `The double marking of case ${m.caseRef} cannot be submitted: ${missing.length} question${missing.length === 1 ? ' is' : 's are'} unanswered` },
            ...missing.map((x) => ({ field: `answers.${x.id}`, message: x.message })),
          ], `The double marking of case ${m.caseRef} is not complete`);
        }
        const moved = await tx.query(`UPDATE second_markings SET state = 'submitted', submitted_at = now(), version = version + 1 WHERE id = $1 AND version = $2 AND state = 'in-progress' RETURNING id`, [m.id, version]);
        if (!moved[0]) throw new ConflictError(`Your double marking of case ${m.caseRef} changed since you loaded it`, m);
        await recordHistory(tx, actor, { inspectionId: ins.id, caseId, entity: 'second-marking', entityId: m.id, action: 'submit', before: { state: 'in-progress' }, after: { state: 'submitted' } });
        const [row] = await tx.query<MarkingRow>(`${MARKING_SELECT} WHERE m.id = $1`, [m.id]);
        return view(tx, actor, toMarking(row!), ins);
      });
    },

    /**
     * Resolve a disagreement: the answer the ratings count for that question of that case, with a reason (the
     * lead, or an inspector who assessed neither marking). Version 0 creates; a later one replaces it.
     */
    async resolve(actor: User, caseId: string, input: unknown): Promise<Resolution> {
      const v = parse(moderationResolveInput, input);
      return store.transaction(async (tx) => {
        const { m, ins } = await load(tx, actor, caseId, true);
        auth.require(actor, ins, 'moderation.resolve', { case: { ref: m.caseRef, assessorId: m.firstMarkerId } });
        if (m.markerId === actor.id) throw new ForbiddenError(`You double marked case ${m.caseRef}, so someone else must resolve its disagreements`);
        if (!m.revealed) throw new ValidationError([{ field: 'questionId', message: `Both markings of case ${m.caseRef} must be submitted before a disagreement can be resolved` }]);
        const [first] = await tx.query<{ answer: string }>(`SELECT answer FROM answers WHERE case_id = $1 AND question_id = $2`, [caseId, v.questionId]);
        const [second] = await tx.query<{ answer: string }>(`SELECT answer FROM second_answers WHERE marking_id = $1 AND question_id = $2`, [m.id, v.questionId]);
        if (!first || !second || first.answer === second.answer) {
          throw new ValidationError([{ field: 'questionId', message: `Choose a question the two markers of case ${m.caseRef} answered differently` }]);
        }
        const rows = v.version === 0
          ? await tx.query<{ case_id: string }>(`INSERT INTO moderation_resolutions (inspection_id, case_id, question_id, answer, reason, resolved_by) VALUES ($1, $2, $3, $4, $5, $6)
              ON CONFLICT (case_id, question_id) DO NOTHING RETURNING case_id`, [ins.id, caseId, v.questionId, v.answer, v.reason, actor.id])
          : await tx.query<{ case_id: string }>(`UPDATE moderation_resolutions SET answer = $3, reason = $4, resolved_by = $5, resolved_at = now(), version = version + 1
              WHERE case_id = $1 AND question_id = $2 AND version = $6 RETURNING case_id`, [caseId, v.questionId, v.answer, v.reason, actor.id, v.version]);
        const [now] = await tx.query<ResolutionRow>(`${RESOLUTION_SELECT} WHERE r.case_id = $1 AND r.question_id = $2`, [caseId, v.questionId]);
        if (!rows[0]) throw new ConflictError(`Someone resolved ${v.questionId} of case ${m.caseRef} since you loaded it`, now ? toResolution(now) : null);
        const r = toResolution(now!);
        await recordHistory(tx, actor, { inspectionId: ins.id, caseId, entity: 'moderation-resolution', entityId: `${caseId}:${v.questionId}`, action: v.version === 0 ? 'resolve' : 'change',
          before: { first: first.answer, second: second.answer }, after: { questionId: v.questionId, answer: v.answer, version: r.version }, reason: v.reason });
        return r;
      });
    },

    /** Agreement over the revealed double markings, the disagreements and the counts (the team, not markers). */
    async summary(actor: User, inspectionId: string): Promise<NamedSummary> {
      const { all, ins, readsAll } = await markings(store, actor, inspectionId);
      if (!readsAll) throw new NotFoundError(`No moderation summary of inspection ${inspectionId}`);
      void ins;
      const pairs = await revealedPairs(store, inspectionId);
      const resolutions = (await store.query<ResolutionRow>(`${RESOLUTION_SELECT} WHERE r.inspection_id = $1`, [inspectionId]));
      const resolved = new Map(resolutions.map((r) => [`${r.case_id}:${r.question_id}`, toResolution(r)]));
      const names: Record<string, string> = {};
      for (const m of all) {
        names[m.markerId] = m.markerName;
        if (m.firstMarkerId) names[m.firstMarkerId] = m.firstMarkerName ?? m.firstMarkerId;
      }
      return {
        ...moderationSummary(pairs),
        names,
        disagreements: pairs.filter((p) => p.first !== p.second).map((p) => ({
          caseId: p.caseId, caseRef: p.caseRef, questionId: p.questionId,
          first: { answer: p.first, note: p.firstNote ?? null }, second: { answer: p.second, note: p.secondNote ?? null },
          agreed: false, resolution: resolved.get(`${p.caseId}:${p.questionId}`) ?? null,
        })),
        markings: { selected: all.length, submitted: all.filter((m) => m.state === 'submitted').length, revealed: all.filter((m) => m.revealed).length },
      };
    },

    /** Whether `actor` may resolve disagreements on this case (for screens; the service checks again). */
    mayResolve,
  };
}

export type ModerationService = ReturnType<typeof moderationService>;
