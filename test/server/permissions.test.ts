/**
 * The permission matrix: every mutating route of the JSON API called as every role (and signed out),
 * asserting allowed or refused for each; then, once published, everything refused. The reads (every GET route,
 * API and screens) are permissions-reads.test.ts.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../store/harness.js';
import { completeAnswers, PASSWORD, ROLE_EMAILS, signIn, startFixture, type Fixture, type Who } from './harness.js';
import { walkTo } from '../support/workflow.js';

type Method = 'POST' | 'PUT' | 'DELETE';
interface Call {
  method: Method;
  url: string;
  payload: unknown;
}
interface RouteCase {
  name: string;
  allowed: Who[];
  /** Refused as not found: the record is one they may not read (another assessor's case, the evidence log …). */
  hidden?: Who[];
  /** Builds a fresh request that would succeed for an allowed role (fresh versions, fresh records). */
  prepare(f: Fixture, n: number): Promise<Call>;
}

const WHO: Who[] = ['lead', 'inspector', 'assessor', 'otherAssessor', 'panel', 'readOnly', 'admin', 'outsider'];
const base = { gender: 'female', ageBand: '10-14', ethnicity: 'mixed', riskOfSeriousHarm: 'low', safetyAndWellbeing: 'high', domain: 2, disposalType: 'referral-order' } as const;

async function freshCase(f: Fixture, n: number, state: 'new' | 'answered' | 'submitted' = 'new') {
  const lead = await f.user('lead');
  const c = await f.services.cases.create(lead, f.inspectionId, { ...base, ref: `P${n}`, assessorId: f.accountIds.assessor });
  if (state === 'new') return c;
  const assessor = await f.user('assessor');
  const saved = await f.services.cases.saveAnswers(assessor, c.id, { answers: completeAnswers(2) });
  if (state === 'answered') return { ...c, version: saved.caseVersion };
  return f.services.cases.transition(assessor, c.id, { action: 'submit', version: saved.caseVersion });
}

/** Y01 (the only domain 3 case) fully answered 'yes': one case, so every 3.x standard may move one band down. */
async function panelReady(f: Fixture): Promise<void> {
  const lead = await f.user('lead');
  const y = await f.services.cases.get(lead, f.caseIds.Y01);
  if (y.answers.length === 0) {
    // Only finished (submitted) cases count in the figures the panel may move.
    const saved = await f.services.cases.saveAnswers(lead, y.id, { answers: completeAnswers(3) });
    await f.services.cases.transition(lead, y.id, { action: 'submit', version: saved.caseVersion });
  }
}

/** A fresh case of the assessor's (submitted when asked), chosen for double marking by `marker`. */
async function doubleMarked(f: Fixture, n: number, marker: Who, state: 'new' | 'submitted' = 'new') {
  const c = await freshCase(f, n, state);
  await f.services.moderation.select(await f.user('lead'), f.inspectionId, { selections: [{ caseId: c.id, markerId: f.accountIds[marker] }] });
  return c;
}

/** A fresh inspection with no cases, as if created by mistake. */
async function mistake(f: Fixture, n: number): Promise<{ id: string; version: number }> {
  const admin = await f.user('admin');
  const [svc] = await f.services.inspections.listServices(admin);
  const { id } = await f.services.inspections.create(admin, { serviceId: svc!.id, title: `Mistake ${n}`, frameworkVersion: '2021' });
  return { id, version: (await f.services.inspections.get(admin, id)).version };
}

/** The worked example framework under another version id. */
const frameworkText = (id: string): string =>
  readFileSync(fileURLToPath(new URL('../../frameworks/examples/ooc-audit.yaml', import.meta.url)), 'utf8').replace('version: ooc-audit-2026', `version: ${id}`);

