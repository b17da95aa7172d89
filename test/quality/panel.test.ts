/**
 * The ratings panel page and the API show how firm each rating is: every key question's interval at the
 * inspection's level and at 95%, and each case-assessed standard's firmness in words beside its discretion.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webPlugin } from '../../src/web/plugin.js';
import { databaseKinds } from '../store/harness.js';
import { completeAnswers, signIn, startFixture, ROLE_EMAILS, type Fixture } from '../server/harness.js';

const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&rsquo;|&#8217;/g, '’').replace(/\s+/g, ' ');

describe.each(databaseKinds)('how firm each rating is, on the panel page and the API (%s)', (kind) => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture(kind, {}, [webPlugin]);
    const lead = await f.user('lead');
    // C01 all 'Yes' and submitted: every domain 2 key question is 1 of 1.
    const saved = await f.services.cases.saveAnswers(lead, f.caseIds.C01, { answers: completeAnswers(2) });
    await f.services.cases.transition(lead, f.caseIds.C01, { action: 'submit', version: saved.caseVersion });
  }, 120_000);
  afterAll(async () => f?.close());

  it('the API gives the intervals and the words', async () => {
    const cookie = await signIn(f.app, ROLE_EMAILS.readOnly);
    const r = await f.app.inject({ method: 'GET', url: `/api/v1/inspections/${f.inspectionId}/ratings/firmness`, headers: { cookie } });
    expect(r.statusCode).toBe(200);
    const body = r.json() as { confidence: number; levels: number[]; keyQuestions: { id: string; relevant: number; intervals: { confidence: number; lower: number; upper: number }[] }[]; standards: { id: string; firmness: { words: string } | null }[] };
    expect(body).toMatchObject({ confidence: 80, levels: [80, 95] });
    const kq = body.keyQuestions.find((k) => k.id === '2.1.1')!;
    expect(kq.relevant).toBe(1);
    expect(kq.intervals.map((i) => i.confidence)).toEqual([80, 95]);
    expect(kq.intervals[0]!.upper).toBe(100);
    expect(body.standards.find((s) => s.id === '2.1')!.firmness!.words).toMatch(/^Outstanding; the interval \d+–100% \(80% confidence\) spans .*Outstanding\.$/);
    const outsider = await signIn(f.app, ROLE_EMAILS.outsider);
    expect((await f.app.inject({ method: 'GET', url: `/api/v1/inspections/${f.inspectionId}/ratings/firmness`, headers: { cookie: outsider } })).statusCode).toBe(404);
  });

  it('the panel page shows each key question’s intervals and each standard’s firmness', async () => {
    const cookie = await signIn(f.app, ROLE_EMAILS.panel);
    const res = await f.app.inject({ method: 'GET', url: `/inspections/${f.inspectionId}/ratings`, headers: { cookie } });
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(text).toContain('80% interval');
    expect(text).toContain('95% interval');
    expect(text).toMatch(/Each key question’s Wilson score interval is given at 80% confidence \(no sample is confirmed, so the default\) and at 95%/);
    expect(res.body).toContain('id="firmness-2-1"');
    expect(text).toMatch(/How firm: Outstanding; the interval \d+–100% \(80% confidence\) spans/);
  });

  it('the report page offers the analysis annex, which only the asked-for files carry', async () => {
    const cookie = await signIn(f.app, ROLE_EMAILS.readOnly);
    const base = `/inspections/${f.inspectionId}/report`;
    const page = await f.app.inject({ method: 'GET', url: base, headers: { cookie } });
    expect(page.body).toContain(`${base}/download/csv?annex=analysis`);
    const plain = await f.app.inject({ method: 'GET', url: `${base}/view`, headers: { cookie } });
    expect(plain.body).not.toContain('analysis-annex');
    const annexed = await f.app.inject({ method: 'GET', url: `${base}/view?annex=analysis`, headers: { cookie } });
    expect(annexed.statusCode).toBe(200);
    expect(annexed.body).toContain('id="analysis-annex"');
    const csv = await f.app.inject({ method: 'GET', url: `${base}/download/csv?annex=analysis`, headers: { cookie } });
    expect(csv.statusCode).toBe(200);
    expect(csv.body.split(/\r?\n/)[0]).toMatch(/,interval_confidence,interval_lower,interval_upper,interval95_lower,interval95_upper,population,firmness$/);
    expect(csv.headers['content-disposition']).toContain('-with-analysis.csv');
    expect((await f.app.inject({ method: 'GET', url: `${base}/download/docx?annex=analysis`, headers: { cookie } })).statusCode).toBe(400);
    expect((await f.app.inject({ method: 'GET', url: `${base}/download/csv?annex=everything`, headers: { cookie } })).statusCode).toBe(400);
  });
});
