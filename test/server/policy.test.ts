/**
 * The policy table (src/core/policy) is the one place that says who may do what: the services enforce it and
 * the screens read it. Adding a role is one entry in the table plus its labels; this file adds one in a
 * test-only policy and checks that the services follow it with no other change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, decide, DEFAULT_POLICY, policyProblems, type Policy, type Subject } from '../../src/core/policy.js';
import { createServices, ForbiddenError, NotFoundError, type Services, type User } from '../../src/app/index.js';
import type { Store } from '../../src/store/index.js';
import { testDatabase, type TestDatabase } from '../store/harness.js';
import { completeAnswers, PASSWORD, seedFixture } from './harness.js';

const subject = (roles: string[], over: Partial<Subject> = {}): Subject => ({ roles, isAdmin: false, phase: 'fieldwork', ...over });

describe('the default policy table', () => {
  it('names only its own roles and labels every role', () => {
    expect(policyProblems(DEFAULT_POLICY)).toEqual([]);
    for (const a of ACTIONS) expect(DEFAULT_POLICY.actions[a].what).not.toBe('');
  });

  it('stops every change, but not the reads, once published', () => {
    for (const a of ACTIONS) {
      const d = decide(DEFAULT_POLICY, a, subject([...DEFAULT_POLICY.roles], { phase: 'published', isAdmin: true, ownCase: true }));
      expect(d.allowed, a).toBe(DEFAULT_POLICY.actions[a].read === true);
    }
  });

  it('limits assessors to their own cases and quality assurers to others’', () => {
    expect(decide(DEFAULT_POLICY, 'case.edit', subject(['local-assessor'], { ownCase: true })).allowed).toBe(true);
    expect(decide(DEFAULT_POLICY, 'case.edit', subject(['local-assessor'], { ownCase: false }))).toEqual({ allowed: false, refusal: 'not-own-case' });
    expect(decide(DEFAULT_POLICY, 'case.quality-assure', subject(['inspector'], { ownCase: true }))).toEqual({ allowed: false, refusal: 'own-case' });
    expect(decide(DEFAULT_POLICY, 'case.quality-assure', subject(['inspector'], { ownCase: false })).allowed).toBe(true);
    expect(decide(DEFAULT_POLICY, 'case.quality-assure', subject(['lead-inspector'], { ownCase: true })).allowed).toBe(true);
    expect(decide(DEFAULT_POLICY, 'discretion.record', subject(['lead-inspector']))).toEqual({ allowed: false, refusal: 'role' });
  });

  it('lets local assessors read their own cases and history only, and the published report from publication', () => {
    const assessor = (phase: Subject['phase'], ownCase?: boolean) => subject(['local-assessor'], { phase, ...(ownCase === undefined ? {} : { ownCase }) });
    expect(decide(DEFAULT_POLICY, 'case.read', assessor('fieldwork', true)).allowed).toBe(true);
    expect(decide(DEFAULT_POLICY, 'case.read', assessor('fieldwork', false))).toEqual({ allowed: false, refusal: 'not-own-case' });
    expect(decide(DEFAULT_POLICY, 'case.read', assessor('published', false)).allowed).toBe(false);
    expect(decide(DEFAULT_POLICY, 'history.read', assessor('fieldwork', true)).allowed).toBe(true);
    expect(decide(DEFAULT_POLICY, 'history.read', assessor('fieldwork', false)).allowed).toBe(false);
    for (const a of ['ratings.read', 'report.read', 'findings.read', 'report-text.read', 'recommendation.read', 'team.read'] as const) {
      for (const phase of ['planning', 'fieldwork', 'panel', 'reporting'] as const) expect(decide(DEFAULT_POLICY, a, assessor(phase)), `${a} in ${phase}`).toEqual({ allowed: false, refusal: 'phase' });
      expect(decide(DEFAULT_POLICY, a, assessor('published')).allowed, a).toBe(true);
    }
    // Never: the evidence log, the sampling plans, the workflow (every case's state, what blocks each phase).
    for (const a of ['domain1.read', 'sampling.read', 'workflow.read'] as const) {
      for (const phase of ['planning', 'fieldwork', 'panel', 'reporting', 'published'] as const) expect(decide(DEFAULT_POLICY, a, assessor(phase)).allowed, `${a} in ${phase}`).toBe(false);
    }
    // Everyone else on the inspection reads what they read before.
    for (const role of ['lead-inspector', 'inspector', 'panel-member', 'read-only']) {
      for (const a of ['case.read', 'history.read', 'team.read', 'domain1.read', 'ratings.read', 'report.read', 'findings.read', 'report-text.read', 'recommendation.read', 'workflow.read'] as const) {
        expect(decide(DEFAULT_POLICY, a, subject([role], { ownCase: false })).allowed, `${role} ${a}`).toBe(true);
      }
    }
  });

  it('applies a rule only in the phases it names', () => {
    const policy: Policy = { ...DEFAULT_POLICY, actions: { ...DEFAULT_POLICY.actions, 'team.read': { what: 'x', read: true, rules: [{ role: 'read-only', from: 'panel', until: 'published' }] } } };
    const at = (phase: Subject['phase']) => decide(policy, 'team.read', subject(['read-only'], { phase })).allowed;
    expect(['planning', 'fieldwork', 'panel', 'reporting', 'published'].map((p) => at(p as Subject['phase']))).toEqual([false, false, true, true, false]);
    const broken = { ...DEFAULT_POLICY, actions: { ...DEFAULT_POLICY.actions, 'team.read': { what: 'x', rules: [{ role: 'read-only', from: 'someday' }] } } } as unknown as Policy;
    expect(policyProblems(broken)).toEqual(['action team.read names unknown phase someday']);
  });

  it('finds a rule that names a role the table does not have', () => {
    const broken = { ...DEFAULT_POLICY, actions: { ...DEFAULT_POLICY.actions, 'findings.write': { what: 'x', rules: [{ role: 'nobody' }] } } } as Policy;
    expect(policyProblems(broken)).toEqual(['action findings.write names unknown role nobody']);
  });
});

/** A quality lead: reads and quality assures any case, reads and writes the findings, nothing else. One entry plus its label. */
const withQualityLead: Policy = {
  roles: [...DEFAULT_POLICY.roles, 'quality-lead'],
  labels: { ...DEFAULT_POLICY.labels, 'quality-lead': { name: 'Quality lead', duties: 'Quality assures any case and writes the findings.' } },
  actions: {
    ...DEFAULT_POLICY.actions,
    'case.quality-assure': { ...DEFAULT_POLICY.actions['case.quality-assure'], rules: [...DEFAULT_POLICY.actions['case.quality-assure'].rules, { role: 'quality-lead' }] },
    'findings.write': { ...DEFAULT_POLICY.actions['findings.write'], rules: [...DEFAULT_POLICY.actions['findings.write'].rules, { role: 'quality-lead' }] },
    'case.read': { ...DEFAULT_POLICY.actions['case.read'], rules: [...DEFAULT_POLICY.actions['case.read'].rules, { role: 'quality-lead' }] },
    'findings.read': { ...DEFAULT_POLICY.actions['findings.read'], rules: [...DEFAULT_POLICY.actions['findings.read'].rules, { role: 'quality-lead' }] },
  },
};

