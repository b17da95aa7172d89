/**
 * The report from an inspection in a real store: the Stockton-on-Tees figures entered as per-case answers
 * through the server's services, then reported with `services.reports.data` and `yjinspect report
 * --inspection`. The prompt figures here come from the engine (derived from the answers), not from a fixture.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getFramework } from '../../src/core/framework/index.js';
import { run as runReport } from '../../src/cli/commands/report.js';
import { prepareReport, renderReport, type ReportData } from '../../src/report/index.js';
import { COMMAND_LINE_READER, createServices } from '../../src/app/index.js';
import { reportFile } from '../../src/report/index.js';
import type { Store } from '../../src/store/index.js';
import { databaseKinds, testDatabase, type TestDatabase } from '../store/harness.js';
import { readCsv } from './readback.js';
import { completePanelWork } from '../support/workflow.js';

const bin = fileURLToPath(new URL('../../bin/yjinspect', import.meta.url));
const stockton = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/report/stockton-on-tees-2020.json', import.meta.url)), 'utf8')) as ReportData;

/** Per-case answers that give exactly the fixture's counts: the first `yes` relevant cases say yes, the rest of the relevant say no. */
function answersFor(domain: 2 | 3, total: number): Record<string, 'yes' | 'no'>[] {
  const perCase: Record<string, 'yes' | 'no'>[] = Array.from({ length: total }, () => ({}));
  const counts: [string, { relevant: number; yes: number }][] = [
    ...Object.entries(stockton.standards!).filter(([id]) => id.startsWith(`${domain}.`)).flatMap(([, s]) => Object.entries(s.keyQuestions ?? {})),
    ...Object.entries(stockton.report!.promptFigures!).filter(([id]) => id.startsWith(`${domain}.`)),
  ];
  for (const [id, c] of counts) for (let i = 0; i < c.relevant; i++) perCase[i]![id] = i < c.yes ? 'yes' : 'no';
  return perCase;
}

const allQuestions = (domain: number): string[] =>
  getFramework('2018').standards.filter((s) => s.domain === domain && s.kind === 'case-assessed').flatMap((s) => s.keyQuestions.flatMap((k) => [k.id, ...k.prompts.map((p) => p.id)]));

async function seed(store: Store): Promise<string> {
  const services = createServices(store);
  const lead = await services.accounts.create(null, { email: 'lead@example.org', displayName: 'Pat Lead', password: 'correct horse battery staple' });
  const panel = await services.accounts.create(null, { email: 'panel@example.org', displayName: 'Sam Panel', password: 'correct horse battery staple' });
  const svc = await services.inspections.createService(null, { name: 'Fictional Youth Justice Service' });
  const { id } = await services.inspections.create(null, { serviceId: svc.id, title: 'Report test', frameworkVersion: '2018', fieldworkStart: '2020-09-21', fieldworkEnd: '2020-09-24' });
  await services.accounts.grantRole(null, id, { accountId: lead.id, role: 'lead-inspector' });
  await services.accounts.grantRole(null, id, { accountId: panel.id, role: 'panel-member' });
  const leadUser = (await services.accounts.loadUser(lead.id))!;
  const panelUser = (await services.accounts.loadUser(panel.id))!;
  const base = { gender: 'male', ageBand: '15-17', ethnicity: 'white', riskOfSeriousHarm: 'medium', safetyAndWellbeing: 'medium' } as const;
  // Case work happens in fieldwork; each case is finished (what the figures leave out answered "not relevant") and submitted.
  await services.inspections.setPhase(leadUser, id, { phase: 'fieldwork', version: 1 });
  for (const [domain, total, disposal] of [[2, 8, 'referral-order'], [3, 5, 'youth-conditional-caution']] as const) {
    const answers = answersFor(domain, total);
    for (let i = 0; i < total; i++) {
      const c = await services.cases.create(leadUser, id, { ...base, ref: `D${domain}-${String(i + 1).padStart(2, '0')}`, domain, disposalType: disposal });
      // Every question the fixture's counts leave out is 'Not relevant', so the case is complete and counts.
      const given = answers[i]!;
      const list = allQuestions(domain).map((questionId) => ({ questionId, answer: given[questionId] ?? 'not-relevant', version: 0 }));
      const saved = await services.cases.saveAnswers(leadUser, c.id, { answers: list });
      await services.cases.transition(leadUser, c.id, { action: 'submit', version: saved.caseVersion });
    }
  }
  for (const [standard, s] of Object.entries(stockton.standards!)) {
    if (s.judgement) await services.domain1.recordJudgement(leadUser, id, standard, { rating: s.judgement, rationale: 'From the evidence.', version: 0 });
  }
  for (const d of stockton.discretion ?? []) await services.discretion.record(panelUser, id, d.standard, { rating: d.rating, reason: d.reason, version: 0 });
  await services.recommendations.add(leadUser, id, { addressee: 'The management board should:', text: 'work with the police to review the triage policy', position: 1 });
  return id;
}

