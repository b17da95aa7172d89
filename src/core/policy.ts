/**
 * Who may do what: one pure table of roles × actions × conditions. The services enforce it (src/app/context.ts
 * `authorize`), the screens read it to show or hide controls, and the one-statement answer save derives its SQL
 * conditions from it. Adding a role is one entry in `roles` and its `labels`, plus the actions it may take.
 */

export const PHASES = ['planning', 'fieldwork', 'panel', 'reporting', 'published'] as const;
export type Phase = (typeof PHASES)[number];

export const ROLES = ['lead-inspector', 'inspector', 'local-assessor', 'panel-member', 'read-only'] as const;
export type Role = (typeof ROLES)[number];

/** Which cases a case-scoped rule covers: any, only those assigned to the actor, or only those that are not. */
export type CaseScope = 'any' | 'own' | 'others';

export interface Rule<R extends string = string> {
  readonly role: R;
  /** For an action on one case (default `any`); for `history.read`, whose entries: `own` are the actor's. */
  readonly cases?: CaseScope;
  /** The rule holds from this phase on (inclusive). */
  readonly from?: Phase;
  /** The rule holds only before this phase. */
  readonly until?: Phase;
}

export interface ActionDef<R extends string = string> {
  /** What the action does, as the refusal says it: "Only lead inspector may {what}". */
  readonly what: string;
  readonly rules: readonly Rule<R>[];
  /** The site administrator may do it too (on any inspection). */
  readonly admin?: boolean;
  /** A read stays allowed once the inspection is published; every other action stops there. */
  readonly read?: boolean;
}

export const ACTIONS = [
  'inspection.read', 'inspection.edit-details', 'inspection.change-phase', 'inspection.archive', 'inspection.delete',
  'case.create', 'case.classify', 'case.assign', 'case.edit', 'case.quality-assure', 'case.withdraw',
  'evidence.write', 'judgement.record', 'discretion.record',
  'recommendation.write', 'findings.write', 'report-text.write',
  'sampling.read', 'sampling.write',
  'case.read', 'team.read', 'history.read', 'domain1.read', 'ratings.read',
  'report.read', 'findings.read', 'report-text.read', 'recommendation.read', 'workflow.read',
  'moderation.select', 'moderation.mark', 'moderation.resolve', 'moderation.read',
] as const;
export type Action = (typeof ACTIONS)[number];

export interface Policy<R extends string = string> {
  readonly roles: readonly R[];
  /** Every role's name and what it lets a person do, in the screens' words. */
  readonly labels: Readonly<Record<R, { readonly name: string; readonly duties: string }>>;
  readonly actions: Readonly<Record<Action, ActionDef<R>>>;
}

const lead: Rule<Role> = { role: 'lead-inspector' };

/**
 * Reads. Local assessors are staff of the service inspected: until publication they read only the cases
 * assigned to them and their own history (and the inspection itself, for its framework guidance), so that
 * nothing of the inspectors' and the panel's work reaches the service before the report does. From publication
 * they read the published report and what it is made of (ratings, findings, report text, recommendations) and
 * the team; other people's cases, the evidence log with the judgements' rationales, the whole history, the
 * workflow (every case's state, what blocks each phase) and the sampling plans are never published, so they stay
 * closed to them.
 */
const TEAM: Role[] = ['lead-inspector', 'inspector', 'panel-member', 'read-only'];
const teamReads = (): Rule<Role>[] => TEAM.map((role) => ({ role }));
const publishedReads = (): Rule<Role>[] => [...teamReads(), { role: 'local-assessor', from: 'published' }];
const read = (what: string, rules: Rule<Role>[]): ActionDef<Role> => ({ what, rules, admin: true, read: true });

