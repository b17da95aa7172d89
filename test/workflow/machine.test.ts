/**
 * The workflow machine (src/core/workflow) on its own: who may make each case move in which phase, and a
 * property test that no sequence of moves the machine allows reaches "published" with an unfinished case or
 * an eligible standard without a recorded decision that still fits, whatever the figures do meanwhile.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CASE_STATES, caseMoveRefusal, caseMoveTarget, FINISHED_STATES, phaseMoveBlockers, PHASES,
  type CaseAction, type CaseState, type Phase, type SnapshotDecision, type WorkflowRole, type WorkflowSnapshot,
} from '../../src/core/workflow/index.js';

const ROLES: WorkflowRole[] = ['lead-inspector', 'inspector', 'local-assessor', 'panel-member', 'read-only'];
const MOVES: CaseAction[] = ['start', 'answer', 'submit', 'quality-assure', 'return', 'withdraw', 'reinstate'];

describe('case moves by role and phase', () => {
  const allowed = (move: CaseAction, phase: Phase, state: CaseState, role: WorkflowRole, isAssessor: boolean) =>
    caseMoveRefusal(move, phase, state, { roles: [role], isAssessor }) === null;

  it('case work happens in fieldwork, by the lead or the case\'s own assessor', () => {
    for (const role of ROLES) {
      for (const own of [true, false]) {
        const expected = role === 'lead-inspector' || (own && (role === 'inspector' || role === 'local-assessor'));
        expect(allowed('answer', 'fieldwork', 'in-progress', role, own), `${role} own=${own}`).toBe(expected);
        expect(allowed('submit', 'fieldwork', 'returned', role, own)).toBe(expected);
      }
    }
    for (const phase of ['planning', 'reporting', 'published'] as Phase[]) {
      expect(caseMoveRefusal('answer', phase, 'in-progress', { roles: ['lead-inspector'], isAssessor: true })?.kind).toBe('phase');
    }
    // In the panel, only a case returned there (returned, or in progress again).
    expect(allowed('answer', 'panel', 'returned', 'local-assessor', true)).toBe(true);
    expect(allowed('answer', 'panel', 'in-progress', 'local-assessor', true)).toBe(true);
    expect(allowed('start', 'panel', 'not-started', 'lead-inspector', false)).toBe(false);
    expect(allowed('answer', 'fieldwork', 'submitted', 'lead-inspector', false)).toBe(false);
  });

  it('quality assurance and returns are someone else\'s; in the panel only the lead returns a case', () => {
    expect(allowed('quality-assure', 'fieldwork', 'submitted', 'inspector', false)).toBe(true);
    expect(allowed('quality-assure', 'fieldwork', 'submitted', 'inspector', true)).toBe(false);
    expect(allowed('quality-assure', 'fieldwork', 'submitted', 'local-assessor', false)).toBe(false);
    expect(allowed('quality-assure', 'reporting', 'submitted', 'lead-inspector', true)).toBe(true);
    expect(allowed('return', 'fieldwork', 'quality-assured', 'inspector', false)).toBe(true);
    expect(allowed('return', 'panel', 'quality-assured', 'inspector', false)).toBe(false);
    expect(allowed('return', 'panel', 'quality-assured', 'lead-inspector', false)).toBe(true);
    expect(allowed('return', 'reporting', 'submitted', 'lead-inspector', false)).toBe(false);
    for (const role of ROLES) expect(allowed('withdraw', 'fieldwork', 'in-progress', role, false)).toBe(role === 'lead-inspector');
    expect(allowed('withdraw', 'panel', 'in-progress', 'lead-inspector', false)).toBe(false);
    expect(caseMoveTarget('return')).toBe('returned');
  });
});

// ---- The property: a model inspection driven only through moves the machine allows. ----

const STANDARDS = ['2.1', '2.2', '3.1'];
type Model = {
  phase: Phase;
  cases: CaseState[];
  eligible: Set<string>;
  decisions: Map<string, SnapshotDecision>;
  judged: boolean;
};

type Step =
  | { kind: 'case'; index: number; move: CaseAction; role: WorkflowRole; own: boolean }
  | { kind: 'phase'; to: Phase; acknowledge: boolean }
  | { kind: 'figures'; standard: string; eligible: boolean; staleApplied: boolean }
  | { kind: 'decide'; standard: string; decision: 'apply' | 'decline' | 'withdraw' }
  | { kind: 'judge' };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('case' as const), index: fc.nat(3), move: fc.constantFrom(...MOVES), role: fc.constantFrom(...ROLES), own: fc.boolean() }),
  fc.record({ kind: fc.constant('phase' as const), to: fc.constantFrom(...PHASES), acknowledge: fc.boolean() }),
  fc.record({ kind: fc.constant('figures' as const), standard: fc.constantFrom(...STANDARDS), eligible: fc.boolean(), staleApplied: fc.boolean() }),
  fc.record({ kind: fc.constant('decide' as const), standard: fc.constantFrom(...STANDARDS), decision: fc.constantFrom('apply' as const, 'decline' as const, 'withdraw' as const) }),
  fc.record({ kind: fc.constant('judge' as const) }),
);

const snapshot = (m: Model): WorkflowSnapshot => ({
  phase: m.phase,
  cases: m.cases.map((state, i) => ({ id: `c${i}`, ref: `C0${i}`, state })),
  eligibleStandards: STANDARDS.filter((s) => m.eligible.has(s)),
  decisions: [...m.decisions.values()],
  requiredJudgements: ['1.1'],
  recordedJudgements: m.judged ? ['1.1'] : [],
});

/** Apply one step when the machine allows it (as the services do); otherwise nothing changes. */
function apply(m: Model, s: Step): void {
  // Published is read-only: nothing at all changes any more.
  if (m.phase === 'published') return;
  if (s.kind === 'case') {
    const state = m.cases[s.index]!;
    if (caseMoveRefusal(s.move, m.phase, state, { roles: [s.role], isAssessor: s.own }) === null) m.cases[s.index] = caseMoveTarget(s.move);
  } else if (s.kind === 'phase') {
    if (phaseMoveBlockers(snapshot(m), s.to, { acknowledgeUnassured: s.acknowledge }).length === 0) m.phase = s.to;
  } else if (s.kind === 'figures') {
    // The figures may change at any time before publishing (answers, returned cases): eligibility, and
    // whether an applied decision still fits, change with them.
    if (s.eligible) m.eligible.add(s.standard);
    else m.eligible.delete(s.standard);
    const d = m.decisions.get(s.standard);
    if (d?.decision === 'apply') m.decisions.set(s.standard, { ...d, fits: !s.staleApplied });
  } else if (s.kind === 'decide') {
    if (s.decision === 'withdraw') m.decisions.delete(s.standard);
    else m.decisions.set(s.standard, { standard: s.standard, decision: s.decision, fits: true });
  } else {
    m.judged = true;
  }
}

