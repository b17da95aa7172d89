/**
 * One answer saved in one statement: the case's checks, the answer, its history row and (on a case's first
 * answer) the move to in progress with its own history row, all or nothing, with no separate transaction.
 *
 * It writes only when every rule visibly holds; otherwise it writes nothing and returns null, and the caller
 * takes the full path (cases.ts saveAnswers), which gives the refusal, the 409 or the save as before. So the
 * conditions here may be stricter than the rules, never looser.
 */
import type { Queryable } from '../store/index.js';
import type { AnswerValue, CaseState } from './schemas.js';

/** A stored answer to one key question or prompt of a case. */
export interface Answer {
  readonly questionId: string;
  readonly answer: AnswerValue;
  readonly note: string | null;
  readonly version: number;
  readonly updatedAt: string;
  readonly updatedBy: string | null;
}

/** What a save returns: the answers as stored and where the case now stands. */
export interface SavedAnswers {
  readonly caseVersion: number;
  readonly caseState: CaseState;
  readonly answers: Answer[];
}

export interface OneAnswer {
  readonly questionId: string;
  readonly answer: AnswerValue;
  readonly note?: string | null | undefined;
  readonly version: number;
}

/** What the rules allow, worked out by the caller from the same rules the full path applies. */
export interface AnswerWriteRules {
  readonly actorId: string;
  /** Inspections where the actor may change any case's answers (the lead). */
  readonly anyCaseIn: readonly string[];
  /** Inspections where the actor may change the answers of cases assigned to them. */
  readonly ownCasesIn: readonly string[];
  /** Case states whose answers cannot change. */
  readonly lockedStates: readonly CaseState[];
  /** `framework:domain` pairs (e.g. `2018:2`) of the cases this question may be answered on. */
  readonly questionFits: readonly string[];
}

// Case work is open in fieldwork, and in the ratings panel on a case returned there (the workflow machine's
// caseWorkOpen, src/core/workflow); a published inspection is read-only. The case row is locked for the
// statement, so a state move (submit, say) that commits first is seen here, and one that comes later waits for
// this write; the inspection row is share-locked likewise, against a publication.
const EDITABLE_CASE = `c AS (
    SELECT c.id, c.inspection_id, c.state, c.version
      FROM cases c JOIN inspections i ON i.id = c.inspection_id
     WHERE c.id = $1 AND NOT (c.state = ANY($6::text[]))
       AND (i.phase = 'fieldwork' OR (i.phase = 'panel' AND c.state IN ('returned', 'in-progress')))
       AND (i.framework_version || ':' || c.domain) = ANY($7::text[])
       AND (c.inspection_id = ANY($8::text[]) OR (c.inspection_id = ANY($9::text[]) AND c.assessor_id = $5))
       FOR SHARE OF i FOR NO KEY UPDATE OF c)`;

const NEW_ANSWER = `a AS (
    INSERT INTO answers (case_id, question_id, answer, note, updated_by) SELECT c.id, $2, $3, $4, $5 FROM c
    ON CONFLICT (case_id, question_id) DO NOTHING
    RETURNING question_id, answer, note, version, updated_at, updated_by)`;

const CHANGED_ANSWER = `a AS (
    UPDATE answers x SET answer = $3, note = $4, updated_by = $5, updated_at = now(), version = x.version + 1
      FROM c WHERE x.case_id = c.id AND x.question_id = $2 AND x.version = $10
    RETURNING x.question_id, x.answer, x.note, x.version, x.updated_at, x.updated_by)`;

// The history rows in one INSERT, the answer's first, as the full path writes them: the first answer starts
// the case, the first edit of a returned case reopens it.
const REST = (action: 'create' | 'update', before: string) => `,
  s AS (
    UPDATE cases SET state = 'in-progress', version = cases.version + 1
      FROM c WHERE cases.id = c.id AND cases.state IN ('not-started', 'returned') AND EXISTS (SELECT 1 FROM a)
    RETURNING cases.version),
  h AS (
    INSERT INTO history (actor_id, inspection_id, case_id, entity, entity_id, action, before, after)
    SELECT $5, c.inspection_id, c.id, 'answer', c.id || ':' || a.question_id, '${action}', ${before},
           jsonb_build_object('questionId', a.question_id, 'answer', a.answer, 'note', a.note, 'version', a.version)
      FROM a, c
    UNION ALL
    SELECT $5, c.inspection_id, c.id, 'case', c.id, CASE WHEN c.state = 'returned' THEN 'reopen' ELSE 'start' END,
           jsonb_build_object('state', c.state), '{"state":"in-progress"}'::jsonb
      FROM s, c)
  SELECT a.*, coalesce(s.version, c.version) AS case_version, CASE WHEN s.version IS NULL THEN c.state ELSE 'in-progress' END AS case_state
    FROM a CROSS JOIN c LEFT JOIN s ON true`;

const INSERT_SQL = `WITH ${EDITABLE_CASE},\n  ${NEW_ANSWER}${REST('create', 'NULL::jsonb')}`;
const UPDATE_SQL = `WITH ${EDITABLE_CASE},\n  ${CHANGED_ANSWER}${REST('update', `jsonb_build_object('version', $10::int)`)}`;

interface Row {
  question_id: string;
  answer: AnswerValue;
  note: string | null;
  version: number;
  updated_at: string;
  updated_by: string | null;
  case_version: number;
  case_state: CaseState;
}

/** Save one answer when every rule holds, in one statement; null when nothing was written. */
export async function saveOneAnswer(db: Queryable, caseId: string, a: OneAnswer, rules: AnswerWriteRules): Promise<SavedAnswers | null> {
  if (rules.questionFits.length === 0 || rules.anyCaseIn.length + rules.ownCasesIn.length === 0) return null;
  const params: unknown[] = [caseId, a.questionId, a.answer, a.note ?? null, rules.actorId, rules.lockedStates, rules.questionFits, rules.anyCaseIn, rules.ownCasesIn];
  // Named: prepared once, so the statement is neither parsed nor (once generic) planned again.
  const rows = a.version === 0
    ? await db.query<Row>(INSERT_SQL, params, { name: 'answer-create' })
    : await db.query<Row>(UPDATE_SQL, [...params, a.version], { name: 'answer-update' });
  const r = rows[0];
  if (!r) return null;
  const answer: Answer = { questionId: r.question_id, answer: r.answer, note: r.note, version: r.version, updatedAt: r.updated_at, updatedBy: r.updated_by };
  if (r.case_state !== 'not-started' && r.case_state !== 'returned') return { caseVersion: r.case_version, caseState: r.case_state, answers: [answer] };
  // Someone else moved the case on in the meantime: say where it is now.
  const [now] = await db.query<{ version: number; state: CaseState }>(`SELECT version, state FROM cases WHERE id = $1`, [caseId]);
  return { caseVersion: now!.version, caseState: now!.state, answers: [answer] };
}
