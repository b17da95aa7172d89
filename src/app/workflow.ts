/**
 * The workflow machine's snapshot of one inspection, read from the store: its phase, its cases' states, the
 * standards the rating engine finds eligible for discretion with the panel's recorded decisions, and the
 * judgements. The phase gates (inspections.ts setPhase) and the screens both read it.
 */
import { rate } from '../core/rating/index.js';
import {
  isAcknowledgeable, phaseMoveBlockers, phaseSteps, unassuredCases,
  type Blocker, type CaseState, type Phase, type SnapshotCase, type SnapshotDecision, type WorkflowSnapshot,
} from '../core/workflow/index.js';
import type { Queryable } from '../store/index.js';
import { fetchJudgements } from './domain1.js';
import { ValidationError } from './errors.js';
import type { InspectionRow } from './context.js';
import { fetchDiscretion, frameworkFor, ratingInput } from './rating-input.js';

export async function workflowSnapshot(db: Queryable, ins: Pick<InspectionRow, 'id' | 'phase' | 'framework_version'>): Promise<WorkflowSnapshot> {
  const fw = frameworkFor(ins.framework_version);
  // One after the other: inside a transaction `db` is a single connection.
  const cases = await db.query<SnapshotCase & { state: CaseState }>(`SELECT id, ref, state FROM cases WHERE inspection_id = $1 ORDER BY ref`, [ins.id]);
  const input = await ratingInput(db, ins.id, ins.framework_version);
  const decisions = await fetchDiscretion(db, ins.id);
  const judgements = await fetchJudgements(db, ins.id);
  const computed = rate({ ...input, discretion: [] }, fw);
  const eligibleStandards = computed.standards.filter((s) => s.kind === 'case-assessed' && s.discretion.eligible).map((s) => s.id);
  const fits = (standard: string, rating: NonNullable<(typeof decisions)[number]['rating']>, reason: string): boolean => {
    try {
      rate({ ...input, discretion: [{ standard, rating, reason }] }, fw);
      return true;
    } catch {
      return false;
    }
  };
  return {
    phase: ins.phase,
    cases: cases.map((c) => ({ id: c.id, ref: c.ref, state: c.state })),
    eligibleStandards,
    decisions: decisions.map((d): SnapshotDecision => ({
      standard: d.standardId,
      decision: d.decision,
      fits: d.decision === 'decline' || (d.rating !== null && fits(d.standardId, d.rating, d.reason)),
    })),
    requiredJudgements: fw.standards.filter((s) => s.kind === 'judgement' && (s.domain === 1 || s.counted)).map((s) => s.id),
    recordedJudgements: judgements.map((j) => j.standardId),
  };
}

/** The refusal of a phase move, naming each blocker; the unassured cases on `acknowledgeUnassured`. */
export function phaseRefusal(blockers: readonly Blocker[]): ValidationError {
  return new ValidationError(
    blockers.map((b) => ({ field: isAcknowledgeable(b) ? 'acknowledgeUnassured' : 'phase', message: b.text })),
    'The inspection cannot move to that phase yet',
  );
}

/** For the screens: where the inspection stands, and what blocks each step it could take. */
export interface WorkflowView {
  readonly snapshot: WorkflowSnapshot;
  readonly steps: readonly { readonly to: Phase; readonly blockers: readonly Blocker[] }[];
  readonly unassured: readonly SnapshotCase[];
}

export function workflowView(snapshot: WorkflowSnapshot): WorkflowView {
  return {
    snapshot,
    steps: phaseSteps(snapshot.phase).map((to) => ({ to, blockers: phaseMoveBlockers(snapshot, to) })),
    unassured: unassuredCases(snapshot),
  };
}
