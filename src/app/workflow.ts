/**
 * The workflow machine's snapshot of one inspection, read from the store: its phase, its cases' states, the
 * standards the rating engine finds eligible for discretion with the panel's recorded decisions, and the
 * judgements. The phase gates (inspections.ts setPhase) and the screens both read it.
 */
import type { RateOutput } from '../core/rating/index.js';
import type { Framework } from '../core/framework/index.js';
import {
  isAcknowledgeable, phaseMoveBlockers, phaseSteps, unassuredCases,
  type Blocker, type CaseState, type Phase, type SnapshotCase, type SnapshotDecision, type WorkflowSnapshot,
} from '../core/workflow/index.js';
import type { Queryable } from '../store/index.js';
import { ValidationError } from './errors.js';
import type { InspectionRow } from './context.js';
import { frameworkFor, ratingParts, type RatingParts } from './rating-input.js';
import { rateLive, type LiveRatings } from './ratings.js';

/**
 * The snapshot from the rating parts and the engine's output on them (rateLive): a standard is eligible for
 * discretion as the engine computes it without any decision (eligibility never depends on one), and an applied
 * decision fits when the engine applied it (each decision is checked on its own, so one that fits alone is
 * applied, and one that does not is left out with a warning).
 */
export function snapshotOf(ins: Pick<InspectionRow, 'phase' | 'kind' | 'publishes'>, fw: Framework, parts: RatingParts, output: RateOutput): WorkflowSnapshot {
  const applied = (standard: string) => output.standards.find((s) => s.id === standard)?.discretion.applied != null;
  // A case audit has no ratings panel and no domain 1: nothing waits on discretion or judgements.
  const audit = ins.kind === 'case audit';
  return {
    phase: ins.phase,
    kind: ins.kind,
    publishes: ins.publishes,
    cases: parts.caseStates.map((c) => ({ id: c.id, ref: c.ref, state: c.state as CaseState })),
    eligibleStandards: audit ? [] : output.standards.filter((s) => s.kind === 'case-assessed' && s.discretion.eligible).map((s) => s.id),
    decisions: parts.decisions.map((d): SnapshotDecision => ({
      standard: d.standardId,
      decision: d.decision,
      fits: d.decision === 'decline' || (d.rating !== null && applied(d.standardId)),
    })),
    requiredJudgements: audit ? [] : fw.standards.filter((s) => s.kind === 'judgement' && (s.domain === 1 || s.counted)).map((s) => s.id),
    recordedJudgements: [...parts.judgements],
  };
}

/** The snapshot read afresh from `db` (inside a transaction: what the phase gates decide on). */
export async function workflowSnapshot(db: Queryable, ins: Pick<InspectionRow, 'id' | 'phase' | 'kind' | 'publishes' | 'framework_version'>): Promise<WorkflowSnapshot> {
  const fw = frameworkFor(ins.framework_version);
  const parts = await ratingParts(db, ins.id, ins.framework_version);
  return snapshotOf(ins, fw, parts, rateLive(parts.input, fw));
}

/** The snapshot from the ratings kept for the inspection's data version (reads: no statement, no engine run of its own). */
export function workflowSnapshotFromLive(live: LiveRatings, ins: Pick<InspectionRow, 'phase' | 'kind' | 'publishes' | 'framework_version'>): WorkflowSnapshot {
  if (!live.output) throw live.error;
  return snapshotOf(ins, frameworkFor(ins.framework_version), live, live.output);
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
    steps: phaseSteps(snapshot.phase, snapshot.kind, snapshot.publishes).map((to) => ({ to, blockers: phaseMoveBlockers(snapshot, to) })),
    unassured: unassuredCases(snapshot),
  };
}
