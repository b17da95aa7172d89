/**
 * A real yjinspect for browser tests: the server's buildApp with the web plugin, on an embedded PGlite
 * database in a temp folder, listening on a free port, with a small realistic inspection created through
 * the services (the same use cases the pages call).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { BrowserContext, Page } from 'playwright-core';
import { getFramework } from '../../src/core/framework/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { buildApp } from '../../src/server/app.js';
import { appConfig, testConfig, type Config } from '../../src/server/config.js';
import { createServices, type Services, type User } from '../../src/app/index.js';
import { webPlugin } from '../../src/web/plugin.js';

export const PASSWORD = 'correct horse battery staple';
export const ACCOUNTS = {
  lead: 'lead@example.org',
  assessor: 'assessor@example.org',
  inspector: 'inspector@example.org',
  panel: 'panel@example.org',
  readonly: 'readonly@example.org',
} as const;

export interface TestApp {
  base: string;
  app: FastifyInstance;
  store: Store;
  services: Services;
  inspectionId: string;
  /** Case ids by reference. */
  cases: Record<string, string>;
  users: Record<keyof typeof ACCOUNTS, User>;
  close(): Promise<void>;
}

type A = 'yes' | 'no' | 'not-relevant';

/** Deterministic answers: mostly Yes, some No, so standards land in different bands. */
function answersFor(domain: number, caseIndex: number, version: '2018' | '2021'): { questionId: string; answer: A; note: null; version: 0 }[] {
  const fw = getFramework(version);
  const out: { questionId: string; answer: A; note: null; version: 0 }[] = [];
  for (const s of fw.standards.filter((x) => x.domain === domain && x.kind === 'case-assessed')) {
    s.keyQuestions.forEach((kq, k) => {
      const relevant = kq.subSample === 'all' || (caseIndex + k) % 3 !== 0;
      const kqAnswer: A = !relevant ? 'not-relevant' : (caseIndex * 7 + k * 3 + Number(s.id.slice(-1))) % 4 === 0 ? 'no' : 'yes';
      out.push({ questionId: kq.id, answer: kqAnswer, note: null, version: 0 });
      if (kqAnswer === 'not-relevant') return;
      kq.prompts.forEach((p, i) => out.push({ questionId: p.id, answer: (caseIndex + i) % 5 === 0 ? 'no' : 'yes', note: null, version: 0 }));
    });
  }
  return out;
}