describe.each(databaseKinds)('report from the store (%s)', (kind) => {
  let db: TestDatabase;
  let store: Store;
  let inspectionId: string;
  beforeAll(async () => {
    db = testDatabase(kind);
    store = await db.open();
    inspectionId = await seed(store);
  });
  afterAll(async () => {
    await store?.close();
    await db?.cleanup();
  });

  it('gives every key question and prompt figure the engine derives from the answers, and the ratings', async () => {
    const data = await createServices(store).reports.data(COMMAND_LINE_READER, inspectionId);
    expect(data.report?.service?.name).toBe('Fictional Youth Justice Service');
    expect(data.report?.leadInspector).toBe('Pat Lead');
    expect(data.report?.caseSample?.court).toEqual({ total: 8, byDisposal: [{ label: 'Referral order', count: 8 }] });
    const csv = readCsv((await renderReport(data, 'csv')) as string);
    const kqs = Object.values(stockton.standards!).flatMap((s) => Object.entries(s.keyQuestions ?? {}));
    for (const [id, c] of [...kqs, ...Object.entries(stockton.report!.promptFigures!)]) {
      expect(csv.figures.get(id)?.slice(0, 2), id).toEqual([c.relevant, c.yes]);
    }
    expect(csv.figures.get('2.2.2')?.[2]).toBe('63%*');
    expect(csv.ratings.get('2.2')).toBe('Good');
    expect(csv.scoreText).toBe('32/36');
    const html = (await renderReport(data, 'html')) as string;
    expect(html).toContain('DRAFT: this report is incomplete');
    expect(html).toContain('<li>strengths and areas for improvement for domain 1 (Organisational delivery)</li>');
    expect(html).not.toMatch(/prompt\(s\) not recorded/);
  });

  it('offers each format as a download with its content type and file name', async () => {
    const xlsx = await reportFile(await createServices(store).reports.data(COMMAND_LINE_READER, inspectionId), 'xlsx');
    expect(xlsx.fileName).toBe('fictional-youth-justice-service-data-annex.xlsx');
    expect(xlsx.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    const html = await reportFile(await createServices(store).reports.data(COMMAND_LINE_READER, inspectionId), 'html');
    expect(html.fileName).toBe('fictional-youth-justice-service-report.html');
    expect(html.body).toContain('<h1>An inspection of youth justice services: Fictional Youth Justice Service</h1>');
  });

  it('is complete, not a draft, once every written part is recorded and the inspection is published', async () => {
    // With the report's gaps wired in as `yjinspect serve` does: publishing needs no publishDraft once nothing is missing.
    const services = createServices(store);
    const lead = (await services.accounts.loadUser((await services.accounts.findByEmail(null, 'lead@example.org'))!.id))!;
    const details = stockton.report!;
    for (const [domain, f] of Object.entries(details.domains!)) {
      await services.findings.save(lead, inspectionId, { domain, strengths: f.strengths, areas: f.areasForImprovement, version: 0 });
    }
    const sections: [string, unknown][] = [
      ['background', details.background], ['contextual-facts', details.contextualFacts],
      ['methodology', { ...details.methodology, windows: { court: 'disposals that began six to nine months earlier' } }],
      ...Object.entries(details.standards!).map(([id, s]) => [`narrative:${id}`, s.narrative] as [string, unknown]),
    ];
    for (const [section, body] of sections) await services.reportText.save(lead, inspectionId, { section, body, version: 0 });
    let view = prepareReport(await createServices(store).reports.data(COMMAND_LINE_READER, inspectionId)).view;
    expect(view.missing).toEqual(['publication date']);
    // The panel decides on every eligible standard (2.2 applied from the seed; the others declined).
    await completePanelWork(services, lead, inspectionId);
    for (const phase of ['fieldwork', 'panel', 'reporting', 'published']) {
      const ins = await services.inspections.get(lead, inspectionId);
      if (ins.phase !== phase) await services.inspections.setPhase(lead, inspectionId, { phase, version: ins.version, acknowledgeUnassured: true });
    }
    const data = await createServices(store).reports.data(COMMAND_LINE_READER, inspectionId);
    view = prepareReport(data).view;
    expect(view.missing).toEqual([]);
    expect(view.draft).toBe(false);
    const html = ((await renderReport(data, 'html')) as string).replace(/&#39;/g, "'").replace(/&quot;/g, '"');
    expect(html).not.toContain('DRAFT');
    expect(html).toContain(details.background![0]);
    expect(html).toContain('disposals that began six to nine months earlier');
    expect(html).toContain(details.standards!['2.2']!.narrative[0]);
  });

  it.runIf(kind === 'pglite')('yjinspect report --inspection ID reads the store', async () => {
    await store.close();
    const out = join(mkdtempSync(join(tmpdir(), 'yj-report-ins-')), 'r.csv');
    try {
      const env = { ...process.env, DATA_DIR: db.options.dataDir!, DATABASE_URL: '' };
      const r = spawnSync(bin, ['report', '--inspection', inspectionId, '--format', 'csv', '--out', out], { encoding: 'utf8', env });
      expect(r.stderr).toContain('wrote');
      expect(r.status).toBe(0);
      expect(readFileSync(out, 'utf8')).toContain('overall,,,,Fictional Youth Justice Service,,,,,32/36,Outstanding');
      // The same command in this process (one database start fewer): an unknown inspection exits 2 and says so.
      const saved = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL };
      const written: string[] = [];
      const write = process.stderr.write.bind(process.stderr);
      process.env.DATA_DIR = env.DATA_DIR;
      delete process.env.DATABASE_URL;
      process.stderr.write = ((chunk: string) => written.push(String(chunk)) > 0) as typeof process.stderr.write;
      try {
        expect(await runReport(['--inspection', 'no-such-id', '--format', 'csv', '--out', out])).toBe(2);
      } finally {
        process.stderr.write = write;
        for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
      }
      expect(written.join('')).toContain('no inspection no-such-id in the store');
    } finally {
      rmSync(join(out, '..'), { recursive: true, force: true });
      store = await db.open();
    }
  });
});