describe('the workflow machine (property)', () => {
  it('no sequence of allowed moves reaches published with an unfinished case or an undecided eligible standard', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CASE_STATES), fc.array(step, { maxLength: 120 }), (initial, steps) => {
        const m: Model = { phase: 'planning', cases: [initial, 'not-started', 'not-started', 'not-started'], eligible: new Set(), decisions: new Map(), judged: false };
        for (const s of steps) {
          apply(m, s);
          if (m.phase !== 'published') continue;
          expect(m.cases.every((c) => FINISHED_STATES.includes(c) || c === 'withdrawn')).toBe(true);
          for (const sid of m.eligible) expect(m.decisions.get(sid)?.fits).toBe(true);
          expect(m.judged).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('publishing is reachable: the property is not true only because nothing moves', () => {
    const m: Model = { phase: 'planning', cases: ['not-started'], eligible: new Set(['2.1']), decisions: new Map(), judged: false };
    const lead = { role: 'lead-inspector' as const, own: false };
    const steps: Step[] = [
      { kind: 'phase', to: 'fieldwork', acknowledge: false },
      { kind: 'case', index: 0, move: 'submit', ...lead },
      { kind: 'phase', to: 'panel', acknowledge: true },
      { kind: 'decide', standard: '2.1', decision: 'decline' },
      { kind: 'judge' },
      { kind: 'phase', to: 'reporting', acknowledge: false },
      { kind: 'phase', to: 'published', acknowledge: false },
    ];
    for (const s of steps) apply(m, s);
    expect(m.phase).toBe('published');
  });
});
