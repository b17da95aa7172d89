/**
 * Input the database cannot hold is a 400 with a message naming the field, never a 500: a NUL character in
 * JSON text, a form field, a query parameter or a path; a version past the integer columns' range; a date in
 * year 0; a non-ASCII returnTo. And a 500, should one happen, is always logged.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { testConfig } from '../../src/server/config.js';
import { webPlugin } from '../../src/web/plugin.js';
import { databaseKinds } from '../store/harness.js';
import { ROLE_EMAILS, signIn, startFixture, type Fixture } from './harness.js';

const NUL = '\u0000';

describe.each(databaseKinds)('bad input on %s', (kind) => {
  let f: Fixture;
  let lead: string;
  let assessor: string;
  beforeAll(async () => {
    f = await startFixture(kind, {}, [webPlugin]);
    lead = await signIn(f.app, ROLE_EMAILS.lead);
    assessor = await signIn(f.app, ROLE_EMAILS.assessor);
  });
  afterAll(async () => f?.close());

  const api = (method: 'GET' | 'PUT' | 'POST', url: string, cookie: string, payload?: unknown) =>
    f.app.inject({ method, url: `/api/v1${url}`, headers: { cookie }, ...(payload === undefined ? {} : { payload: payload as object }) });

  function refused(r: { statusCode: number; body: string }, field?: string): void {
    expect(r.statusCode, r.body).toBe(400);
    const error = JSON.parse(r.body).error as { message: string; fields?: { field: string; message: string }[] };
    expect(error.message.length).toBeGreaterThan(0);
    if (field) expect(error.fields?.map((x) => x.field)).toContain(field);
  }

  it('refuses a NUL character in JSON text, naming the field', async () => {
    refused(await api('PUT', `/cases/${f.caseIds.C01}/answers/2.1.1`, assessor, { answer: 'yes', note: `a${NUL}b`, version: 0 }), 'note');
    refused(await api('POST', `/inspections/${f.inspectionId}/recommendations`, lead, { addressee: `The board${NUL}`, text: 'Improve' }), 'addressee');
    refused(await api('PUT', `/inspections/${f.inspectionId}/findings/1`, lead, { strengths: [`x${NUL}`], areas: [], version: 0 }), 'strengths.0');
    refused(await api('PUT', `/inspections/${f.inspectionId}/report-sections/foreword`, lead, { body: { text: `x${NUL}` }, version: 0 }), 'body.text');
    refused(await api('POST', '/session', '', { email: ROLE_EMAILS.lead, password: `x${NUL}` }), 'password');
    refused(await api('PUT', `/inspections/${f.inspectionId}/phase`, lead, { phase: 'panel', version: 1, [`odd${NUL}key`]: 1 }));
  });

  it('refuses a NUL character in a query parameter or a path', async () => {
    refused(await api('GET', `/inspections/${f.inspectionId}/cases?disposalType=%00`, lead), 'disposalType');
    refused(await api('GET', `/inspections/${f.inspectionId}/history?entity=a%00`, lead), 'entity');
    refused(await api('GET', '/cases/%00', lead), 'caseId');
  });

  it('refuses a version past the range of the integer columns', async () => {
    refused(await api('PUT', `/cases/${f.caseIds.C01}/answers/2.1.1`, assessor, { answer: 'yes', version: 2 ** 31 }), 'answers.0.version');
    refused(await api('PUT', `/cases/${f.caseIds.C01}/answers`, assessor, { answers: [{ questionId: '2.1.1', answer: 'yes', version: 2 ** 31 }] }), 'answers.0.version');
    refused(await api('PUT', `/inspections/${f.inspectionId}/judgements/1.1`, lead, { rating: 'Good', rationale: 'Sound', version: 2 ** 31 }), 'version');
    refused(await api('PUT', `/inspections/${f.inspectionId}/findings/1`, lead, { strengths: [], areas: [], version: 2 ** 31 }), 'version');
    refused(await api('GET', `/inspections/${f.inspectionId}/history?before=1e20`, lead), 'before');
  });

  it('refuses a date in year 0 (or any year that is not a real one)', async () => {
    refused(await api('PUT', `/inspections/${f.inspectionId}`, lead, { title: 'Test inspection', fieldworkStart: '0000-01-01', version: 2 }), 'fieldworkStart');
    refused(await api('POST', `/inspections/${f.inspectionId}/evidence`, lead, { kind: 'meeting', what: 'Board', occurredOn: '0000-01-01', summary: 'Met' }), 'occurredOn');
    refused(await api('PUT', `/inspections/${f.inspectionId}`, lead, { title: 'Test inspection', fieldworkEnd: '9999-12-31', version: 2 }), 'fieldworkEnd');
  });

  describe('forms', () => {
    async function post(path: string, form: Record<string, string>) {
      const page = await f.app.inject({ url: path, headers: { cookie: lead } });
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
      const cookie = [lead, ...page.cookies.map((c) => `${c.name}=${c.value}`)].join('; ');
      return f.app.inject({
        method: 'POST', url: path, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: csrf, ...form }).toString(),
      });
    }
    const details = (over: Record<string, string>) => post(`/inspections/${f.inspectionId}/details`, {
      title: 'Test inspection', version: '2', 'fieldworkStart-day': '', 'fieldworkStart-month': '', 'fieldworkStart-year': '', 'fieldworkEnd-day': '', 'fieldworkEnd-month': '', 'fieldworkEnd-year': '', ...over,
    });

    it('answer 400 with the message on the page for a NUL character, a huge version and year 0', async () => {
      const nul = await details({ title: `Test${NUL}inspection` });
      expect(nul.statusCode).toBe(400);
      expect(nul.body).toContain('Remove the NUL character');
      const big = await details({ version: String(2 ** 31) });
      expect(big.statusCode).toBe(400);
      expect(big.body).toContain('version is too large');
      const year0 = await details({ 'fieldworkStart-day': '1', 'fieldworkStart-month': '1', 'fieldworkStart-year': '0000' });
      expect(year0.statusCode).toBe(400);
      expect(year0.body).toContain('First day of fieldwork must be between 1900 and 2199');
      const rec = await post(`/inspections/${f.inspectionId}/recommendations`, { addressee: 'The board', text: `Improve${NUL}` });
      expect(rec.statusCode).toBe(400);
    });

    it('answer 400 for a NUL character in a page query, and send a non-ASCII returnTo to a page of this site', async () => {
      const q = await f.app.inject({ url: `/inspections/${f.inspectionId}/cases?disposalType=%00`, headers: { cookie: lead } });
      expect(q.statusCode).toBe(400);
      expect(q.body).toContain('Remove the NUL character');
      const r = await f.app.inject({ url: `/sign-in?returnTo=${encodeURIComponent('/inspections/é')}`, headers: { cookie: lead } });
      expect(r.statusCode).toBe(303);
      expect(r.headers.location).toBe('/inspections/%C3%A9');
    });
  });
});

describe('a 500', () => {
  it('is logged even when requests are not', async () => {
    const lines: string[] = [];
    const logStream = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    const f = await startFixture('pglite');
    const app = await buildApp({ store: f.store, config: testConfig() }, {
      services: f.services, logStream,
      plugins: [async (p) => { p.get('/boom', async () => { throw new Error('the disk caught fire'); }); }],
    });
    try {
      expect((await app.inject({ url: '/boom' })).statusCode).toBe(500);
      expect((await app.inject({ url: '/health' })).statusCode).toBe(200);
      expect(lines.join('')).toContain('the disk caught fire');
      expect(lines).toHaveLength(1);
    } finally {
      await app.close();
      await f.close();
    }
  });
});
