/**
 * The sampling screens' refusals, over HTTP: someone who may not see the sampling plans gets the web's one 404
 * page (as for any page not theirs), and replacing a case from the reserve when a case with the reserve's
 * reference was already added by hand is a 400 that says so, never a 500, and changes nothing.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { replaceCase } from '../../src/core/sampling/index.js';
import { parsePopulationCsv } from '../../src/population/index.js';
import { buildApp } from '../../src/server/app.js';
import { testConfig } from '../../src/server/config.js';
import { webPlugin } from '../../src/web/plugin.js';
import { createServices, type SamplingPlan, type Services, type User } from '../../src/app/index.js';
import type { Store } from '../../src/store/index.js';
import { databaseKinds, testDatabase, type TestDatabase } from '../store/harness.js';
import { signIn } from '../server/harness.js';

const PASSWORD = 'correct horse battery staple';
const population = parsePopulationCsv(readFileSync(fileURLToPath(new URL('./fixtures/population-medium.csv', import.meta.url)), 'utf8'), 'population-medium.csv');
const parameters = { seed: 7, confidence: 80, margin: 5, fieldwork: '2025-06-02' };

describe.each(databaseKinds)('sampling screens refuse plainly (%s)', (kind) => {
  let db: TestDatabase, store: Store, services: Services, app: FastifyInstance;
  let lead: User, inspectionId: string, plan: SamplingPlan;

  beforeAll(async () => {
    db = testDatabase(kind);
    store = await db.open();
    services = createServices(store);
    const l = await services.accounts.create(null, { email: 'lead@example.org', displayName: 'Lena Lead', password: PASSWORD });
    const i = await services.accounts.create(null, { email: 'inspector@example.org', displayName: 'Ivan Inspector', password: PASSWORD });
    const svc = await services.inspections.createService(null, { name: 'Westshire Youth Justice Service' });
    ({ id: inspectionId } = await services.inspections.create(null, { serviceId: svc.id, title: 'Westshire 2025', frameworkVersion: '2018' }));
    await services.accounts.grantRole(null, inspectionId, { accountId: l.id, role: 'lead-inspector' });
    await services.accounts.grantRole(null, inspectionId, { accountId: i.id, role: 'inspector' });
    lead = (await services.accounts.loadUser(l.id))!;
    plan = await services.sampling.confirm(lead, inspectionId, (await services.sampling.propose(lead, inspectionId, { fileName: 'p.csv', cases: population, parameters })).id);
    app = await buildApp({ store, config: testConfig() }, { services, plugins: [webPlugin] });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await store?.close();
    await db?.cleanup();
  });

  /** A form post from the page at `formUrl`, with its CSRF token. */
  const post = async (cookie: string, formUrl: string, url: string, fields: Record<string, string>) => {
    const form = await app.inject({ url: formUrl, headers: { cookie } });
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const secret = form.cookies.find((c) => c.name === 'yjinspect_csrf')!;
    return app.inject({
      method: 'POST', url, headers: { cookie: `${cookie}; yjinspect_csrf=${secret.value}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: token.replace(/&#x2F;/g, '/').replace(/&#x3D;/g, '='), ...fields }).toString(),
    });
  };

  it('answers an inspector, who may not see the sampling plans, with the one 404 page on every sampling screen', async () => {
    const cookie = await signIn(app, 'inspector@example.org');
    const planUrl = `/inspections/${inspectionId}/sampling/${plan.id}`;
    for (const url of [`/inspections/${inspectionId}/sampling`, planUrl, `${planUrl}/chart.svg`, `${planUrl}/discard-confirmed`, `/inspections/${inspectionId}/sampling/add-case`]) {
      const r = await app.inject({ url, headers: { cookie } });
      expect(r.statusCode, url).toBe(404);
      expect(r.body).toContain('Page not found');
      expect(r.body).not.toMatch(/lead inspector|sampling plan/i);
    }
    // A forged post is refused the same way, before anything is read or changed.
    const forged = await post(cookie, '/account', `${planUrl}/replace`, { ref: plan.result.sample[0]!.ref, reason: 'Forged', version: String(plan.version) });
    expect(forged.statusCode).toBe(404);
    expect((await services.sampling.get(lead, inspectionId, plan.id)).replacements).toEqual([]);
    // The inspection's overview offers no sampling task to them.
    const overview = await app.inject({ url: `/inspections/${inspectionId}`, headers: { cookie } });
    expect(overview.body).not.toContain(`/inspections/${inspectionId}/sampling`);
  });

  it('refuses with a 400 and its reason to replace a case by the reserve whose reference a hand-made case already has', async () => {
    const cookie = await signIn(app, 'lead@example.org');
    const out = plan.result.sample[0]!;
    // The reserve the balance would bring in (the core's choice), added by hand before the replacement.
    const coming = replaceCase(plan.result, { ref: out.ref, by: 'Lena Lead', at: new Date().toISOString(), reason: 'x' }).replacements.at(-1)!.added;
    const sampled = (await services.cases.list(lead, inspectionId)).find((c) => c.ref === out.ref)!;
    await services.cases.create(lead, inspectionId, {
      ref: coming, domain: sampled.domain, disposalType: 'referral-order', gender: 'male', ageBand: '15-17', ethnicity: 'white', riskOfSeriousHarm: 'low', safetyAndWellbeing: 'low',
    });
    const before = (await services.cases.list(lead, inspectionId)).map((c) => c.ref).sort();

    const planUrl = `/inspections/${inspectionId}/sampling/${plan.id}`;
    const r = await post(cookie, planUrl, `${planUrl}/replace`, { ref: out.ref, reason: 'The case file cannot be found', version: String(plan.version) });
    expect(r.statusCode, r.body).toBe(400);
    expect(r.body).toContain(`already has a case ${coming}`);
    expect(r.body).toContain('govuk-error-summary');
    expect((await services.cases.list(lead, inspectionId)).map((c) => c.ref).sort()).toEqual(before);
    expect((await services.sampling.get(lead, inspectionId, plan.id)).replacements).toEqual([]);

    // The hand-made case itself is not in the confirmed sample: choosing it is refused too, plainly.
    const hand = await post(cookie, planUrl, `${planUrl}/replace`, { ref: coming, reason: 'The case file cannot be found', version: String(plan.version) });
    expect(hand.statusCode).toBe(400);
    expect(hand.body).toContain(`${coming} is not in the confirmed sample`);
  });
});
