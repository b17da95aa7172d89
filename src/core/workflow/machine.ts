/**
 * The inspection as a state machine: its phases, its cases' states, which moves exist, who may make each
 * (the policy table's action for it, src/core/policy.ts), and in which phases. The guards over a whole
 * inspection (what must be true before a phase move) are in guards.ts. Pure data and functions: the services
 * enforce it, the screens show it.
 */
import type { InspectionKind } from '../vocabulary.js';
import { decide, DEFAULT_POLICY, PHASES, type Action as PolicyAction, type Phase, type Policy } from '../policy.js';

export { PHASES, type Phase };

export const CASE_STATES = ['not-started', 'in-progress', 'submitted', 'returned', 'quality-assured', 'withdrawn'] as const;
export type CaseState = (typeof CASE_STATES)[number];

/** A role name of the policy table. */
export type WorkflowRole = string;

/** Finished work: what the ratings panel may rely on. Withdrawn cases are out of the sample (counted nowhere). */
export const FINISHED_STATES: readonly CaseState[] = ['submitted', 'quality-assured'];
/** A case's answers cannot change in these states (returning reopens a finished one). */
export const LOCKED_STATES: readonly CaseState[] = ['submitted', 'quality-assured', 'withdrawn'];

export type CaseAction = 'start' | 'answer' | 'submit' | 'quality-assure' | 'return' | 'withdraw' | 'reinstate';

/** Each move's name, and the policy table's action that says who may make it. */
export const ACTIONS = {
  'inspection.change-phase': 'inspection.change-phase',
  'case.start': 'case.edit',
  'case.answer': 'case.edit',
  'case.submit': 'case.edit',
  'case.quality-assure': 'case.quality-assure',
  'case.return': 'case.quality-assure',
  'case.withdraw': 'case.withdraw',
  'case.reinstate': 'case.withdraw',
  'discretion.apply': 'discretion.record',
  'discretion.decline': 'discretion.record',
  'discretion.withdraw': 'discretion.record',
} as const satisfies Record<string, PolicyAction>;
export type ActionName = keyof typeof ACTIONS;

export interface CaseTransition {
  readonly action: ActionName;
  readonly from: readonly CaseState[];
  readonly to: CaseState;
  /** The phases the move is open in; `reopened` adds the ratings panel for a returned case (see caseWorkOpen). */
  readonly phases: readonly Phase[] | 'case-work';
  /** A reason is required (and kept with who and when). */
  readonly reason: boolean;
  /** Phases in which only the lead may make it ("where the lead allows"). */
  readonly leadOnlyIn: readonly Phase[];
}

export const CASE_TRANSITIONS: Record<CaseAction, CaseTransition> = {
  start: { action: 'case.start', from: ['not-started'], to: 'in-progress', phases: 'case-work', reason: false, leadOnlyIn: [] },
  // Saving answers: the first answer starts the case, an edit reopens a returned one.
  answer: { action: 'case.answer', from: ['not-started', 'in-progress', 'returned'], to: 'in-progress', phases: 'case-work', reason: false, leadOnlyIn: [] },
  submit: { action: 'case.submit', from: ['not-started', 'in-progress', 'returned'], to: 'submitted', phases: 'case-work', reason: false, leadOnlyIn: [] },
  'quality-assure': { action: 'case.quality-assure', from: ['submitted'], to: 'quality-assured', phases: ['fieldwork', 'panel', 'reporting'], reason: false, leadOnlyIn: [] },
  return: { action: 'case.return', from: ['submitted', 'quality-assured'], to: 'returned', phases: ['fieldwork', 'panel'], reason: true, leadOnlyIn: ['panel'] },
  withdraw: { action: 'case.withdraw', from: ['not-started', 'in-progress', 'submitted', 'returned', 'quality-assured'], to: 'withdrawn', phases: ['planning', 'fieldwork'], reason: true, leadOnlyIn: [] },
  // Back into the sample; the assessor looks at it again and submits it.
  reinstate: { action: 'case.reinstate', from: ['withdrawn'], to: 'in-progress', phases: ['planning', 'fieldwork'], reason: false, leadOnlyIn: [] },
};

/**
 * Case work (answers, start, submit) happens in fieldwork; in the ratings panel only on a case the lead
 * returned there (returned, or in progress again after the assessor's first edit: no other case can be
 * unfinished in the panel, since entering it needs every case finished).
 */
export function caseWorkOpen(phase: Phase, state: CaseState): boolean {
  if (phase === 'fieldwork') return true;
  return phase === 'panel' && (state === 'returned' || state === 'in-progress');
}