describe('a role added in a test-only policy', () => {
  let db: TestDatabase;
  let store: Store;
  let services: Services;
  let seeded: Awaited<ReturnType<typeof seedFixture>>;
  let qualityLead: User;
  let lead: User;

  beforeAll(async () => {
    db = testDatabase('pglite');
    store = await db.open();
    services = createServices(store, { policy: withQualityLead });
    seeded = await seedFixture(services);
    const a = await services.accounts.create(null, { email: 'quality@example.org', displayName: 'Quinn Quality', password: PASSWORD });
    await services.accounts.grantRole(null, seeded.inspectionId, { accountId: a.id, role: 'quality-lead' });
    qualityLead = (await services.accounts.loadUser(a.id))!;
    lead = (await services.accounts.loadUser(seeded.accountIds.lead))!;
  });
  afterAll(async () => {
    await store.close();
    await db.cleanup();
  });

  it('is refused by the default policy and accepted by the one that has it', async () => {
    const plain = createServices(store);
    await expect(plain.accounts.grantRole(null, seeded.inspectionId, { accountId: seeded.accountIds.outsider, role: 'quality-lead' })).rejects.toThrow(/Choose a role/);
    expect(qualityLead.roles).toEqual([{ inspectionId: seeded.inspectionId, role: 'quality-lead' }]);
  });

  it('may do what its rules say, in the services and in the screens’ checks', async () => {
    const c = await services.cases.get(lead, seeded.caseIds.C01);
    const saved = await services.cases.saveAnswers(lead, c.id, { answers: completeAnswers(2) });
    const submitted = await services.cases.transition(lead, c.id, { action: 'submit', version: saved.caseVersion });
    const ins = await services.inspections.get(qualityLead, seeded.inspectionId);
    expect(services.auth.allows(qualityLead, ins, 'case.quality-assure', submitted)).toBe(true);
    const assured = await services.cases.transition(qualityLead, c.id, { action: 'quality-assure', version: submitted.version });
    expect(assured.state).toBe('quality-assured');
    const findings = await services.findings.save(qualityLead, seeded.inspectionId, { domain: '2', strengths: ['Assessments were thorough.'], areas: [], version: 0 });
    expect(findings.strengths).toEqual(['Assessments were thorough.']);
  });

  it('may not do what its rules leave out', async () => {
    const ins = await services.inspections.get(qualityLead, seeded.inspectionId);
    expect(services.auth.allows(qualityLead, ins, 'recommendation.write')).toBe(false);
    await expect(services.recommendations.add(qualityLead, seeded.inspectionId, { addressee: 'The police should', text: 'Share information.' }))
      .rejects.toBeInstanceOf(ForbiddenError);
    await expect(services.cases.saveAnswers(qualityLead, seeded.caseIds.C02, { answers: completeAnswers(2) })).rejects.toBeInstanceOf(ForbiddenError);
    // Reads it has no rule for are not found.
    await expect(services.ratings.ratings(qualityLead, seeded.inspectionId)).rejects.toBeInstanceOf(NotFoundError);
  });
});
