/**
 * Case audits through the services, on both databases: an audit of the worked example framework
 * (frameworks/examples/ooc-audit.yaml, loaded from its file) has no domain 1, no ratings panel and no
 * publication; its results are compared with the service's earlier audits of the same framework, and an audit
 * the reader may not read is left out of the comparison.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../src/app/index.js';
import { databaseKinds } from '../store/harness.js';
import { startFixture, type Fixture } from './harness.js';

const TEXT = readFileSync(fileURLToPath(new URL('../../frameworks/examples/ooc-audit.yaml', import.meta.url)), 'utf8');
type Answer = 'yes' | 'no';

describe.each(databaseKinds)('case audits on %s', (kind) => {
  let f: Fixture;
  let admin: User;
  let serviceId: string;

  /** An audit with one finished case per entry of `yes311` (3.1.1 answered as given; everything else Yes). */
  async function audit(title: string, fieldworkStart: string, yes311: readonly Answer[]): Promise<string> {
    const { id } = await f.services.inspections.create(admin, { serviceId, title, frameworkVersion: 'ooc-audit-2026', kind: 'case audit', fieldworkStart });
    await f.services.accounts.grantRole(admin, id, { accountId: f.accountIds.lead, role: 'lead-inspector' });
    const lead = await f.user('lead');
    await f.services.inspections.setPhase(lead, id, { phase: 'fieldwork', version: 1 });
    for (const [i, a] of yes311.entries()) {
      const c = await f.services.cases.create(lead, id, { ref: `A${i + 1}`, domain: 3, disposalType: 'youth-conditional-caution', gender: 'male', ageBand: '15-17', ethnicity: 'white', riskOfSeriousHarm: 'low', safetyAndWellbeing: 'low' });
      const answers = { '3.1.1': a, '3.1.1.a': 'yes', '3.1.1.b': 'yes', '3.1.1.c': 'yes', '3.1.2': 'yes', '3.1.2.a': 'yes', '3.2.1': 'yes', '3.2.1.a': 'yes', '3.2.1.b': 'yes', '3.2.2': 'yes', '3.2.2.a': 'yes' };
      await f.services.cases.saveAnswers(lead, c.id, { answers: Object.entries(answers).map(([questionId, answer]) => ({ questionId, answer, version: 0 })) });
      const submitted = await f.services.cases.transition(lead, c.id, { action: 'submit', version: (await f.services.cases.get(lead, c.id)).version });
      await f.services.cases.transition(lead, c.id, { action: 'quality-assure', version: submitted.version });
    }
    return id;
  }

  beforeAll(async () => {
    f = await startFixture(kind);
    admin = await f.user('admin');
    await f.services.frameworks.upload(admin, { fileName: 'ooc-audit.yaml', text: TEXT });
    serviceId = (await f.services.inspections.listServices(admin))[0]!.id;
  });
  afterAll(async () => f?.close());

  it('has no domain 1, no ratings panel and no publication', async () => {
    const id = await audit('Audit, first quarter', '2026-01-12', ['yes', 'no']);
    const lead = await f.user('lead');
    expect(await f.services.inspections.get(lead, id)).toMatchObject({ kind: 'case audit', frameworkVersion: 'ooc-audit-2026' });
    await expect(f.services.domain1.addEvidence(lead, id, { kind: 'document', what: 'Policy', occurredOn: '2026-01-10', summary: 'Read.', standardId: '3.1' }))
      .rejects.toMatchObject({ statusCode: 403, message: 'A case audit has no domain 1: evidence and judgements are recorded in inspections only' });
    // A panel member given a role on it still cannot decide: an audit has no ratings panel.
    await f.services.accounts.grantRole(admin, id, { accountId: f.accountIds.panel, role: 'panel-member' });
    await expect(f.services.discretion.record(await f.user('panel'), id, '3.1', { rating: 'Good', reason: 'Near the boundary.', version: 0 }))
      .rejects.toMatchObject({ statusCode: 400, fields: [{ field: 'standard', message: 'A case audit has no ratings panel, so discretion does not apply' }] });
    const view = await f.services.inspections.workflow(lead, id);
    expect(view.steps.map((s) => s.to)).toEqual(['reporting', 'planning']);
    const ins = await f.services.inspections.get(lead, id);
    await expect(f.services.inspections.setPhase(lead, id, { phase: 'panel', version: ins.version }))
      .rejects.toMatchObject({ statusCode: 400, fields: [{ field: 'phase', message: 'From fieldwork the inspection can move only to reporting or planning' }] });
    const moved = await f.services.inspections.setPhase(lead, id, { phase: 'reporting', version: ins.version });
    expect(moved.phase).toBe('reporting');
    expect((await f.services.inspections.workflow(lead, id)).steps.map((s) => s.to)).toEqual(['fieldwork']);
    await expect(f.services.inspections.setPhase(lead, id, { phase: 'published', version: moved.version })).rejects.toMatchObject({ statusCode: 400 });
  });

  it('is published only when asked for at its creation, and stays out of the library', async () => {
    const { id } = await f.services.inspections.create(admin, { serviceId, title: 'Audit to publish', frameworkVersion: 'ooc-audit-2026', kind: 'case audit', publish: true, fieldworkStart: '2027-01-04' });
    await f.services.accounts.grantRole(admin, id, { accountId: f.accountIds.lead, role: 'lead-inspector' });
    const lead = await f.user('lead');
    expect(await f.services.inspections.get(lead, id)).toMatchObject({ kind: 'case audit', publishes: true });
    let ins = await f.services.inspections.setPhase(lead, id, { phase: 'fieldwork', version: 1 });
    ins = await f.services.inspections.setPhase(lead, id, { phase: 'reporting', version: ins.version });
    expect((await f.services.inspections.workflow(lead, id)).steps.map((s) => s.to)).toEqual(['published', 'fieldwork']);
    ins = await f.services.inspections.setPhase(lead, id, { phase: 'published', version: ins.version, publishDraft: true });
    expect(ins.phase).toBe('published');
    expect(await f.store.query(`SELECT 1 FROM library_reports WHERE inspection_id = $1`, [id])).toEqual([]);
    // An inspection is always published: asking otherwise changes nothing.
    const plain = await f.services.inspections.create(admin, { serviceId, title: 'An inspection', frameworkVersion: '2021', publish: false });
    expect(await f.services.inspections.get(admin, plain.id)).toMatchObject({ kind: 'inspection', publishes: true });
  });

  it('compares each key question with the earlier audits of the same framework, oldest first', async () => {
    const second = await audit('Audit, second quarter', '2026-04-13', ['yes', 'yes', 'no']);
    const lead = await f.user('lead');
    const c = await f.services.audits.comparison(lead, second);
    expect(c.audits.map((a) => [a.title, a.date])).toEqual([['Audit, first quarter', '2026-01-12'], ['Audit, second quarter', '2026-04-13']]);
    const kq = c.keyQuestions.find((k) => k.id === '3.1.1')!;
    expect(kq.points.map((p) => [p.yes, p.relevant])).toEqual([[1, 2], [2, 3]]);
    // 50% then 66.7%: up 16.7 points; Requires improvement both times under the file's 70% Good.
    expect(kq.change).toBeCloseTo(200 / 3 - 50, 10);
    expect(kq.points.map((p) => p.band)).toEqual(['Requires improvement', 'Requires improvement']);
    expect(c.keyQuestions.find((k) => k.id === '3.1.2')!.change).toBe(0);
    // The first audit compares with nothing before it.
    const first = await f.services.audits.comparison(lead, c.audits[0]!.id);
    expect(first.audits).toHaveLength(1);
    expect(first.keyQuestions.every((k) => k.change === null)).toBe(true);
  });

  it('leaves out an audit the reader may not read, and refuses an inspection', async () => {
    const third = await audit('Audit, third quarter', '2026-07-13', ['yes']);
    // An inspector on the third audit only.
    await f.services.accounts.grantRole(admin, third, { accountId: f.accountIds.inspector, role: 'inspector' });
    const inspector = await f.user('inspector');
    const c = await f.services.audits.comparison(inspector, third);
    expect(c.audits.map((a) => a.title)).toEqual(['Audit, third quarter']);
    await expect(f.services.audits.comparison(await f.user('lead'), f.inspectionId)).rejects.toMatchObject({ statusCode: 404 });
  });
});
