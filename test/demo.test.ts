/**
 * The demo inspection `npm start` loads: a realistic inspection in fieldwork, loaded through the services
 * (so every role rule and history entry applies), whose report already carries the sections a lead drafts by
 * fieldwork and names what is still to come.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasData, loadDemo, type DemoResult } from '../src/demo/index.js';
import { prepareReport } from '../src/report/index.js';
import { COMMAND_LINE_READER, createServices } from '../src/app/index.js';
import type { Store } from '../src/store/index.js';
import { testDatabase, type TestDatabase } from './store/harness.js';

describe('the demo inspection', () => {
  let db: TestDatabase;
  let store: Store;
  let demo: DemoResult;
  beforeAll(async () => {
    db = testDatabase('pglite');
    store = await db.open();
    expect(await hasData(store)).toBe(false);
    demo = await loadDemo(createServices(store), { password: 'demo password for the test' });
  }, 300_000);
  afterAll(async () => {
    await store?.close();
    await db?.cleanup();
  });

  it('has the sample, one account per role and a report with the drafted sections', async () => {
    expect(await hasData(store)).toBe(true);
    expect(demo.accounts.map((a) => a.role)).toEqual(['site administrator', 'lead-inspector', 'inspector', 'local-assessor', 'panel-member', 'read-only']);
    const data = await createServices(store).reports.data(COMMAND_LINE_READER, demo.inspectionId);
    // The report states what was measured: the finished (submitted or quality-assured) cases of the 24 + 16 sampled.
    const cases = await createServices(store).cases.list(COMMAND_LINE_READER, demo.inspectionId);
    const finished = (d: number) => cases.filter((c) => c.domain === d && (c.state === 'submitted' || c.state === 'quality-assured')).length;
    expect([cases.filter((c) => c.domain === 2).length, cases.filter((c) => c.domain === 3).length]).toEqual([24, 16]);
    expect(data.report?.caseSample?.court?.total).toBe(finished(2));
    expect(data.report?.caseSample?.outOfCourt?.total).toBe(finished(3));
    expect(finished(2)).toBeLessThan(24);
    expect(data.report?.caseSample?.court?.window).toMatch(/^disposals that began/);
    expect(data.report?.background?.[0]).toMatch(/^Riverford is a fictional/);
    expect(data.report?.contextualFacts?.staffing).toEqual({ headcount: 38, fte: 33.5, averageCaseload: 7 });
    const { view } = prepareReport(data);
    expect(view.draft).toBe(true);
    expect(view.missing).not.toContain('contextual facts');
    expect(view.methodology).toMatchObject({ confidenceLevel: 80, marginOfError: 5, meetings: 11 });
    expect(view.missing.some((m) => m.startsWith('methodology') || m.includes('(methodology)'))).toBe(false);
    expect(view.missing).toContain('strengths and areas for improvement for domain 2 (Court disposals)');
  });
});
