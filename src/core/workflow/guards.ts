/**
 * What must be true before the inspection moves phase, as pure functions over a snapshot of it. Each guard
 * returns its blocking reasons as data (kind, the cases or standards concerned, the words), so a service can
 * refuse with them and a screen can list them with links.
 */
import type { InspectionKind } from '../vocabulary.js';
import { FINISHED_STATES, isForward, PHASE_WORDS, PHASES, phaseSteps, STATE_WORDS, type CaseState, type Phase } from './machine.js';

export interface SnapshotCase {
  readonly id: string;
  readonly ref: string;
  readonly state: CaseState;
}

export interface SnapshotDecision {
  readonly standard: string;
  readonly decision: 'apply' | 'decline';
  /** An applied decision the current figures still allow (a decline always fits). */
  readonly fits: boolean;
}

export interface WorkflowSnapshot {
  readonly phase: Phase;
  /** An inspection (the default) or a case audit, which has no ratings panel and is not published. */
  readonly kind?: InspectionKind;
  /** A case audit asked to be published (an inspection always is). */
  readonly publishes?: boolean;
  readonly cases: readonly SnapshotCase[];
  /** Case-assessed standards the rating engine finds eligible for discretion on the current figures. */
  readonly eligibleStandards: readonly string[];
  readonly decisions: readonly SnapshotDecision[];
  /** Judgement standards that must be judged before publishing (domain 1, and every counted judgement). */
  readonly requiredJudgements: readonly string[];
  readonly recordedJudgements: readonly string[];
}

export const BLOCKER_KINDS = [
  'not-a-step', 'cases-unfinished', 'cases-returned', 'cases-unassured', 'discretion-undecided', 'discretion-stale', 'judgements-missing',
] as const;
export type BlockerKind = (typeof BLOCKER_KINDS)[number];

export interface Blocker {
  readonly kind: BlockerKind;
  readonly cases?: readonly SnapshotCase[];
  readonly standards?: readonly string[];
  readonly text: string;
}

const refs = (cs: readonly SnapshotCase[]) => cs.map((c) => `${c.ref} (${STATE_WORDS[c.state]})`).join(', ');
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Every sampled case finished (submitted or quality assured) or withdrawn; a returned one is not. */
export function casesBlockers(s: Pick<WorkflowSnapshot, 'cases'>): Blocker[] {
  const out: Blocker[] = [];
  const unfinished = s.cases.filter((c) => c.state === 'not-started' || c.state === 'in-progress');
  const returned = s.cases.filter((c) => c.state === 'returned');
  if (unfinished.length) {
    out.push({ kind: 'cases-unfinished', cases: unfinished, text: `${plural(unfinished.length, 'case is', 'cases are')} not submitted: ${refs(unfinished)}. Submit each, or withdraw it from the sample with a reason` });
  }
  if (returned.length) {
    out.push({ kind: 'cases-returned', cases: returned, text: `${plural(returned.length, 'case was returned and awaits', 'cases were returned and await')} correction: ${refs(returned)}` });
  }
  return out;
}

/** Submitted cases nobody has quality assured yet: listed for the lead to acknowledge, not a hard stop. */
export function unassuredCases(s: Pick<WorkflowSnapshot, 'cases'>): SnapshotCase[] {
  return s.cases.filter((c) => c.state === 'submitted');
}

/** Every standard eligible for discretion has a recorded decision (apply or decline) that still fits. */
export function discretionBlockers(s: Pick<WorkflowSnapshot, 'eligibleStandards' | 'decisions'>): Blocker[] {
  const byStandard = new Map(s.decisions.map((d) => [d.standard, d]));
  const undecided = s.eligibleStandards.filter((id) => !byStandard.has(id));
  const stale = s.eligibleStandards.filter((id) => byStandard.get(id)?.fits === false);
  const out: Blocker[] = [];
  if (undecided.length) {
    out.push({ kind: 'discretion-undecided', standards: undecided, text: `The ratings panel has not recorded a decision (apply or decline discretion) on ${undecided.join(', ')}` });
  }
  if (stale.length) {
    out.push({ kind: 'discretion-stale', standards: stale, text: `The ratings panel's decision on ${stale.join(', ')} no longer fits the figures: review it` });
  }
  return out;
}

export function judgementBlockers(s: Pick<WorkflowSnapshot, 'requiredJudgements' | 'recordedJudgements'>): Blocker[] {
  const missing = s.requiredJudgements.filter((id) => !s.recordedJudgements.includes(id));
  return missing.length ? [{ kind: 'judgements-missing', standards: missing, text: `No judgement recorded on ${missing.join(', ')}` }] : [];
}

export interface PhaseMoveOptions {
  /** The lead has seen the cases not yet quality assured and moves on knowingly. */
  readonly acknowledgeUnassured?: boolean;
}

/**
 * What blocks moving the inspection to `to` now (empty: the move is allowed). Moving back is always open
 * (except from published); every forward move past fieldwork needs all case work finished, entering the
 * panel needs the unassured cases acknowledged, and publishing needs the panel's decisions and the judgements.
 */
export function phaseMoveBlockers(s: WorkflowSnapshot, to: Phase, opts: PhaseMoveOptions = {}): Blocker[] {
  if (!phaseSteps(s.phase, s.kind, s.publishes).includes(to)) {
    const steps = phaseSteps(s.phase, s.kind, s.publishes).map((p) => PHASE_WORDS[p]);
    return [{ kind: 'not-a-step', text: steps.length ? `From ${PHASE_WORDS[s.phase]} the inspection can move only to ${steps.join(' or ')}` : 'The inspection is published: its phase can no longer change' }];
  }
  if (!isForward(s.phase, to) || PHASES.indexOf(to) <= PHASES.indexOf('fieldwork')) return [];
  const out = casesBlockers(s);
  const unassured = unassuredCases(s);
  if (s.phase === 'fieldwork' && unassured.length && !opts.acknowledgeUnassured) {
    const after = s.kind === 'case audit' ? 'the audit goes on to its results' : 'the panel goes ahead';
    out.push({ kind: 'cases-unassured', cases: unassured, text: `${plural(unassured.length, 'case is', 'cases are')} submitted but not yet quality assured: ${refs(unassured)}. Confirm that ${after} without their quality assurance` });
  }
  if (to === 'published') out.push(...discretionBlockers(s), ...judgementBlockers(s));
  return out;
}

/** Blockers the lead can clear by acknowledging (the rest need work done). */
export const isAcknowledgeable = (b: Blocker): boolean => b.kind === 'cases-unassured';

/** A finished case counts for the ratings; the machine's word for it, shared with the screens. */
export const isFinished = (state: CaseState): boolean => FINISHED_STATES.includes(state);
