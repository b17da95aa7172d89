/**
 * The report states what was measured (issue 13): the sample drawn, the cases assessed and the sub-samples
 * all differ, and every count the HTML report prints comes from the cases the figures counted.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getFramework } from '../../src/core/framework/index.js';
import { parsePopulationCsv } from '../../src/population/index.js';
import { renderReport, type ReportData } from '../../src/report/index.js';
import { createServices, type Services, type User } from '../../src/app/index.js';
import type { Store } from '../../src/store/index.js';
import { databaseKinds, testDatabase, type TestDatabase } from '../store/harness.js';

const PASSWORD = 'correct horse battery staple';
const population = parsePopulationCsv(readFileSync(fileURLToPath(new URL('../sampling/fixtures/population-medium.csv', import.meta.url)), 'utf8'), 'population-medium.csv');
const questions = (domain: number) =>
  getFramework('2018').standards.filter((s) => s.domain === domain && s.kind === 'case-assessed').flatMap((s) => s.keyQuestions.flatMap((k) => [k.id, ...k.prompts.map((p) => p.id)]));
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/\s+/g, ' ');

describe.each(databaseKinds)('the report states what was measured (%s)', (kind) => {
  let db: TestDatabase, store: Store, services: Services, lead: User, inspectionId: string;

  beforeAll(async () => {
    db = testDatabase(kind);
    store = await db.open();
    services = createServices(store);
    const a = await services.accounts.create(null, { email: 'lead@example.org', displayName: 'Lena Lead', password: PASSWORD });
    const svc = await services.inspections.createService(null, { name: 'Westshire Youth Justice Service' });
    ({ id: inspectionId } = await services.inspections.create(null, { serviceId: svc.id, title: 'Westshire 2025', frameworkVersion: '2018' }));
    await services.accounts.grantRole(null, inspectionId, { accountId: a.id, role: 'lead-inspector' });
    lead = (await services.accounts.loadUser(a.id))!;
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    await db?.cleanup();
  });

  it('prints the counted cases, the sub-samples and the replacement, never the sample drawn', async () => {
    // Sample: 5 court and 3 out-of-court cases; one court case replaced from the reserve list.
    let plan = await services.sampling.propose(lead, inspectionId, { fileName: 'p.csv', cases: population, parameters: { seed: 7, confidence: 80, margin: 5, fieldwork: '2025-06-02' } });
    plan = await services.sampling.override(lead, inspectionId, plan.id, { domain: 'court', sample: 5, reason: 'Small team' });
    plan = await services.sampling.override(lead, inspectionId, plan.id, { domain: 'outOfCourt', sample: 3, reason: 'Small team' });
    plan = await services.sampling.confirm(lead, inspectionId, plan.id);
    const firstCourt = plan.result.sample.find((c) => c.domain === 'court')!;
    await services.sampling.replace(lead, inspectionId, plan.id, { ref: firstCourt.ref, reason: 'Moved out of the area' });
    const cases = await services.cases.list(lead, inspectionId);
    const court = cases.filter((c) => c.domain === 2);
    const ooc = cases.filter((c) => c.domain === 3);
    expect([court.length, ooc.length]).toEqual([5, 3]);

    // Case work happens in fieldwork (the workflow gates).
    { const ins = await services.inspections.get(lead, inspectionId); if (ins.phase === 'planning') await services.inspections.setPhase(lead, inspectionId, { phase: 'fieldwork', version: ins.version }); }
    const finish = async (id: string, domain: number, notRelevant: string[] = []) => {
      const saved = await services.cases.saveAnswers(lead, id, { answers: questions(domain).map((q) => ({ questionId: q, answer: notRelevant.includes(q) ? 'not-relevant' : 'yes', version: 0 })) });
      await services.cases.transition(lead, id, { action: 'submit', version: saved.caseVersion });
    };
    // Court: 3 submitted (2.2.2 relevant in only 2 of them), 1 half answered 'No', 1 not started.
    await finish(court[0]!.id, 2, ['2.2.2']);
    await finish(court[1]!.id, 2);
    await finish(court[2]!.id, 2);
    await services.cases.saveAnswers(lead, court[3]!.id, { answers: questions(2).slice(0, 10).map((q) => ({ questionId: q, answer: 'no', version: 0 })) });
    // Out-of-court: 1 submitted, 2 not started.
    await finish(ooc[0]!.id, 3);

    const data = await services.reports.data(lead, inspectionId);
    const counted = court.slice(0, 3);
    expect(data.report?.caseSample?.court?.total).toBe(3);
    expect(data.report?.caseSample?.court?.replaced).toBe(1);
    expect(data.report?.caseSample?.outOfCourt?.total).toBe(1);
    const byDisposal = data.report?.caseSample?.court?.byDisposal ?? [];
    expect(byDisposal.reduce((n, b) => n + b.count, 0)).toBe(3);
    expect(data.cases?.map((c) => c.ref).sort()).toEqual([...counted, ooc[0]!].map((c) => c.ref).sort());

    const text = textOf((await renderReport(data, 'html')) as string);
    expect(text).toContain('We inspected 3 cases in this domain.');
    expect(text).toContain('We inspected 1 case in this domain.');
    expect(text).not.toMatch(/We inspected 5 cases|We inspected 8 cases|Of the 5 cases|Of the 8 cases/);
    expect(text).toContain('Of the 3 cases inspected:');
    expect(text).toContain('Of the 1 case inspected:');
    expect(text).toMatch(/We examined 3 cases[^.]*\. 1 case was replaced from the reserve list\./);
    expect(text).toMatch(/We examined 1 case[^.]*\./);
    // Every "Of the N cases inspected" heading in domain 2 says 3, in domain 3 says 1.
    const headings = [...text.matchAll(/Of the (\d+) cases? inspected:/g)].map((m) => Number(m[1]));
    expect(new Set(headings)).toEqual(new Set([3, 1]));
    // The sub-sample of 2.2.2 is the 2 counted cases where it was relevant, not 3, 4 or 5.
    const kq = getFramework('2018').standards.find((s) => s.id === '2.2')!.keyQuestions.find((k) => k.id === '2.2.2')!;
    expect(text).toContain(`Of the 2 ${kq.subSampleLabel}:`);
    // The disposal table of the court sample sums to the cases examined.
    for (const b of byDisposal) expect(text).toContain(`${b.label} ${b.count}`);
  });

  it('states withdrawn and replaced cases with their number in the methodology', async () => {
    const data: ReportData = {
      framework: '2018',
      standards: {},
      report: { caseSample: { court: { total: 10, withdrawn: 2, replaced: 1 }, outOfCourt: { total: 4, withdrawn: 1 } } },
    };
    const text = textOf((await renderReport(data, 'html')) as string);
    expect(text).toContain('We examined 10 cases. 2 cases were withdrawn from the sample and 1 replaced from the reserve list.');
    expect(text).toContain('We examined 4 cases. 1 case was withdrawn from the sample.');
  });
});