const ROUTES: RouteCase[] = [
  { name: 'create account', allowed: ['admin'], prepare: async (_f, n) => ({ method: 'POST', url: '/api/v1/accounts', payload: { email: `new${n}@example.org`, displayName: 'New person', password: 'a long enough password' } }) },
  {
    name: 'redact a history entry', allowed: ['admin'],
    prepare: async (f) => {
      const [h] = await f.store.query<{ id: string }>(`INSERT INTO history (inspection_id, entity, entity_id, action, after) VALUES ($1, 'recommendation', 'r', 'create', '{"text":"typed by mistake"}') RETURNING id`, [f.inspectionId]);
      return { method: 'POST', url: `/api/v1/history/${h!.id}/redaction`, payload: { reason: 'A name typed by mistake' } };
    },
  },
  { name: 'add a framework', allowed: ['admin'], prepare: async (_f, n) => ({ method: 'POST', url: '/api/v1/frameworks', payload: { fileName: 'audit.yaml', text: frameworkText(`perm-audit-${n}`) } }) },
  {
    name: 'remove a framework', allowed: ['admin'],
    prepare: async (f, n) => {
      await f.services.frameworks.upload(await f.user('admin'), { fileName: 'audit.yaml', text: frameworkText(`perm-remove-${n}`) });
      return { method: 'DELETE', url: `/api/v1/frameworks/perm-remove-${n}`, payload: {} };
    },
  },
  { name: 'add service', allowed: ['admin'], prepare: async () => ({ method: 'POST', url: '/api/v1/services', payload: { name: 'Another fictional service' } }) },
  {
    name: 'create inspection', allowed: ['admin'],
    prepare: async (f) => {
      const [s] = await f.store.query<{ id: string }>('SELECT id FROM services LIMIT 1');
      return { method: 'POST', url: '/api/v1/inspections', payload: { serviceId: s!.id, title: 'Another inspection', frameworkVersion: '2021' } };
    },
  },
  {
    name: 'grant role', allowed: ['admin'],
    prepare: async (f, n) => {
      const a = await f.services.accounts.create(null, { email: `grantee${n}@example.org`, displayName: 'Grantee', password: 'a long enough password' });
      return { method: 'POST', url: `/api/v1/inspections/${f.inspectionId}/roles`, payload: { accountId: a.id, role: 'read-only' } };
    },
  },
  {
    name: 'revoke role', allowed: ['admin'],
    prepare: async (f, n) => {
      const a = await f.services.accounts.create(null, { email: `revokee${n}@example.org`, displayName: 'Revokee', password: 'a long enough password' });
      await f.services.accounts.grantRole(null, f.inspectionId, { accountId: a.id, role: 'read-only' });
      return { method: 'DELETE', url: `/api/v1/inspections/${f.inspectionId}/roles`, payload: { accountId: a.id, role: 'read-only' } };
    },
  },
  {
    name: 'disable account', allowed: ['admin'],
    prepare: async (f, n) => {
      const a = await f.services.accounts.create(null, { email: `disabled${n}@example.org`, displayName: 'To disable', password: 'a long enough password' });
      return { method: 'PUT', url: `/api/v1/accounts/${a.id}/status`, payload: { disabled: true, version: a.version } };
    },
  },
  // An inspection made by mistake (a fresh one each time): the site administrator alone archives, restores or deletes it.
  { name: 'archive inspection', allowed: ['admin'], prepare: async (f, n) => {
    const { id, version } = await mistake(f, n);
    return { method: 'POST', url: `/api/v1/inspections/${id}/archive`, payload: { reason: 'Made by mistake', version } };
  } },
  { name: 'restore inspection', allowed: ['admin'], prepare: async (f, n) => {
    const { id, version } = await mistake(f, n);
    const archived = await f.services.inspections.archive(await f.user('admin'), id, { reason: 'Made by mistake', version });
    return { method: 'POST', url: `/api/v1/inspections/${id}/restore`, payload: { reason: 'Needed after all', version: archived.version } };
  } },
  { name: 'delete inspection', allowed: ['admin'], prepare: async (f, n) => {
    const { id, version } = await mistake(f, n);
    return { method: 'DELETE', url: `/api/v1/inspections/${id}`, payload: { reason: 'Made by mistake', version } };
  } },
  // Everyone signed in may change their own password (kept the same here so every cookie stays valid).
  { name: 'change own password', allowed: WHO, prepare: async () => ({ method: 'PUT', url: '/api/v1/me/password', payload: { currentPassword: PASSWORD, newPassword: PASSWORD } }) },
  {
    name: 'change inspection details', allowed: ['lead', 'admin'],
    prepare: async (f, n) => {
      const ins = await f.services.inspections.get(await f.user('lead'), f.inspectionId);
      return { method: 'PUT', url: `/api/v1/inspections/${f.inspectionId}`, payload: { title: `Renamed ${n}`, fieldworkStart: '2026-03-02', version: ins.version } };
    },
  },
  {
    name: 'move phase', allowed: ['lead'],
    prepare: async (f) => {
      // Back to planning and forward again (no gate either way; the panel's gates have tests of their own), so
      // the routes after this one find the inspection in fieldwork.
      const lead = await f.user('lead');
      let ins = await f.services.inspections.get(lead, f.inspectionId);
      if (ins.phase === 'planning') ins = await f.services.inspections.setPhase(lead, f.inspectionId, { phase: 'fieldwork', version: ins.version });
      return { method: 'PUT', url: `/api/v1/inspections/${f.inspectionId}/phase`, payload: { phase: 'planning', version: ins.version } };
    },
  },
  { name: 'add case', allowed: ['lead'], prepare: async (f, n) => ({ method: 'POST', url: `/api/v1/inspections/${f.inspectionId}/cases`, payload: { ...base, ref: `N${n}` } }) },
  {
    name: 'reclassify case', hidden: ['otherAssessor'], allowed: ['lead'],
    prepare: async (f, n) => {
      const c = await freshCase(f, n);
      const { assessorId: _a, ...cls } = { ...base, assessorId: null };
      return { method: 'PUT', url: `/api/v1/cases/${c.id}`, payload: { ...cls, ref: c.ref, riskOfSeriousHarm: 'high', version: c.version } };
    },
  },
  {
    name: 'assign case', hidden: ['otherAssessor'], allowed: ['lead'],
    prepare: async (f, n) => {
      const c = await freshCase(f, n);
      return { method: 'PUT', url: `/api/v1/cases/${c.id}/assessor`, payload: { assessorId: f.accountIds.otherAssessor, version: c.version } };
    },
  },
  { name: 'save answers', hidden: ['otherAssessor'], allowed: ['lead', 'assessor'], prepare: async (f, n) => ({ method: 'PUT', url: `/api/v1/cases/${(await freshCase(f, n)).id}/answers`, payload: { answers: [{ questionId: '2.1.1', answer: 'yes', version: 0 }, { questionId: '2.1.1.a', answer: 'no', note: 'n', version: 0 }] } }) },
  { name: 'save one answer', hidden: ['otherAssessor'], allowed: ['lead', 'assessor'], prepare: async (f, n) => ({ method: 'PUT', url: `/api/v1/cases/${(await freshCase(f, n)).id}/answers/2.2.1`, payload: { answer: 'not-relevant', version: 0 } }) },
  {
    name: 'submit case', hidden: ['otherAssessor'], allowed: ['lead', 'assessor'],
    prepare: async (f, n) => {
      const c = await freshCase(f, n, 'answered');
      return { method: 'POST', url: `/api/v1/cases/${c.id}/transitions`, payload: { action: 'submit', version: c.version } };
    },
  },
  {
    name: 'quality assure case', hidden: ['otherAssessor'], allowed: ['lead', 'inspector'],
    prepare: async (f, n) => {
      const c = await freshCase(f, n, 'submitted');
      return { method: 'POST', url: `/api/v1/cases/${c.id}/transitions`, payload: { action: 'quality-assure', version: c.version } };
    },
  },
  {
    name: 'return case', hidden: ['otherAssessor'], allowed: ['lead', 'inspector'],
    prepare: async (f, n) => {
      const c = await freshCase(f, n, 'submitted');
      return { method: 'POST', url: `/api/v1/cases/${c.id}/transitions`, payload: { action: 'return', reason: 'Evidence notes missing for 2.2', version: c.version } };
    },
  },
  // Double marking: the lead chooses; only the second marker answers and submits (the first marker and other
  // local assessors are not told it exists); the lead or an inspector who marked neither resolves.
  { name: 'choose cases for double marking', allowed: ['lead'], prepare: async (f, n) => ({ method: 'POST', url: `/api/v1/inspections/${f.inspectionId}/moderation/selections`, payload: { selections: [{ caseId: (await freshCase(f, n)).id, markerId: f.accountIds.inspector }] } }) },
  { name: 'draw a share for double marking', allowed: ['lead'], prepare: async (f, n) => ({ method: 'POST', url: `/api/v1/inspections/${f.inspectionId}/moderation/share`, payload: { share: 0.1, seed: n, markerIds: [f.accountIds.inspector, f.accountIds.otherAssessor] } }) },
  {
    name: 'save second marking answers', hidden: ['assessor', 'otherAssessor'], allowed: ['inspector'],
    prepare: async (f, n) => ({ method: 'PUT', url: `/api/v1/cases/${(await doubleMarked(f, n, 'inspector')).id}/second-marking/answers`, payload: { answers: [{ questionId: '2.1.1', answer: 'yes', version: 0 }] } }),
  },
  {
    name: 'submit second marking', hidden: ['assessor', 'otherAssessor'], allowed: ['inspector'],
    prepare: async (f, n) => {
      const c = await doubleMarked(f, n, 'inspector');
      const v = await f.services.moderation.saveAnswers(await f.user('inspector'), c.id, { answers: completeAnswers(2) });
      return { method: 'POST', url: `/api/v1/cases/${c.id}/second-marking/submission`, payload: { version: v.marking.version } };
    },
  },
  {
    name: 'resolve a disagreement', hidden: ['assessor'], allowed: ['lead', 'inspector'],
    prepare: async (f, n) => {
      const c = await doubleMarked(f, n, 'otherAssessor', 'submitted');
      const marker = await f.user('otherAssessor');
      const v = await f.services.moderation.saveAnswers(marker, c.id, { answers: completeAnswers(2).map((a) => (a.questionId === '2.1.1' ? { ...a, answer: 'no' as const } : a)) });
      await f.services.moderation.submit(marker, c.id, { version: v.marking.version });
      return { method: 'PUT', url: `/api/v1/cases/${c.id}/second-marking/resolutions`, payload: { questionId: '2.1.1', answer: 'yes', reason: 'The plan is sound', version: 0 } };
    },
  },
  { name: 'add evidence', allowed: ['lead', 'inspector'], prepare: async (f) => ({ method: 'POST', url: `/api/v1/inspections/${f.inspectionId}/evidence`, payload: { kind: 'meeting', what: 'Board meeting', occurredOn: '2026-11-10', summary: 'Partners attend', standardId: '1.1' } }) },
  {
    name: 'change evidence', hidden: ['assessor', 'otherAssessor'], allowed: ['lead', 'inspector'],
    prepare: async (f) => {
      const e = await f.services.domain1.addEvidence(await f.user('lead'), f.inspectionId, { kind: 'document', what: 'Plan', summary: 'A plan' });
      return { method: 'PUT', url: `/api/v1/evidence/${e.id}`, payload: { kind: 'document', what: 'Plan (revised)', summary: 'A plan', version: e.version } };
    },
  },
  {
    name: 'record judgement', allowed: ['lead'],
    prepare: async (f) => {
      const j = (await f.services.domain1.listJudgements(await f.user('lead'), f.inspectionId)).find((x) => x.standardId === '1.2');
      return { method: 'PUT', url: `/api/v1/inspections/${f.inspectionId}/judgements/1.2`, payload: { rating: 'Good', rationale: 'Staff are supported', version: j?.version ?? 0 } };
    },
  },
  {
    name: 'record discretion', allowed: ['panel'],
    prepare: async (f) => {
      await panelReady(f);
      const d = (await f.services.discretion.list(await f.user('panel'), f.inspectionId)).find((x) => x.standardId === '3.1');
      return { method: 'PUT', url: `/api/v1/inspections/${f.inspectionId}/discretion/3.1`, payload: { rating: 'Good', reason: 'One case only', version: d?.version ?? 0 } };
    },
  },
  {
    name: 'decline discretion', allowed: ['panel'],
    prepare: async (f) => {
      await panelReady(f);
      const d = (await f.services.discretion.list(await f.user('panel'), f.inspectionId)).find((x) => x.standardId === '3.3');
      return { method: 'PUT', url: `/api/v1/inspections/${f.inspectionId}/discretion/3.3/decline`, payload: { reason: 'One case only: the computed rating stands', version: d?.version ?? 0 } };
    },
  },
  {
    name: 'withdraw discretion', allowed: ['panel'],
    prepare: async (f) => {
      await panelReady(f);
      const panel = await f.user('panel');
      const d = (await f.services.discretion.list(panel, f.inspectionId)).find((x) => x.standardId === '3.2');
      const rec = await f.services.discretion.record(panel, f.inspectionId, '3.2', { rating: 'Good', reason: 'Small sample', version: d?.version ?? 0 });
      return { method: 'DELETE', url: `/api/v1/inspections/${f.inspectionId}/discretion/3.2`, payload: { version: rec.version } };
    },
  },
  {
    name: 'write findings', allowed: ['lead'],
    prepare: async (f, n) => {
      const current = (await f.services.findings.list(await f.user('lead'), f.inspectionId)).find((x) => x.domain === '1');
      return { method: 'PUT', url: `/api/v1/inspections/${f.inspectionId}/findings/1`, payload: { strengths: [`Strength ${n}`], areas: [], version: current?.version ?? 0 } };
    },
  },
  {
    name: 'write a report section', allowed: ['lead'],
    prepare: async (f, n) => {
      const current = await f.services.reportText.get(await f.user('lead'), f.inspectionId, 'narrative:2.1');
      return { method: 'PUT', url: `/api/v1/inspections/${f.inspectionId}/report-sections/narrative:2.1`, payload: { body: [`Narrative ${n}`], version: current.version } };
    },
  },
  { name: 'add recommendation', allowed: ['lead'], prepare: async (f) => ({ method: 'POST', url: `/api/v1/inspections/${f.inspectionId}/recommendations`, payload: { addressee: 'The service should', text: 'improve planning' } }) },
  {
    name: 'change recommendation', hidden: ['assessor', 'otherAssessor'], allowed: ['lead'],
    prepare: async (f) => {
      const r = await f.services.recommendations.add(await f.user('lead'), f.inspectionId, { addressee: 'The board should', text: 'meet' });
      return { method: 'PUT', url: `/api/v1/recommendations/${r.id}`, payload: { addressee: 'The board should', text: 'meet monthly', version: r.version } };
    },
  },
  {
    name: 'move recommendation', hidden: ['assessor', 'otherAssessor'], allowed: ['lead'],
    prepare: async (f) => {
      const r = await f.services.recommendations.add(await f.user('lead'), f.inspectionId, { addressee: 'The board should', text: 'meet' });
      return { method: 'POST', url: `/api/v1/recommendations/${r.id}/move`, payload: { direction: 'up', version: r.version } };
    },
  },
  {
    name: 'remove recommendation', hidden: ['assessor', 'otherAssessor'], allowed: ['lead'],
    prepare: async (f) => {
      const r = await f.services.recommendations.add(await f.user('lead'), f.inspectionId, { addressee: 'The board should', text: 'meet' });
      return { method: 'DELETE', url: `/api/v1/recommendations/${r.id}`, payload: { version: r.version } };
    },
  },
];