export async function startApp(options: { readonly config?: Partial<Config> } = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'yjinspect-web-'));
  const store = await openStore({ dataDir: join(dir, 'db') });
  // Wired as `yjinspect serve` wires it: publishing a draft report needs saying so. A test's own settings (SMTP, say) as the server reads them.
  const services = options.config ? createServices(store, appConfig(testConfig(options.config))) : createServices(store);
  const app = await buildApp({ store, config: testConfig(options.config) }, { plugins: [webPlugin], services });

  const names: Record<keyof typeof ACCOUNTS, string> = { lead: 'Lena Lead', assessor: 'Asha Assessor', inspector: 'Ivan Inspector', panel: 'Pat Panel', readonly: 'Rory Reader' };
  for (const [key, email] of Object.entries(ACCOUNTS)) {
    await services.accounts.create(null, { email, displayName: names[key as keyof typeof ACCOUNTS], password: PASSWORD });
  }
  const service = await services.inspections.createService(null, { name: 'Northshire Youth Justice Service' });
  const { id: inspectionId } = await services.inspections.create(null, {
    serviceId: service.id,
    title: 'Northshire youth justice inspection 2026',
    frameworkVersion: '2018',
    fieldworkStart: '2026-11-02',
    fieldworkEnd: '2026-11-13',
  });
  const roles: Record<keyof typeof ACCOUNTS, string> = { lead: 'lead-inspector', assessor: 'local-assessor', inspector: 'inspector', panel: 'panel-member', readonly: 'read-only' };
  const ids: Record<string, string> = {};
  for (const [key, email] of Object.entries(ACCOUNTS)) {
    const account = await services.accounts.findByEmail(null, email);
    ids[key] = account!.id;
    await services.accounts.grantRole(null, inspectionId, { accountId: account!.id, role: roles[key as keyof typeof ACCOUNTS] });
  }
  const signIn = async (k: keyof typeof ACCOUNTS) => (await services.accounts.signIn(ACCOUNTS[k], PASSWORD, '127.0.0.1')).user;
  const users = { lead: await signIn('lead'), assessor: await signIn('assessor'), inspector: await signIn('inspector'), panel: await signIn('panel'), readonly: await signIn('readonly') };
  const lead = users.lead;
  await services.inspections.setPhase(lead, inspectionId, { phase: 'fieldwork', version: 1 });

  // Eight court and five out-of-court cases, assessed and quality assured; two more left for the journey.
  const cases: Record<string, string> = {};
  const court = ['referral-order', 'youth-rehabilitation-order', 'referral-order', 'detention-and-training-order', 'youth-rehabilitation-order', 'referral-order', 'licence', 'referral-order'];
  const ooc = ['youth-conditional-caution', 'youth-caution', 'community-resolution', 'youth-conditional-caution', 'triage'];
  const specs = [
    ...court.map((d, i) => ({ ref: `C${String(i + 1).padStart(2, '0')}`, domain: 2, disposalType: d })),
    ...ooc.map((d, i) => ({ ref: `O${String(i + 1).padStart(2, '0')}`, domain: 3, disposalType: d })),
  ];
  for (const [i, s] of specs.entries()) {
    const c = await services.cases.create(lead, inspectionId, {
      ...s,
      gender: i % 4 === 0 ? 'female' : 'male',
      ageBand: i % 3 === 0 ? '10-14' : '15-17',
      ethnicity: i % 5 === 0 ? 'black' : 'white',
      riskOfSeriousHarm: i % 3 === 0 ? 'low' : 'medium',
      safetyAndWellbeing: i % 2 === 0 ? 'medium' : 'high',
      assessorId: ids.inspector,
    });
    cases[s.ref] = c.id;
    await services.cases.saveAnswers(lead, c.id, { answers: answersFor(s.domain, i, '2018') });
    const afterSave = await services.cases.get(lead, c.id);
    const submitted = await services.cases.transition(lead, c.id, { action: 'submit', version: afterSave.version });
    await services.cases.transition(lead, c.id, { action: 'quality-assure', version: submitted.version });
  }
  for (const ref of ['C09', 'C10', 'C11']) {
    const c = await services.cases.create(lead, inspectionId, {
      ref, domain: 2, disposalType: 'referral-order', gender: 'male', ageBand: '15-17', ethnicity: 'white',
      riskOfSeriousHarm: 'medium', safetyAndWellbeing: 'medium', assessorId: ids.assessor,
    });
    cases[ref] = c.id;
  }
  for (const [sid, rating] of [['1.1', 'Good'], ['1.2', 'Good'], ['1.3', 'Outstanding'], ['1.4', 'Good']] as const) {
    await services.domain1.addEvidence(lead, inspectionId, { kind: 'document', what: `Evidence for ${sid}`, occurredOn: '2026-10-01', summary: 'Read before fieldwork.', standardId: sid });
    await services.domain1.recordJudgement(lead, inspectionId, sid, { rating, rationale: `The evidence for ${sid} meets the characteristics of ${rating}.`, version: 0 });
  }
  // The inspection stays in fieldwork (C09–C11 are unfinished); `walkTo` (test/support/workflow.ts) moves it on.

  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    base, app, store, services, inspectionId, cases, users,
    async close() {
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Signs in through the sign-in page in a new tab of `context` (`who` is one of the fixture's accounts or any
 * email address); resolves on the inspections list.
 */
export async function signInAs(t: Pick<TestApp, 'base'>, context: BrowserContext, who: keyof typeof ACCOUNTS | string, password = PASSWORD): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${t.base}/sign-in`);
  await page.fill('#email', who in ACCOUNTS ? ACCOUNTS[who as keyof typeof ACCOUNTS] : who);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL(/\/inspections$/), page.click('button:has-text("Sign in")')]);
  return page;
}
