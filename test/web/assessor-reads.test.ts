/**
 * A local assessor's screens and downloads (issue 14): until publication they open only the cases assigned to
 * them and their own history, every other page and download is not found, and nothing links to one. Once
 * published, the report and its downloads are theirs too, the whole inspection's.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS, PASSWORD, startApp, type TestApp } from './app.js';
import { walkTo } from '../support/workflow.js';

let t: TestApp;
const cookies: Partial<Record<keyof typeof ACCOUNTS, string>> = {};

beforeAll(async () => {
  t = await startApp();
  for (const who of ['assessor', 'lead'] as const) {
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: ACCOUNTS[who], password: PASSWORD } });
    cookies[who] = `yjinspect_session=${r.cookies.find((c) => c.name === 'yjinspect_session')!.value}`;
  }
}, 300_000);

afterAll(async () => t?.close());

const get = (who: 'assessor' | 'lead', path: string) => t.app.inject({ url: `/inspections/${t.inspectionId}${path}`, headers: { cookie: cookies[who]! } });
const links = (html: string) => [...html.matchAll(/href="(\/inspections\/[^"#?]*)/g)].map((m) => m[1]!);

const CLOSED = ['/ratings', '/evidence', '/evidence/new', '/phase', '/report', '/report/view', '/findings', '/recommendations', '/report-text', '/team', '/report/download/csv', '/report/download/xlsx', '/report/download/pdf'];

describe("a local assessor's screens before publication", () => {
  it('are not found beyond their own cases and history', async () => {
    for (const path of CLOSED) expect((await get('assessor', path)).statusCode, path).toBe(404);
    expect((await get('assessor', `/cases/${t.cases.C01}`)).statusCode).toBe(404);
    expect((await get('assessor', `/cases/${t.cases.C01}/history`)).statusCode).toBe(404);
    expect((await get('assessor', `/cases/${t.cases.C09}`)).statusCode).toBe(200);
    expect((await get('assessor', '/history')).statusCode).toBe(200);
  });

  it('download only their own cases', async () => {
    const r = await get('assessor', '/cases.csv');
    expect(r.statusCode).toBe(200);
    const rows = parse(r.body, { columns: true }) as { ref: string }[];
    expect(rows.map((x) => x.ref)).toEqual(['C09', 'C10', 'C11']);
    expect((parse((await get('lead', '/cases.csv')).body, { columns: true }) as unknown[]).length).toBe(16);
  });

  it('link to nothing they may not open', async () => {
    const overview = (await get('assessor', '')).body;
    const base = `/inspections/${t.inspectionId}`;
    for (const path of ['/ratings', '/evidence', '/report', '/team']) expect(links(overview), path).not.toContain(`${base}${path}`);
    expect(links(overview)).toContain(`${base}/cases`);
    // The lead's overview still has every task.
    for (const path of ['/ratings', '/evidence', '/report', '/team']) expect(links((await get('lead', '')).body), path).toContain(`${base}${path}`);
  });

  it('show only their own changes in the history', async () => {
    await t.services.cases.saveAnswers(t.users.assessor, t.cases.C09!, { answers: [{ questionId: '2.1.1', answer: 'yes', version: 0 }] });
    const html = (await get('assessor', '/history')).body;
    expect(html).toContain('Asha Assessor');
    expect(html).toContain('id="history-own"');
    expect(html).not.toContain('Lena Lead');
    expect((await get('lead', '/history')).body).toContain('Lena Lead');
  });
});

describe("a local assessor's screens once published", () => {
  it('open the whole published report and its downloads', async () => {
    await walkTo(t.services, t.users.lead, t.inspectionId, 'published');
    for (const path of ['/ratings', '/report', '/report/view', '/findings', '/recommendations', '/report-text', '/team']) expect((await get('assessor', path)).statusCode, path).toBe(200);
    const annex = await get('assessor', '/report/download/csv');
    expect(annex.statusCode).toBe(200);
    expect(annex.body).toBe((await get('lead', '/report/download/csv')).body);
    expect((await get('assessor', '/report/download/xlsx')).statusCode).toBe(200);
    // Never published: the evidence log and others' cases.
    expect((await get('assessor', '/evidence')).statusCode).toBe(404);
    expect((await get('assessor', `/cases/${t.cases.C01}`)).statusCode).toBe(404);
    expect((await get('assessor', '/phase')).statusCode).toBe(404);
    const overview = (await get('assessor', '')).body;
    expect(links(overview)).toContain(`/inspections/${t.inspectionId}/report`);
    expect(links(overview)).not.toContain(`/inspections/${t.inspectionId}/evidence`);
  });
});
