/**
 * Resettlement cases (2021, domain 4) have a review of their own: one note per aspect of 4.1, completable and
 * submittable like any case, linked from the 4.1 judgement page, counted in the methodology, and sampled as an
 * illustrative sample the lead sets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { missingAnswers } from '../../src/core/assessment/index.js';
import { getFramework } from '../../src/core/framework/index.js';
import { RESETTLEMENT_ASPECTS } from '../../src/core/framework/resettlement.js';
import { planSizes } from '../../src/core/sampling/index.js';
import { renderReport } from '../../src/report/index.js';
import { buildApp } from '../../src/server/app.js';
import { testConfig } from '../../src/server/config.js';
import { webPlugin } from '../../src/web/plugin.js';
import { ConflictError, createServices, ForbiddenError, NotFoundError, ValidationError, type Services, type User } from '../../src/app/index.js';
import type { Store } from '../../src/store/index.js';
import { databaseKinds, testDatabase, type TestDatabase } from '../store/harness.js';
import { seedFixture, signIn, ROLE_EMAILS } from '../server/harness.js';

const allNotes = (version = 0) => RESETTLEMENT_ASPECTS.map((a) => ({ aspectId: a.id, note: `Seen in the records: ${a.name}.`, version }));
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/\s+/g, ' ');

describe('resettlement in the core', () => {
  it('says what a resettlement case still needs: a note on each aspect of 4.1', () => {
    const fw = getFramework('2021');
    const none = missingAnswers(fw, 4, () => null);
    expect(none.map((m) => m.id)).toEqual(RESETTLEMENT_ASPECTS.map((a) => `resettlement.${a.id}`));
    expect(none.find((m) => m.id === 'resettlement.accommodation')?.message).toBe('Write a note on accommodation');
    expect(missingAnswers(fw, 4, () => null, (id) => (id === 'victims' ? '' : 'noted')).map((m) => m.id)).toEqual(['resettlement.victims']);
    expect(missingAnswers(fw, 4, () => null, () => 'noted')).toEqual([]);
    // Court cases are unchanged: the notes play no part.
    expect(missingAnswers(fw, 2, () => null).length).toBeGreaterThan(0);
  });

  it('sizes the resettlement sample as an illustrative 3 (or all, if fewer), which the lead may change', () => {
    const plan = planSizes({ court: 200, outOfCourt: 100, resettlement: 12 });
    expect(plan.domains.find((d) => d.domain === 'resettlement')).toMatchObject({ proposed: 3, sample: 3 });
    expect(planSizes({ court: 200, outOfCourt: 100, resettlement: 2 }).domains.find((d) => d.domain === 'resettlement')).toMatchObject({ sample: 2 });
    const changed = planSizes({ court: 200, outOfCourt: 100, resettlement: 12 }, undefined, [{ domain: 'resettlement', sample: 5, reason: 'Many releases' }]);
    expect(changed.domains.find((d) => d.domain === 'resettlement')).toMatchObject({ proposed: 3, sample: 5 });
  });
});

describe.each(databaseKinds)('the resettlement review (%s)', (kind) => {
  let db: TestDatabase, store: Store, services: Services, app: FastifyInstance;
  let lead: User, assessor: User, other: User, inspector: User, inspectionId: string, caseId: string;

  beforeAll(async () => {
    db = testDatabase(kind);
    store = await db.open();
    services = createServices(store);
    const seeded = await seedFixture(services, '2021');
    inspectionId = seeded.inspectionId;
    lead = (await services.accounts.loadUser(seeded.accountIds.lead))!;
    assessor = (await services.accounts.loadUser(seeded.accountIds.assessor))!;
    other = (await services.accounts.loadUser(seeded.accountIds.otherAssessor))!;
    inspector = (await services.accounts.loadUser(seeded.accountIds.inspector))!;
    const c = await services.cases.create(lead, inspectionId, {
      ref: 'R01', domain: 4, disposalType: 'detention-and-training-order', gender: 'male', ageBand: '15-17', ethnicity: 'white',
      riskOfSeriousHarm: 'high', safetyAndWellbeing: 'medium', assessorId: seeded.accountIds.assessor,
    });
    caseId = c.id;
    app = await buildApp({ store, config: testConfig() }, { services, plugins: [webPlugin] });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await store?.close();
    await db?.cleanup();
  });

  it('takes one of ten simultaneous first notes and one of ten same-version changes; the rest are conflicts', async () => {
    const c = await services.cases.create(lead, inspectionId, {
      ref: 'R02', domain: 4, disposalType: 'detention-and-training-order', gender: 'female', ageBand: '15-17', ethnicity: 'mixed',
      riskOfSeriousHarm: 'medium', safetyAndWellbeing: 'medium', assessorId: assessor.id,
    });
    const aspectId = allNotes()[0]!.aspectId;
    const race = async (version: number) => {
      const settled = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => services.resettlement.save(assessor, c.id, { notes: [{ aspectId, note: `Race ${version}, writer ${i}`, version }] })));
      return { ok: settled.filter((r) => r.status === 'fulfilled').length, conflicts: settled.filter((r) => r.status === 'rejected' && r.reason instanceof ConflictError).length };
    };
    expect(await race(0)).toEqual({ ok: 1, conflicts: 9 });
    expect(await race(1)).toEqual({ ok: 1, conflicts: 9 });
    const history = await services.history.forCase(lead, c.id);
    expect(history.filter((h) => h.entity === 'resettlement-note').length).toBe(2);
    expect(history.filter((h) => h.entity === 'case' && h.action === 'start').length).toBe(1);
  });

  it('is completable and submittable like any case, by its assessor, and locks once submitted', async () => {
    const version = async () => (await services.cases.get(lead, caseId)).version;
    const early = await services.cases.transition(assessor, caseId, { action: 'submit', version: await version() }).catch((e: unknown) => e);
    expect(early).toBeInstanceOf(ValidationError);
    expect((early as ValidationError).fields[0]!.message).toBe(`Case R01 cannot be submitted: ${RESETTLEMENT_ASPECTS.length} resettlement notes are missing`);
    expect((early as ValidationError).fields.map((f) => f.message)).toContain('Write a note on accommodation');

    // Another local assessor's review is not found; an inspector who reads the case may not write its review.
    await expect(services.resettlement.save(other, caseId, { notes: allNotes() })).rejects.toBeInstanceOf(NotFoundError);
    await expect(services.resettlement.notes(other, caseId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(services.resettlement.save(inspector, caseId, { notes: allNotes() })).rejects.toBeInstanceOf(ForbiddenError);
    const saved = await services.resettlement.save(assessor, caseId, { notes: allNotes().slice(0, 4) });
    expect(saved).toHaveLength(4);
    expect((await services.cases.get(lead, caseId)).state).toBe('in-progress');
    await expect(services.resettlement.save(assessor, caseId, { notes: [{ aspectId: allNotes()[0]!.aspectId, note: 'Changed', version: 0 }] })).rejects.toBeInstanceOf(ConflictError);
    const half = await services.cases.transition(assessor, caseId, { action: 'submit', version: await version() }).catch((e: unknown) => e);
    expect((half as ValidationError).fields[0]!.message).toMatch(/5 resettlement notes are missing/);

    await services.resettlement.save(assessor, caseId, { notes: allNotes().slice(4) });
    const submitted = await services.cases.transition(assessor, caseId, { action: 'submit', version: await version() });
    expect(submitted.state).toBe('submitted');
    await expect(services.resettlement.save(assessor, caseId, { notes: [{ aspectId: 'victims', note: 'Later', version: 1 }] })).rejects.toBeInstanceOf(ForbiddenError);
    const history = await services.history.forCase(lead, caseId);
    expect(history.filter((h) => h.entity === 'resettlement-note')).toHaveLength(RESETTLEMENT_ASPECTS.length);
  });

  it('is counted in the methodology once submitted', async () => {
    const data = await services.reports.data(lead, inspectionId);
    expect(data.report?.caseSample?.resettlement).toMatchObject({ total: 1 });
    const text = textOf((await renderReport(data, 'html')) as string);
    expect(text).toMatch(/Resettlement We examined 1 case/);
  });

  it('has its own page, linked from the case and from the 4.1 judgement page', async () => {
    const cookie = await signIn(app, ROLE_EMAILS.lead);
    const casePage = await app.inject({ url: `/inspections/${inspectionId}/cases/${caseId}`, headers: { cookie } });
    expect(casePage.body).toContain(`/cases/${caseId}/resettlement`);
    expect(textOf(casePage.body)).toContain('4.1 Resettlement review');
    const review = await app.inject({ url: `/inspections/${inspectionId}/cases/${caseId}/resettlement`, headers: { cookie } });
    expect(review.statusCode).toBe(200);
    for (const a of RESETTLEMENT_ASPECTS) expect(textOf(review.body)).toContain(`${a.name} Seen in the records: ${a.name}.`);
    const judgement = await app.inject({ url: `/inspections/${inspectionId}/judgements/4.1`, headers: { cookie } });
    expect(judgement.body).toContain(`/cases/${caseId}/resettlement`);
    expect(textOf(judgement.body)).toContain('Case R01: resettlement review (Submitted)');
    const court = await app.inject({ url: `/inspections/${inspectionId}/cases/${(await services.cases.list(lead, inspectionId, { domain: 2 }))[0]!.id}/resettlement`, headers: { cookie } });
    expect(court.statusCode).toBe(404);
  });
});