describe.each(databaseKinds)('permission matrix on %s', (kind) => {
  let f: Fixture;
  const cookies = {} as Record<Who, string>;
  let n = 0;
  beforeAll(async () => {
    f = await startFixture(kind);
    for (const who of WHO) cookies[who] = await signIn(f.app, ROLE_EMAILS[who]);
  });
  afterAll(async () => f?.close());

  it('covers every mutating route of the API', async () => {
    const doc = (await f.app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const mutating = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).filter((m) => m !== 'get').map((m) => `${m.toUpperCase()} ${p}`));
    // Sign-in and sign-out are open to everyone by design.
    const covered = new Set(['POST /api/v1/session', 'DELETE /api/v1/session']);
    for (const r of ROUTES) {
      const call = await r.prepare(f, n++);
      const path = Object.keys(doc.paths).find((p) => new RegExp(`^${p.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(call.url));
      covered.add(`${call.method} ${path}`);
    }
    expect(mutating.filter((m) => !covered.has(m))).toEqual([]);
  });

  for (const route of ROUTES) {
    it(`${route.name}: allowed for ${route.allowed.join(', ')} only`, async () => {
      const outcome: Record<string, number> = {};
      for (const who of [...WHO, 'signed out' as const]) {
        const call = await route.prepare(f, n++);
        const r = await f.app.inject({ method: call.method, url: call.url, payload: call.payload as object, headers: who === 'signed out' ? {} : { cookie: cookies[who] } });
        outcome[who] = r.statusCode;
      }
      const expected: Record<string, number> = {};
      for (const who of WHO) {
        const allowed = route.allowed.includes(who);
        // Someone with no part in the inspection is told it does not exist; admin-only routes refuse everyone else with 403.
        expected[who] = allowed ? -1 : (who === 'outsider' && route.allowed.some((w) => w !== 'admin')) || route.hidden?.includes(who) ? 404 : 403;
      }
      expected['signed out'] = 401;
      for (const who of Object.keys(outcome)) if (expected[who] === -1) expect(outcome[who], `${who} should be allowed`).toBeGreaterThanOrEqual(200);
      const shown = Object.fromEntries(Object.entries(outcome).map(([w, s]) => [w, expected[w] === -1 && s >= 200 && s < 300 ? -1 : s]));
      expect(shown).toEqual(expected);
    });
  }

  it('refuses every change once the inspection is published, even for the lead', async () => {
    const lead = await f.user('lead');
    await walkTo(f.services, lead, f.inspectionId, 'published');
    const ins = await f.services.inspections.get(lead, f.inspectionId);
    expect(ins.phase).toBe('published');
    const refused: string[] = [];
    // Everything on the inspection: routes someone on it may use (account administration is not the inspection's).
    const onInspection = ROUTES.filter((r) => r.allowed.some((w) => w !== 'admin') && r.allowed.length < WHO.length);
    for (const route of onInspection) {
      const who = route.allowed[0]!;
      let call: Call;
      try {
        call = await route.prepare(f, n++);
      } catch (err) {
        // Preparing needs a change too, which the services already refuse.
        expect((err as { statusCode?: number }).statusCode).toBe(403);
        refused.push(route.name);
        continue;
      }
      const r = await f.app.inject({ method: call.method, url: call.url, payload: call.payload as object, headers: { cookie: cookies[who] } });
      expect(r.statusCode, `${route.name} as ${who}`).toBe(403);
      refused.push(route.name);
    }
    expect(refused.length).toBe(onInspection.length);
  });
});