export const PHASE_WORDS: Record<Phase, string> = {
  planning: 'planning',
  fieldwork: 'fieldwork',
  panel: 'the ratings panel',
  reporting: 'reporting',
  published: 'published',
};

export const STATE_WORDS: Record<CaseState, string> = {
  'not-started': 'not started',
  'in-progress': 'in progress',
  submitted: 'submitted',
  returned: 'returned',
  'quality-assured': 'quality assured',
  withdrawn: 'withdrawn',
};

/**
 * The state a person sees a case in: a returned case stays "returned" while its assessor corrects it (the first
 * edit moves the stored state to in progress), until it is submitted again and the return is answered.
 */
export function workState(c: { readonly state: CaseState; readonly returnedAt: string | null }): CaseState {
  return c.state === 'returned' || (c.state === 'in-progress' && c.returnedAt !== null) ? 'returned' : c.state;
}

/** A worklist's order: what needs the person first (returned work), finished and withdrawn work last. */
export const WORKLIST_ORDER: readonly CaseState[] = ['returned', 'in-progress', 'not-started', 'submitted', 'quality-assured', 'withdrawn'];

export interface Actor {
  readonly roles: readonly WorkflowRole[];
  /** The actor is the case's assigned assessor. */
  readonly isAssessor: boolean;
}

/** Why this actor may not make this case move now, or null when the machine (and the policy table) allows it. */
export function caseMoveRefusal(move: CaseAction, phase: Phase, state: CaseState, actor: Actor, policy: Policy = DEFAULT_POLICY): { kind: 'role' | 'phase' | 'state'; text: string } | null {
  const t = CASE_TRANSITIONS[move];
  const verb = move === 'answer' ? 'change its answers' : `${move.replace('-', ' ')} it`;
  if (phase === 'published') return { kind: 'phase', text: `The inspection is published: everything is read-only, so you cannot ${verb}` };
  // Who may: the policy table's rule for this move (its case scopes say own case / someone else's).
  const who = decide(policy, ACTIONS[t.action], { roles: actor.roles, isAdmin: false, phase, ownCase: actor.isAssessor });
  if (!who.allowed) {
    const named = policy.actions[ACTIONS[t.action]].rules.map((r) => r.role);
    const text = who.refusal === 'not-own-case' ? `The case is not assigned to you, so you cannot ${verb}`
      : who.refusal === 'own-case' ? `You assessed the case, so another inspector must ${verb}`
      : `Only ${[...new Set(named)].map((r) => r.replace(/-/g, ' ')).join(' or ')} may ${verb}`;
    return { kind: 'role', text };
  }
  const lead = actor.roles.includes('lead-inspector');
  if (!lead && t.leadOnlyIn.includes(phase)) return { kind: 'role', text: `In ${PHASE_WORDS[phase]} only the lead inspector may ${verb}` };
  const open = t.phases === 'case-work' ? caseWorkOpen(phase, state) : t.phases.includes(phase);
  if (!open) {
    const where = t.phases === 'case-work' ? 'fieldwork (or the ratings panel, for a case returned there)' : t.phases.map((p) => PHASE_WORDS[p]).join(' or ');
    return { kind: 'phase', text: `The inspection is in ${PHASE_WORDS[phase]}: you can ${verb} only in ${where}` };
  }
  if (!t.from.includes(state)) return { kind: 'state', text: `The case is ${STATE_WORDS[state]}, so you cannot ${verb}` };
  return null;
}

/** The state a case move leads to (the caller checked caseMoveRefusal). */
export function caseMoveTarget(move: CaseAction): CaseState {
  return CASE_TRANSITIONS[move].to;
}

/** A case audit's phases: no ratings panel, and publication only when asked for at its creation. */
export const AUDIT_PHASES: readonly Phase[] = ['planning', 'fieldwork', 'reporting'];

/** The phases a piece of work goes through, in order (`publishes`: an audit whose report is to be published). */
export function phasesOf(kind: InspectionKind = 'inspection', publishes = kind === 'inspection'): readonly Phase[] {
  if (kind !== 'case audit') return PHASES;
  return publishes ? [...AUDIT_PHASES, 'published'] : AUDIT_PHASES;
}

/** One step forward or back among the work's phases; nothing after publishing. */
export function phaseSteps(phase: Phase, kind: InspectionKind = 'inspection', publishes = kind === 'inspection'): Phase[] {
  if (phase === 'published') return [];
  const phases = phasesOf(kind, publishes);
  const i = phases.indexOf(phase);
  if (i < 0) return [];
  return [phases[i + 1], phases[i - 1]].filter((p): p is Phase => p !== undefined);
}

export const isForward = (from: Phase, to: Phase): boolean => PHASES.indexOf(to) > PHASES.indexOf(from);
