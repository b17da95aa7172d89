/**
 * A third framework needs no code change and no migration: a site administrator uploads one from a file
 * through the API, an inspection runs on it (cases, answers, a judgement, ratings by the file's own rules), and
 * once used it cannot change. On PostgreSQL a second server instance, which never saw the upload, reads the
 * inspection and its ratings from the shared database.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../src/app/index.js';
import { isFrameworkVersion, unregisterFramework } from '../../src/core/framework/index.js';
import { buildApp } from '../../src/server/app.js';
import { appConfig, testConfig } from '../../src/server/config.js';
import type { Store } from '../../src/store/index.js';
import { databaseKinds } from '../store/harness.js';
import { ROLE_EMAILS, signIn, startFixture, type Fixture } from './harness.js';

const FILE = fileURLToPath(new URL('../fixtures/frameworks/youth-2027.yaml', import.meta.url));
const TEXT = readFileSync(FILE, 'utf8');

describe.each(databaseKinds)('a third framework, loaded from a file, on %s', (kind) => {
  let f: Fixture;
  let admin: string;
  let lead: string;
  let inspectionId: string;
  let second: { store: Store; app: FastifyInstance } | null = null;

  const api = (app: FastifyInstance, cookie: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    app.inject({ method, url: `/api/v1${url}`, headers: { cookie }, ...(method === 'GET' ? {} : { payload: payload ?? {} }) });

  beforeAll(async () => {
    f = await startFixture(kind);
    admin = await signIn(f.app, ROLE_EMAILS.admin);
    lead = await signIn(f.app, ROLE_EMAILS.lead);
  });
  afterAll(async () => {
    await second?.app.close();
    await second?.store.close();
    await f?.close();
  });

  it('is refused to anyone but the site administrator, and added once with an id and a content hash', async () => {
    expect((await api(f.app, lead, 'POST', '/frameworks', { fileName: 'youth-2027.yaml', text: TEXT })).statusCode).toBe(403);
    const added = await api(f.app, admin, 'POST', '/frameworks', { fileName: 'youth-2027.yaml', text: TEXT });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ added: true, summary: { id: 'youth-2027', source: 'upload', fileName: 'youth-2027.yaml', standards: 3, keyQuestions: 4, usedBy: 0 } });
    expect(added.json().summary.contentHash).toMatch(/^[0-9a-f]{64}$/);
    // The same content again (key order and comments do not count) changes nothing.
    const again = await api(f.app, admin, 'POST', '/frameworks', { fileName: 'copy.yaml', text: `# a copy\n${TEXT}` });
    expect(again.json()).toMatchObject({ added: false, summary: { contentHash: added.json().summary.contentHash } });
    const listed = (await api(f.app, lead, 'GET', '/frameworks')).json() as { id: string; source: string }[];
    expect(listed.map((x) => [x.id, x.source])).toEqual([['2018', 'built-in'], ['2021', 'built-in'], ['youth-2027', 'upload']]);
  });

  it('refuses a broken file, naming the problem and its line, and a built-in id', async () => {
    const broken = await api(f.app, admin, 'POST', '/frameworks', { fileName: 'broken.yaml', text: TEXT.replace('Good: 70', 'Good: 45') });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.fields).toEqual([{ field: 'file', message: expect.stringMatching(/^rating\.thresholds \(line \d+\): thresholds must increase/) }]);
    const builtIn = await api(f.app, admin, 'POST', '/frameworks', { fileName: 'x.yaml', text: TEXT.replace('version: youth-2027', "version: '2021'") });
    expect(builtIn.statusCode).toBe(400);
    expect(builtIn.json().error.fields[0].message).toContain('2021 is the id of a built-in framework');
    const notYaml = await api(f.app, admin, 'POST', '/frameworks', { fileName: 'x.docx', text: TEXT });
    expect(notYaml.json().error.fields).toEqual([{ field: 'fileName', message: 'The selected file must be a JSON or YAML file (.json, .yaml or .yml)' }]);
  });

  it('runs an inspection: cases of its domains only, answers, a judgement, and ratings by its own rules', async () => {
    const [service] = (await api(f.app, admin, 'GET', '/services')).json() as { id: string }[];
    const unknown = await api(f.app, admin, 'POST', '/inspections', { serviceId: service!.id, title: 'Unknown', frameworkVersion: 'youth-2030' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.fields).toEqual([{ field: 'frameworkVersion', message: 'There is no framework youth-2030: choose one from the list' }]);
    const created = await api(f.app, admin, 'POST', '/inspections', { serviceId: service!.id, title: 'Revised framework inspection', frameworkVersion: 'youth-2027' });
    expect(created.statusCode).toBe(201);
    inspectionId = created.json().id;
    expect((await api(f.app, admin, 'POST', `/inspections/${inspectionId}/roles`, { accountId: f.accountIds.lead, role: 'lead-inspector' })).statusCode).toBe(201);
    lead = await signIn(f.app, ROLE_EMAILS.lead);
    expect((await api(f.app, lead, 'GET', `/inspections/${inspectionId}`)).json()).toMatchObject({ frameworkVersion: 'youth-2027', kind: 'inspection' });

    const base = { gender: 'female', ageBand: '15-17', ethnicity: 'white', riskOfSeriousHarm: 'low', safetyAndWellbeing: 'low' };
    const custody = await api(f.app, lead, 'POST', `/inspections/${inspectionId}/cases`, { ...base, ref: 'R01', domain: 4, disposalType: 'detention-and-training-order' });
    expect(custody.statusCode).toBe(400);
    expect(custody.json().error.fields).toEqual([{ field: 'domain', message: 'The Youth justice standards (test revision, 2027) has no standards for resettlement cases: choose another domain' }]);

    // Nine court cases, 2.1.1 'Yes' in six (66.7%: Good at 65, Requires improvement at this framework's 70); three out-of-court.
    const cases = [
      ...Array.from({ length: 9 }, (_, i) => ({ ref: `C${i + 1}`, domain: 2, disposalType: 'referral-order', answers: { '2.1.1': i < 6 ? 'yes' : 'no', '2.1.1.a': 'yes', '2.1.2': 'yes', '2.1.2.a': 'yes' } })),
      ...Array.from({ length: 3 }, (_, i) => ({ ref: `Y${i + 1}`, domain: 3, disposalType: 'youth-conditional-caution', answers: { '3.1.1': 'yes', '3.1.1.a': 'yes' } })),
    ];
    await api(f.app, lead, 'PUT', `/inspections/${inspectionId}/phase`, { phase: 'fieldwork', version: 1 });
    for (const c of cases) {
      const made = await api(f.app, lead, 'POST', `/inspections/${inspectionId}/cases`, { ...base, ref: c.ref, domain: c.domain, disposalType: c.disposalType });
      expect(made.statusCode, made.body).toBe(201);
      const id = made.json().id as string;
      const wrong = await api(f.app, lead, 'PUT', `/cases/${id}/answers`, { answers: [{ questionId: c.domain === 2 ? '3.1.1' : '2.1.1', answer: 'yes', version: 0 }] });
      expect(wrong.statusCode).toBe(400);
      const saved = await api(f.app, lead, 'PUT', `/cases/${id}/answers`, { answers: Object.entries(c.answers).map(([questionId, answer]) => ({ questionId, answer, version: 0 })) });
      expect(saved.statusCode, saved.body).toBe(200);
      let version = (await api(f.app, lead, 'GET', `/cases/${id}`)).json().version as number;
      for (const action of ['submit', 'quality-assure']) {
        const moved = await api(f.app, lead, 'POST', `/cases/${id}/transitions`, { action, version });
        expect(moved.statusCode, moved.body).toBe(200);
        version = moved.json().version;
      }
    }
    const judged = await api(f.app, lead, 'PUT', `/inspections/${inspectionId}/judgements/1.1`, { rating: 'Good', rationale: 'A clear vision, shared by the partnership board.', version: 0 });
    expect(judged.statusCode, judged.body).toBe(200);

    const ratings = (await api(f.app, lead, 'GET', `/inspections/${inspectionId}/ratings`)).json();
    const byId = Object.fromEntries(ratings.standards.map((s: { id: string }) => [s.id, s]));
    expect(ratings.framework).toBe('youth-2027');
    expect(byId['2.1']).toMatchObject({ rating: 'Requires improvement', lowestKeyQuestions: ['2.1.1'], keyQuestions: [{ id: '2.1.1', relevant: 9, yes: 6 }, { id: '2.1.2', relevant: 9, yes: 9 }] });
    expect(byId['2.1'].discretion.reasons).toContain('within-five-points');
    expect(byId['3.1']).toMatchObject({ rating: 'Outstanding' });
    expect(byId['1.1']).toMatchObject({ rating: 'Good', source: 'judgement' });
    // 1 + 3 + 2 = 6 of 9: Good under this framework's overall bands.
    expect(ratings).toMatchObject({ complete: true, score: 6, maxScore: 9, overall: 'Good' });
  });

  it('cannot change or be removed once an inspection uses it; a new version is a new id', async () => {
    const changed = await api(f.app, admin, 'POST', '/frameworks', { fileName: 'youth-2027.yaml', text: TEXT.replace('Good: 70', 'Good: 75') });
    expect(changed.statusCode, changed.body).toBe(409);
    expect(changed.json().error.message).toBe('Framework youth-2027 is used by 1 inspection and cannot change: give the new version a new version id');
    const removal = await api(f.app, admin, 'DELETE', '/frameworks/youth-2027');
    expect(removal.statusCode, removal.body).toBe(409);
    const renamed = await api(f.app, admin, 'POST', '/frameworks', { fileName: 'youth-2028.yaml', text: TEXT.replace('version: youth-2027', 'version: youth-2028').replace('Good: 70', 'Good: 75') });
    expect(renamed.statusCode).toBe(201);
    const removed = await api(f.app, admin, 'DELETE', '/frameworks/youth-2028');
    expect(removed.statusCode, removed.body).toBe(204);
    const history = await f.store.query<{ entity_id: string; action: string }>(`SELECT entity_id, action FROM history WHERE entity = 'framework' ORDER BY id`);
    expect(history.map((h) => `${h.action} ${h.entity_id}`)).toEqual(['add youth-2027', 'add youth-2028', 'remove youth-2028']);
  });

  it.runIf(kind === 'postgresql')('is read by a second instance that never saw the upload', async () => {
    const store = await f.db.open();
    const cfg = testConfig();
    const app = await buildApp({ store, config: cfg }, { services: createServices(store, appConfig(cfg)) });
    second = { store, app };
    // A process of its own starts with the built-in frameworks only: forget the upload here as it would not know it.
    unregisterFramework('youth-2027');
    expect(isFrameworkVersion('youth-2027')).toBe(false);
    const rows = await store.query<{ id: string; content_hash: string }>(`SELECT id, content_hash FROM frameworks`);
    expect(rows.map((r) => r.id)).toEqual(['youth-2027']);
    const cookie = await signIn(app, ROLE_EMAILS.lead);
    const ratings = await api(app, cookie, 'GET', `/inspections/${inspectionId}/ratings`);
    expect(ratings.statusCode).toBe(200);
    expect(ratings.json()).toMatchObject({ framework: 'youth-2027', score: 6, maxScore: 9 });
    expect(isFrameworkVersion('youth-2027')).toBe(true);
  });
});
