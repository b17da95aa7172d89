/**
 * Server test set-up: a real store (PGlite in a temp folder, or a fresh PostgreSQL schema), the app built
 * around it, and a small fixture inspection with one account per role.
 */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { getFramework } from '../../src/core/framework/index.js';
import { buildApp } from '../../src/server/app.js';
import { appConfig, testConfig, type Config } from '../../src/server/config.js';
import { createServices, type Services, type User } from '../../src/app/index.js';
import type { Store } from '../../src/store/index.js';
import { testDatabase, type TestDatabase } from '../store/harness.js';

export const PASSWORD = 'correct horse battery staple';

export const ROLE_EMAILS = {
  lead: 'lead@example.org',
  inspector: 'inspector@example.org',
  assessor: 'assessor@example.org',
  otherAssessor: 'assessor2@example.org',
  panel: 'panel@example.org',
  readOnly: 'readonly@example.org',
  admin: 'admin@example.org',
  outsider: 'outsider@example.org',
} as const;

export type Who = keyof typeof ROLE_EMAILS;

export interface Fixture {
  readonly db: TestDatabase;
  readonly store: Store;
  readonly services: Services;
  readonly app: FastifyInstance;
  readonly inspectionId: string;
  readonly accountIds: Record<Who, string>;
  /** Cases: C01 (domain 2, assigned to assessor), C02 (domain 2, other assessor), Y01 (domain 3, assigned to inspector). */
  readonly caseIds: Record<'C01' | 'C02' | 'Y01', string>;
  user(who: Who): Promise<User>;
  close(): Promise<void>;
}

/** Accounts, one inspection (2018 framework, fieldwork) and three cases. */
export async function seedFixture(services: Services, framework: '2018' | '2021' = '2018') {
  const accountIds = {} as Record<Who, string>;
  for (const [who, email] of Object.entries(ROLE_EMAILS) as [Who, string][]) {
    const a = await services.accounts.create(null, { email, displayName: `Test ${who}`, password: PASSWORD, isAdmin: who === 'admin' });
    accountIds[who] = a.id;
  }
  const svc = await services.inspections.createService(null, { name: 'Fictional Youth Justice Service' });
  const { id: inspectionId } = await services.inspections.create(null, { serviceId: svc.id, title: 'Test inspection', frameworkVersion: framework });
  const grants: [Who, string][] = [
    ['lead', 'lead-inspector'],
    ['inspector', 'inspector'],
    ['assessor', 'local-assessor'],
    ['otherAssessor', 'local-assessor'],
    ['panel', 'panel-member'],
    ['readOnly', 'read-only'],
  ];
  for (const [who, role] of grants) await services.accounts.grantRole(null, inspectionId, { accountId: accountIds[who], role });
  const lead = (await services.accounts.loadUser(accountIds.lead))!;
  const base = { gender: 'male', ageBand: '15-17', ethnicity: 'white', riskOfSeriousHarm: 'medium', safetyAndWellbeing: 'medium' } as const;
  const c1 = await services.cases.create(lead, inspectionId, { ...base, ref: 'C01', domain: 2, disposalType: 'referral-order', assessorId: accountIds.assessor });
  const c2 = await services.cases.create(lead, inspectionId, { ...base, ref: 'C02', domain: 2, disposalType: 'youth-rehabilitation-order', assessorId: accountIds.otherAssessor });
  const y1 = await services.cases.create(lead, inspectionId, { ...base, ref: 'Y01', domain: 3, disposalType: 'youth-conditional-caution', assessorId: accountIds.inspector });
  await services.inspections.setPhase(lead, inspectionId, { phase: 'fieldwork', version: 1 });
  return { accountIds, inspectionId, caseIds: { C01: c1.id, C02: c2.id, Y01: y1.id } };
}

export async function startFixture(kind: 'pglite' | 'postgresql', config: Partial<Config> = {}, plugins: FastifyPluginAsync[] = [], framework: '2018' | '2021' = '2018'): Promise<Fixture> {
  const db = testDatabase(kind);
  const store = await db.open();
  const cfg = testConfig(config);
  const services = createServices(store, appConfig(cfg));
  const seeded = await seedFixture(services, framework);
  const app = await buildApp({ store, config: cfg }, { services, plugins });
  await app.ready();
  return {
    db,
    store,
    services,
    app,
    ...seeded,
    user: async (who) => (await services.accounts.loadUser(seeded.accountIds[who]))!,
    async close() {
      await app.close();
      await store.close();
      await db.cleanup();
    },
  };
}

/** Every role's account of the fixture, as a user, by who they are. */
export async function fixtureUsers(f: Pick<Fixture, 'user'>): Promise<Record<Who, User>> {
  const u = {} as Record<Who, User>;
  for (const who of Object.keys(ROLE_EMAILS) as Who[]) u[who] = await f.user(who);
  return u;
}

/** A complete assessment for a case of `domain`: every key question and prompt answered 'yes'. */
export function completeAnswers(domain: number, framework: '2018' | '2021' = '2018'): { questionId: string; answer: 'yes'; version: 0 }[] {
  return getFramework(framework).standards
    .filter((s) => s.domain === domain && s.kind === 'case-assessed')
    .flatMap((s) => s.keyQuestions.flatMap((kq) => [kq.id, ...kq.prompts.map((p) => p.id)]))
    .map((questionId) => ({ questionId, answer: 'yes' as const, version: 0 as const }));
}

/** Sign in through the API; returns the cookie header for later requests. */
export async function signIn(app: FastifyInstance, email: string, password = PASSWORD): Promise<string> {
  const r = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password } });
  if (r.statusCode !== 200) throw new Error(`sign-in failed for ${email}: ${r.statusCode} ${r.body}`);
  const cookie = r.cookies.find((c) => c.name === 'yjinspect_session');
  return `yjinspect_session=${cookie!.value}`;
}
