/**
 * A published inspection joins the library on publication with its exact figures (issue 16): once, however
 * often or concurrently it is asked; caught up when it was missed; not correctable (nothing was read from
 * text); never its own comparator; and its benchmark is reached from the inspection's pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectionSubject, type InspectionRatings } from '../../src/app/index.js';
import { ValidationError } from '../../src/app/errors.js';
import { webPlugin } from '../../src/web/plugin.js';
import { databaseKinds } from '../store/harness.js';
import { completeAnswers, ROLE_EMAILS, signIn, startFixture, type Fixture } from '../server/harness.js';
import { walkTo } from '../support/workflow.js';

const ALL = { framework: null, yearFrom: null, yearTo: null };

describe.each(databaseKinds)('a published inspection in the library (%s)', (kind) => {
  let f: Fixture;
  let published: InspectionRatings;
  let entryId: string;

  beforeAll(async () => {
    f = await startFixture(kind, {}, [webPlugin]);
    const lead = await f.user('lead');
    // C01 assessed with a "No" on the first key question, so the figures are not all 100%; the rest withdrawn.
    const answers = completeAnswers(2).map((a, i) => (i === 0 ? { ...a, answer: 'no' as const } : a));
    await f.services.cases.saveAnswers(lead, f.caseIds.C01, { answers });
    const c1 = (await f.services.cases.list(lead, f.inspectionId)).find((c) => c.ref === 'C01')!;
    await f.services.cases.transition(lead, f.caseIds.C01, { action: 'submit', version: c1.version });
    await walkTo(f.services, lead, f.inspectionId, 'published');
    published = await f.services.ratings.ratings(lead, f.inspectionId);
    const entry = (await f.services.library.list(lead, ALL)).find((e) => e.inspectionId === f.inspectionId);
    expect(entry).toBeDefined();
    entryId = entry!.id;
  }, 300_000);
  afterAll(async () => f?.close());

  it('holds the engine’s exact figures, the service and the month of publication', async () => {
    const lead = await f.user('lead');
    const entry = await f.services.library.get(lead, entryId);
    expect(entry.sourceKind).toBe('inspection');
    expect(entry.data.provider).toBe('Fictional Youth Justice Service');
    expect(entry.data.published).toBe((await f.services.inspections.get(lead, f.inspectionId)).publishedOn!.slice(0, 7));
    expect(entry.data.framework).toBe('2018');
    expect(entry.data.overall).toEqual({ rating: published.overall, score: published.score, maxScore: published.maxScore });
    for (const s of published.standards) {
      const kept = entry.data.standards.find((x) => x.id === s.id)!;
      expect(kept.rating).toBe(s.rating);
      expect(kept.keyQuestions).toEqual(s.keyQuestions.map((k) => ({ id: k.id, relevant: k.relevant, yes: k.yes, percent: k.percent })));
    }
    // The "No" shows: one key question of 2.1 is 0 of 1.
    expect(entry.data.standards.find((s) => s.id === '2.1')!.keyQuestions.some((k) => k.relevant === 1 && k.yes === 0)).toBe(true);
    expect(entry.data.caseSample.court).toBe(1);
    expect(entry.data.warnings).toEqual([]);
    const history = await f.services.library.history(lead, entryId);
    expect(history.map((h) => h.action)).toEqual(['add-published']);
  });

  it('is added once, however often and however concurrently it is asked', async () => {
    const lead = await f.user('lead');
    const ids = await Promise.all(Array.from({ length: 6 }, () => f.services.library.addPublished(lead, f.inspectionId)));
    expect(new Set(ids)).toEqual(new Set([entryId]));
    const rows = await f.store.query<{ n: number }>(`SELECT count(*)::int AS n FROM library_reports WHERE inspection_id = $1`, [f.inspectionId]);
    expect(rows[0]!.n).toBe(1);
  });

  it('refuses corrections: its figures were never read from text', async () => {
    const lead = await f.user('lead');
    const entry = await f.services.library.get(lead, entryId);
    const err = await f.services.library.correct(lead, entryId, { field: 'overall.rating', value: 'Good', reason: 'Typed from the PDF', version: entry.version }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((await f.services.library.get(lead, entryId)).version).toBe(entry.version);
  });

  it('is caught up on the next read when publication did not add it (published before, or a process stopped)', async () => {
    const lead = await f.user('lead');
    await f.store.query(`DELETE FROM library_reports WHERE inspection_id = $1`, [f.inspectionId]);
    const again = (await f.services.library.list(lead, ALL)).filter((e) => e.inspectionId === f.inspectionId);
    expect(again).toHaveLength(1);
    entryId = again[0]!.id;
  });

  it('is never its own comparator when the inspection is benchmarked', async () => {
    const lead = await f.user('lead');
    const ins = await f.services.inspections.get(lead, f.inspectionId);
    const bench = await f.services.library.benchmarkSubject(lead, inspectionSubject(ins.id, ins.title, published), ALL);
    expect(bench.reports).toBe(0);
  });

  it('is not added twice when its report is in the library by upload already: its entry is the upload', async () => {
    const admin = await f.user('admin');
    const first = (await f.services.library.get(admin, entryId)).data;
    // The same service's report, uploaded, for the month a second inspection is published in.
    await f.store.query(
      `INSERT INTO library_reports (id, file_name, source_kind, provider, published, framework_version, imported, data) VALUES ('upload-1', 'report.txt', 'text', $1, $2, '2018', $3, $3)`,
      [first.provider, first.published, JSON.stringify(first)]);
    const svc = (await f.services.inspections.listServices(admin))[0]!;
    const { id } = await f.services.inspections.create(admin, { serviceId: svc.id, title: 'Second inspection', frameworkVersion: '2018' });
    await f.services.accounts.grantRole(admin, id, { accountId: f.accountIds.lead, role: 'lead-inspector' });
    await walkTo(f.services, await f.user('lead'), id, 'published');
    await f.services.library.list(admin, ALL);
    const added = await f.store.query<{ n: number }>(`SELECT count(*)::int AS n FROM library_reports WHERE inspection_id = $1`, [id]);
    expect(added[0]!.n).toBe(0);
    expect(await f.services.library.entryOfInspection(admin, id)).toBe('upload-1');
    // The first inspection keeps its own entry, and neither it nor the upload of its month is its comparator.
    expect(await f.services.library.entryOfInspection(admin, f.inspectionId)).toBe(entryId);
    const ins = await f.services.inspections.get(admin, f.inspectionId);
    expect((await f.services.library.benchmarkSubject(admin, inspectionSubject(ins.id, ins.title, published), ALL)).reports).toBe(0);
  });

  it('is reached from the inspection’s pages: the benchmark link goes to its library entry', async () => {
    const session = await signIn(f.app, ROLE_EMAILS.lead);
    const overview = await f.app.inject({ method: 'GET', url: `/inspections/${f.inspectionId}`, headers: { cookie: session } });
    expect(overview.body).toContain(`href="/inspections/${f.inspectionId}/benchmark"`);
    const link = await f.app.inject({ method: 'GET', url: `/inspections/${f.inspectionId}/benchmark`, headers: { cookie: session } });
    expect(link.statusCode).toBe(303);
    expect(link.headers.location).toBe(`/library/${entryId}/benchmark`);
  });
});
