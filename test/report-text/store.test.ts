/**
 * The report's written sections in the store and over the API (PGlite, and PostgreSQL when TEST_DATABASE_URL
 * is set): saving against the report-data schema, section keys checked against the inspection's framework,
 * optimistic concurrency, who may write, history, and the sections reaching the report data.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportTextService } from '../../src/app/report-text.js';
import { parseReportData, prepareReport, type ReportData } from '../../src/report/index.js';
import { COMMAND_LINE_READER, createServices } from '../../src/app/index.js';
import { ConflictError, ForbiddenError, ValidationError } from '../../src/app/errors.js';
import type { User } from '../../src/app/index.js';
import { databaseKinds } from '../store/harness.js';
import { completeAnswers, ROLE_EMAILS, signIn, startFixture, type Fixture } from '../server/harness.js';

const stockton = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/report/stockton-on-tees-2020.json', import.meta.url)), 'utf8')) as ReportData;
const facts = parseReportData(stockton).report!.contextualFacts!;

describe.each(databaseKinds)('report sections in the store (%s)', (kind) => {
  let f: Fixture;
  let lead: User;
  let inspector: User;
  beforeAll(async () => {
    f = await startFixture(kind);
    lead = await f.user('lead');
    inspector = await f.user('inspector');
  });
  afterAll(async () => f?.close());

  it('saves each kind of section, lists them, and gives version 0 for one not recorded', async () => {
    const text = reportTextService(f.store);
    expect(await text.get(lead, f.inspectionId, 'background')).toMatchObject({ section: 'background', body: null, version: 0 });
    const bg = await text.save(lead, f.inspectionId, { section: 'background', body: ['Stockton-on-Tees is a borough in the north east.', '  The YOS sits in children\'s services.  '], version: 0 });
    expect(bg).toMatchObject({ section: 'background', kind: 'background', body: ['Stockton-on-Tees is a borough in the north east.', 'The YOS sits in children\'s services.'], version: 1, updatedBy: (await f.user('lead')).id });
    await text.save(lead, f.inspectionId, { section: 'contextual-facts', body: facts, version: 0 });
    await text.save(lead, f.inspectionId, { section: 'methodology', body: { meetings: 9, interviews: [{ label: 'Case managers', count: 12 }], windows: { court: 'six to nine months earlier' } }, version: 0 });
    await text.save(lead, f.inspectionId, { section: 'narrative:2.2', body: ['Planning to keep the child safe was sound.'], version: 0 });
    await text.save(lead, f.inspectionId, { section: 'introduction:3', body: ['We inspected five out-of-court disposals.'], version: 0 });
    const listed = await text.list(inspector, f.inspectionId);
    expect(listed.map((s) => [s.section, s.version])).toEqual([
      ['background', 1], ['contextual-facts', 1], ['introduction:3', 1], ['methodology', 1], ['narrative:2.2', 1],
    ]);
    expect(listed.find((s) => s.section === 'contextual-facts')?.body).toEqual(facts);
  });

  it('refuses unknown sections, targets outside the framework and bad bodies with field messages, saving nothing', async () => {
    const text = reportTextService(f.store);
    const bad = async (input: unknown) => {
      const e = await text.save(lead, f.inspectionId, input).catch((err: unknown) => err);
      expect(e).toBeInstanceOf(ValidationError);
      return (e as ValidationError).fields;
    };
    expect((await bad({ section: 'preface', body: [], version: 0 }))[0]).toMatchObject({ field: 'section', message: expect.stringMatching(/^Unknown section "preface"/) });
    // Names an object has from its prototype are not sections either.
    expect((await bad({ section: 'constructor', body: [], version: 0 }))[0]?.field).toBe('section');
    expect((await bad({ section: 'toString', body: [], version: 0 }))[0]?.field).toBe('section');
    // The fixture inspection uses the 2018 framework: no resettlement domain, no standard 4.1.
    expect(await bad({ section: 'narrative:4.1', body: ['x'], version: 0 })).toEqual([{ field: 'section', message: 'The 2018 framework has no standard "4.1"' }]);
    expect(await bad({ section: 'introduction:4', body: ['x'], version: 0 })).toEqual([{ field: 'section', message: 'The 2018 framework has no domain "4"' }]);
    expect(await bad({ section: 'background:1', body: ['x'], version: 1 })).toEqual([{ field: 'section', message: 'The background section takes no target: use "background"' }]);
    expect(await bad({ section: 'foreword', body: ['fine', ' '], version: 0 })).toEqual([{ field: 'body.1', message: 'Write the paragraph, or remove the empty one' }]);
    const demographic = await bad({ section: 'contextual-facts', body: { demographics: [{ dimension: 'Age', categories: [{ label: '10–14', local: 'thirty' }] }] }, version: 1 });
    expect(demographic[0]?.field).toBe('body.demographics.0.categories.0.local');
    expect((await bad({ section: 'methodology', body: { confidenceLevel: 120 }, version: 1 }))[0]).toEqual({ field: 'body.confidenceLevel', message: 'Confidence level must be less than 100%' });
    expect((await text.get(lead, f.inspectionId, 'foreword')).version).toBe(0);
    expect((await text.get(lead, f.inspectionId, 'contextual-facts')).body).toEqual(facts);
  });

  it('a stale version is a conflict carrying the current section', async () => {
    const text = reportTextService(f.store);
    const stale = await text.save(lead, f.inspectionId, { section: 'background', body: ['Lost?'], version: 0 }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(ConflictError);
    expect((stale as ConflictError).current).toMatchObject({ section: 'background', version: 1 });
    const results = await Promise.allSettled([
      text.save(lead, f.inspectionId, { section: 'foreword', body: ['First'], version: 0 }),
      text.save(lead, f.inspectionId, { section: 'foreword', body: ['Second'], version: 0 }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')?.reason).toBeInstanceOf(ConflictError);
  });

  it('lets only the lead inspector write', async () => {
    const text = reportTextService(f.store);
    const e = await text.save(inspector, f.inspectionId, { section: 'narrative:2.1', body: ['Mine'], version: 0 }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ForbiddenError);
    expect((await text.get(inspector, f.inspectionId, 'narrative:2.1')).version).toBe(0);
    const outsider = await f.user('outsider');
    await expect(text.list(outsider, f.inspectionId)).rejects.toThrow(/No inspection/);
  });

  it('writes every save to the history with who, before and after', async () => {
    const rows = await f.store.query<{ action: string; entity_id: string; actor_id: string; before: unknown; after: unknown }>(
      `SELECT action, entity_id, actor_id, before, after FROM history WHERE entity = 'report-section' AND inspection_id = $1 ORDER BY id`, [f.inspectionId]);
    expect(rows.map((r) => r.entity_id)).toEqual(expect.arrayContaining([`${f.inspectionId}/background`, `${f.inspectionId}/narrative:2.2`, `${f.inspectionId}/foreword`]));
    expect(rows.every((r) => r.actor_id === lead.id && r.action === 'create')).toBe(true);
  });

  it('reads and writes sections over the API, with the same checks', async () => {
    const leadCookie = await signIn(f.app, ROLE_EMAILS.lead);
    const url = `/api/v1/inspections/${f.inspectionId}/report-sections`;
    const put = await f.app.inject({ method: 'PUT', url: `${url}/narrative:2.1`, headers: { cookie: leadCookie }, payload: { body: ['Assessment was thorough.'], version: 0 } });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ section: 'narrative:2.1', version: 1, body: ['Assessment was thorough.'] });
    const conflict = await f.app.inject({ method: 'PUT', url: `${url}/narrative:2.1`, headers: { cookie: leadCookie }, payload: { body: ['Again'], version: 0 } });
    expect(conflict.statusCode).toBe(409);
    const invalid = await f.app.inject({ method: 'PUT', url: `${url}/methodology`, headers: { cookie: leadCookie }, payload: { body: { meetings: -1 }, version: 1 } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body).toContain('body.meetings');
    const inspectorCookie = await signIn(f.app, ROLE_EMAILS.inspector);
    const one = await f.app.inject({ url: `${url}/narrative:2.1`, headers: { cookie: inspectorCookie } });
    expect(one.json()).toMatchObject({ body: ['Assessment was thorough.'] });
    const refused = await f.app.inject({ method: 'PUT', url: `${url}/narrative:2.1`, headers: { cookie: inspectorCookie }, payload: { body: ['Mine'], version: 1 } });
    expect(refused.statusCode).toBe(403);
    const findings = await f.app.inject({ method: 'PUT', url: `/api/v1/inspections/${f.inspectionId}/findings/2`, headers: { cookie: leadCookie }, payload: { strengths: ['Good planning.'], areas: [], version: 0 } });
    expect(findings.statusCode).toBe(200);
    expect((await f.app.inject({ url: `/api/v1/inspections/${f.inspectionId}/findings`, headers: { cookie: inspectorCookie } })).json()).toEqual([{ domain: '2', strengths: ['Good planning.'], areas: [], version: 1 }]);
    const spec = (await f.app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, unknown> };
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/v1/inspections/{inspectionId}/report-sections/{section}', '/api/v1/inspections/{inspectionId}/findings/{domain}']));
  });

  it('puts the recorded sections in the report data, so the report stops listing them as missing', async () => {
    // The case sample the report states is the counted cases': one court case submitted.
    const lead = await f.user('lead');
    const saved = await f.services.cases.saveAnswers(lead, f.caseIds.C01, { answers: completeAnswers(2) });
    await f.services.cases.transition(lead, f.caseIds.C01, { action: 'submit', version: saved.caseVersion });
    const data = await createServices(f.store).reports.data(COMMAND_LINE_READER, f.inspectionId);
    expect(data.report?.background).toEqual(['Stockton-on-Tees is a borough in the north east.', 'The YOS sits in children\'s services.']);
    expect(data.report?.contextualFacts).toEqual(facts);
    expect(data.report?.standards).toEqual({ '2.1': { narrative: ['Assessment was thorough.'] }, '2.2': { narrative: ['Planning to keep the child safe was sound.'] } });
    expect(data.report?.caseSample?.court?.window).toBe('six to nine months earlier');
    // No confirmed sampling plan and no confidence recorded: the methodology is still missing.
    expect(data.report?.methodology).toBeUndefined();
    let missing = prepareReport(data).view.missing;
    expect(missing).not.toContain('contextual facts');
    expect(missing).toContain('methodology figures (confidence level, margin of error, meetings, interviews)');
    // An introduction alone does not count as domain 3's findings.
    expect(data.report?.domains?.['3']).toEqual({ strengths: [], areasForImprovement: [], introduction: ['We inspected five out-of-court disposals.'] });
    expect(missing).toContain('strengths and areas for improvement for domain 3 (Out-of-court disposals)');

    const text = reportTextService(f.store);
    const m = await text.get(lead, f.inspectionId, 'methodology');
    await text.save(lead, f.inspectionId, { section: 'methodology', body: { ...(m.body as object), confidenceLevel: 80, marginOfError: 5 }, version: m.version });
    const after = await createServices(f.store).reports.data(COMMAND_LINE_READER, f.inspectionId);
    expect(after.report?.methodology).toEqual({ confidenceLevel: 80, marginOfError: 5, meetings: 9, interviews: [{ label: 'Case managers', count: 12 }] });
    missing = prepareReport(after).view.missing;
    expect(missing.some((x) => x.startsWith('methodology'))).toBe(false);
    const html = prepareReport(after).view;
    expect(html.context?.demographics?.[0]?.categories[0]).toEqual({ label: '10–14', local: 32, national: 23 });
  });
});
