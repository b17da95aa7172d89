/** Backup → restore round trip, PGlite ↔ PostgreSQL both ways when a server is available, history included. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../src/app/index.js';
import { BackupError, checkBackup, exportBackup, restoreBackup, type Backup } from '../../src/store/backup.js';
import { completeAnswers, seedFixture } from '../server/harness.js';
import { databaseKinds, testDatabase, type TestDatabase } from './harness.js';
import type { Store } from '../../src/store/index.js';

/** Drop what legitimately differs between two exports (when and where they were taken). */
const content = (b: Backup) => ({ schemaVersion: b.schemaVersion, checksum: b.checksum, tables: b.tables });

describe('backup and restore', () => {
  const opened: Array<{ db: TestDatabase; store: Store }> = [];
  let original: Backup;
  let source: Store;

  const open = async (kind: 'pglite' | 'postgresql') => {
    const db = testDatabase(kind);
    const store = await db.open();
    opened.push({ db, store });
    return store;
  };

  beforeAll(async () => {
    source = await open('pglite');
    const services = createServices(source);
    const seeded = await seedFixture(services);
    const lead = (await services.accounts.loadUser(seeded.accountIds.lead))!;
    const saved = await services.cases.saveAnswers(lead, seeded.caseIds.C01, {
      answers: [
        { questionId: '2.1.1', answer: 'yes', note: 'Thorough — “quoted” text, émigré, 😀', version: 0 },
        { questionId: '2.1.1.a', answer: 'not-relevant', version: 0 },
        ...completeAnswers(2).filter((a) => a.questionId !== '2.1.1' && a.questionId !== '2.1.1.a'),
      ],
    });
    await services.cases.transition(lead, seeded.caseIds.C01, { action: 'submit', version: saved.caseVersion });
    await services.domain1.addEvidence(lead, seeded.inspectionId, { kind: 'survey', what: 'Staff survey', occurredOn: '2026-10-01', summary: 'Positive', standardId: '1.2' });
    await services.domain1.recordJudgement(lead, seeded.inspectionId, '1.1', { rating: 'Good', rationale: 'Clear vision', version: 0 });
    original = await exportBackup(source);
  });
  afterAll(async () => {
    for (const { db, store } of opened) {
      await store.close();
      await db.cleanup();
    }
  });

  it('exports every table with a checksum, history included', () => {
    expect(original.format).toBe('yjinspect-backup');
    expect(original.tables.history!.length).toBeGreaterThan(10);
    expect(original.tables.answers).toHaveLength(completeAnswers(2).length);
    expect(checkBackup(JSON.parse(JSON.stringify(original)))).toBeTruthy();
  });

  it('includes every table the migrations created, not just a fixed list', async () => {
    const tables = await source.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations'`,
    );
    expect(Object.keys(original.tables).sort()).toEqual(tables.map((t) => t.name).sort());
    // Parents come before children, so a restore never breaks a foreign key.
    const order = Object.keys(original.tables);
    expect(order.indexOf('inspections')).toBeLessThan(order.indexOf('cases'));
    expect(order.indexOf('cases')).toBeLessThan(order.indexOf('answers'));
  });

  it.each(databaseKinds)('restores into an empty %s database and exports the same again', async (kind) => {
    const target = await open(kind);
    const { rows } = await restoreBackup(target, JSON.parse(JSON.stringify(original)));
    expect(rows).toBe(Object.values(original.tables).reduce((n, t) => n + t.length, 0));
    const again = await exportBackup(target);
    expect(content(again)).toEqual(content(original));
    // The restored history is still append-only, and new history continues after the restored rows.
    await expect(target.query('DELETE FROM history')).rejects.toThrow(/append-only/);
    const services = createServices(target);
    const [lead] = await target.query<{ id: string }>(`SELECT id FROM accounts WHERE email = 'lead@example.org'`);
    const user = (await services.accounts.loadUser(lead!.id))!;
    await services.recommendations.add(user, user.roles[0]!.inspectionId, { addressee: 'The board should', text: 'meet' });
    const [max] = await target.query<{ n: number }>('SELECT max(id)::int AS n FROM history');
    expect(max!.n).toBe(original.tables.history!.length + 1);
    // And a round trip back from there restores the same content.
    if (kind === 'postgresql') {
      const back = await open('pglite');
      await restoreBackup(back, JSON.parse(JSON.stringify(again)));
      expect(content(await exportBackup(back))).toEqual(content(original));
    }
  });

  it('refuses a damaged backup, and a database that is not empty', async () => {
    const damaged = JSON.parse(JSON.stringify(original)) as Backup;
    (damaged.tables.answers![0] as { answer: string }).answer = 'no';
    expect(() => checkBackup(damaged)).toThrow(BackupError);
    expect(() => checkBackup({ hello: 1 })).toThrow(/not a yjinspect backup/);
    await expect(restoreBackup(source, JSON.parse(JSON.stringify(original)))).rejects.toThrow(/not empty/);
  });
});