export const DEFAULT_POLICY: Policy<Role> = Object.freeze<Policy<Role>>({
  roles: ROLES,
  labels: {
    'lead-inspector': { name: 'Lead inspector', duties: 'Everything in the inspection: the sample, cases and their assessors, the phase, judgements and recommendations.' },
    inspector: { name: 'Inspector', duties: 'Assesses their own cases, records domain 1 evidence and quality assures others’ cases.' },
    'local-assessor': { name: 'Local assessor', duties: 'Assesses the cases assigned to them, and until publication reads only those and their own changes.' },
    'panel-member': { name: 'Ratings panel member', duties: 'Decides on discretion at the ratings panel.' },
    'read-only': { name: 'Read only', duties: 'Reads the inspection and changes nothing.' },
  },
  actions: {
    'inspection.read': { what: 'read the inspection', rules: ROLES.map((role) => ({ role })), admin: true, read: true },
    'inspection.edit-details': { what: "change the inspection's details", rules: [lead], admin: true },
    'inspection.change-phase': { what: 'move the inspection to another phase', rules: [lead] },
    // An inspection made by mistake: the site administrator alone hides it (restorably) or, holding no cases, deletes it.
    'inspection.archive': { what: 'archive or restore the inspection', rules: [], admin: true },
    'inspection.delete': { what: 'delete the inspection', rules: [], admin: true },
    'case.create': { what: 'add cases to the sample', rules: [lead] },
    'case.classify': { what: 'change a case’s classification', rules: [lead] },
    'case.assign': { what: 'assign cases', rules: [lead] },
    // Answers, notes, starting and submitting: the lead on any case, assessors on their own.
    'case.edit': { what: 'change this case', rules: [lead, { role: 'inspector', cases: 'own' }, { role: 'local-assessor', cases: 'own' }] },
    // Quality assurance and returning: the lead, or an inspector who did not assess the case.
    'case.quality-assure': { what: 'quality assure this case', rules: [lead, { role: 'inspector', cases: 'others' }] },
    // Taking a case out of the sample (with a reason), or putting it back.
    'case.withdraw': { what: 'withdraw cases', rules: [lead] },
    'evidence.write': { what: 'record evidence', rules: [lead, { role: 'inspector' }] },
    'judgement.record': { what: 'record judgements', rules: [lead] },
    'discretion.record': { what: 'record professional discretion', rules: [{ role: 'panel-member' }] },
    'recommendation.write': { what: 'write recommendations', rules: [lead] },
    'findings.write': { what: 'write the strengths and areas for improvement', rules: [lead] },
    'report-text.write': { what: 'write the report text', rules: [lead] },
    'sampling.read': { what: 'see the sampling plans', rules: [lead], admin: true, read: true },
    'sampling.write': { what: 'draw or change the case sample', rules: [lead] },
    'case.read': read('read this case', [...teamReads(), { role: 'local-assessor', cases: 'own' }]),
    'team.read': read('see the inspection team', publishedReads()),
    // `own` here: the entries the actor made (an assessor's answers, starts and submissions).
    'history.read': read('read the history', [...teamReads(), { role: 'local-assessor', cases: 'own' }]),
    'domain1.read': read('read the domain 1 evidence and judgements', teamReads()),
    'ratings.read': read('see the ratings and the panel’s decisions', publishedReads()),
    'report.read': read('read the report', publishedReads()),
    'findings.read': read('read the strengths and areas for improvement', publishedReads()),
    'report-text.read': read('read the report text', publishedReads()),
    'recommendation.read': read('read the recommendations', publishedReads()),
    // Where the inspection stands: every case's state, the panel's decisions, what blocks each phase step.
    'workflow.read': read('see where the inspection stands in its workflow', teamReads()),
    // Blind double marking (moderation). The lead chooses the cases and names each second marker.
    'moderation.select': { what: 'choose cases for double marking', rules: [lead] },
    // Who may be named second marker: an inspector, or (where the table allows it) another local assessor;
    // never the case's own assessor. Remove the local-assessor rule to keep moderation to inspectors.
    'moderation.mark': { what: 'double mark this case', rules: [{ role: 'inspector', cases: 'others' }, { role: 'local-assessor', cases: 'others' }] },
    // Settling a disagreement: the lead, or an inspector who did not assess the case (as quality assurance).
    'moderation.resolve': { what: 'resolve a disagreement', rules: [lead, { role: 'inspector', cases: 'others' }] },
    // The double markings once both are in, their agreement and the resolutions (never a marking in progress).
    'moderation.read': read('see the double marking and its agreement', teamReads()),
  },
});

/** What a decision needs to know: the actor's roles on this inspection, its phase and (for a case) who assesses it. */
export interface Subject {
  readonly roles: readonly string[];
  readonly isAdmin: boolean;
  readonly phase: Phase;
  /** For an action on one case: whether the case is assigned to the actor. */
  readonly ownCase?: boolean;
}

export type Refusal = 'published' | 'role' | 'phase' | 'not-own-case' | 'own-case';
export type Decision = { readonly allowed: true } | { readonly allowed: false; readonly refusal: Refusal };

const inPhase = (r: Rule, phase: Phase): boolean =>
  (r.from === undefined || PHASES.indexOf(phase) >= PHASES.indexOf(r.from)) && (r.until === undefined || PHASES.indexOf(phase) < PHASES.indexOf(r.until));

const inScope = (scope: CaseScope | undefined, own: boolean | undefined): boolean =>
  scope === undefined || scope === 'any' || (scope === 'own' ? own === true : own !== true);

export function decide(policy: Policy, action: Action, s: Subject): Decision {
  const def = policy.actions[action];
  if (s.phase === 'published' && !def.read) return { allowed: false, refusal: 'published' };
  if (def.admin && s.isAdmin) return { allowed: true };
  const held = def.rules.filter((r) => s.roles.includes(r.role));
  if (held.length === 0) return { allowed: false, refusal: 'role' };
  const mine = held.filter((r) => inPhase(r, s.phase));
  if (mine.length === 0) return { allowed: false, refusal: 'phase' };
  if (mine.some((r) => inScope(r.cases, s.ownCase))) return { allowed: true };
  // Every rule that matched the role was limited to some cases and missed this one.
  return { allowed: false, refusal: mine.some((r) => r.cases === 'own') ? 'not-own-case' : 'own-case' };
}

/** The roles that may take `action` on the cases in `scope` (for SQL that checks the same rule; phase conditions aside). */
export function rolesWith(policy: Policy, action: Action, scope: CaseScope): string[] {
  return policy.actions[action].rules.filter((r) => (r.cases ?? 'any') === scope).map((r) => r.role);
}

/** The roles named in `action`'s rules, in the policy's order (for a refusal's wording). */
export function rolesFor(policy: Policy, action: Action): string[] {
  const named = new Set(policy.actions[action].rules.map((r) => r.role));
  return policy.roles.filter((r) => named.has(r));
}

/** Problems with a policy table: an action or label naming a role the table does not have, or a role with no label. */
export function policyProblems(policy: Policy): string[] {
  const roles = new Set<string>(policy.roles);
  const problems: string[] = [];
  for (const r of policy.roles) if (!(policy.labels as Record<string, unknown>)[r]) problems.push(`role ${r} has no label`);
  for (const a of ACTIONS) {
    const def = policy.actions[a];
    if (!def) problems.push(`action ${a} is missing`);
    else for (const r of def.rules) {
      if (!roles.has(r.role)) problems.push(`action ${a} names unknown role ${r.role}`);
      for (const p of [r.from, r.until]) if (p !== undefined && !(PHASES as readonly string[]).includes(p)) problems.push(`action ${a} names unknown phase ${p}`);
    }
  }
  return problems;
}
