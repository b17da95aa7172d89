/** Backup → restore round trip, PGlite ↔ PostgreSQL both ways when a server is available, history included. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../src/app/index.js';
import { BackupError, checkBackup, exportBackup, restoreBackup, sealBackup, type Backup } from '../../src/store/backup.js';
import { verifyHistoryChain } from '../../src/store/history-chain.js';
import { completeAnswers, seedFixture } from '../server/harness.js';
import { databaseKinds, testDatabase, type TestDatabase } from './harness.js';
import type { Store } from '../../src/store/index.js';

const KEY = 'k'.repeat(16) + '0123456789abcdef0123456789abcdef';
const OTHER_KEY = 'o'.repeat(48);
const copy = (b: Backup): Backup => JSON.parse(JSON.stringify(b)) as Backup;

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
    original = await exportBackup(source, { key: KEY });
  });
  afterAll(async () => {
    for (const { db, store } of opened) {
      await store.close();
      await db.cleanup();
    }
  });

  it('exports every table with a checksum and a signature, history and its chain included', () => {
    expect(original.format).toBe('yjinspect-backup');
    expect(original.tables.history!.length).toBeGreaterThan(10);
    expect(original.tables.history_chain).toHaveLength(original.tables.history!.length);
    expect(original.tables.answers).toHaveLength(completeAnswers(2).length);
    expect(original.signature).toMatch(/^[0-9a-f]{64}$/);
    expect(checkBackup(copy(original), { key: KEY })).toBeTruthy();
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

  it.each(databaseKinds)('restores into an empty %s database and exports the same again', { timeout: 300_000 }, async (kind) => {
    const target = await open(kind);
    const { rows } = await restoreBackup(target, copy(original), { key: KEY });
    expect(rows).toBe(Object.values(original.tables).reduce((n, t) => n + t.length, 0));
    expect(await verifyHistoryChain(target)).toEqual({ ok: true, entries: original.tables.history!.length });
    const again = await exportBackup(target, { key: KEY });
    expect(content(again)).toEqual(content(original));
    // The restored history is still append-only, and new history continues after the restored rows.
    await expect(target.query('DELETE FROM history')).rejects.toThrow(/append-only/);
    const services = createServices(target);
    const [lead] = await target.query<{ id: string }>(`SELECT id FROM accounts WHERE email = 'lead@example.org'`);
    const user = (await services.accounts.loadUser(lead!.id))!;
    await services.recommendations.add(user, user.roles[0]!.inspectionId, { addressee: 'The board should', text: 'meet' });
    const [max] = await target.query<{ n: number }>('SELECT max(id)::int AS n FROM history');
    expect(max!.n).toBe(original.tables.history!.length + 1);
    expect(await verifyHistoryChain(target)).toEqual({ ok: true, entries: original.tables.history!.length + 1 });
    // And a round trip back from there restores the same content.
    if (kind === 'postgresql') {
      const back = await open('pglite');
      await restoreBackup(back, copy(again), { key: KEY });
      expect(content(await exportBackup(back))).toEqual(content(original));
    }
  });

  it('refuses a damaged backup, and a database that is not empty', async () => {
    const damaged = copy(original);
    (damaged.tables.answers![0] as { answer: string }).answer = 'no';
    expect(() => checkBackup(damaged, { key: KEY })).toThrow(BackupError);
    expect(() => checkBackup({ hello: 1 })).toThrow(/not a yjinspect backup/);
    await expect(restoreBackup(source, copy(original), { key: KEY })).rejects.toThrow(/not empty/);
  });

  it('refuses a forged backup whose checksum was recomputed: changed history, a raised rating', () => {
    const forgedHistory = copy(original);
    (forgedHistory.tables.history![0] as { reason: string | null }).reason = 'back-dated approval';
    const raised = copy(original);
    (raised.tables.judgements![0] as { rating: string }).rating = 'Outstanding';
    for (const forged of [forgedHistory, raised]) {
      const resealed = sealBackup(forged, null);
      expect(() => checkBackup({ ...resealed, signature: original.signature }, { key: KEY })).toThrow(/signature does not match/);
      expect(() => checkBackup(sealBackup(forged, OTHER_KEY), { key: KEY })).toThrow(/signature does not match/);
    }
  });

  it('an unsigned backup, or a signed one without its key, restores only when explicitly allowed', () => {
    const unsigned = sealBackup(original, null);
    expect(() => checkBackup(unsigned, { key: KEY })).toThrow(/not signed .*--allow-unsigned/);
    expect(() => checkBackup(unsigned, { key: null })).toThrow(/not signed/);
    expect(checkBackup(unsigned, { key: null, allowUnsigned: true })).toBeTruthy();
    expect(() => checkBackup(copy(original), { key: null })).toThrow(/BACKUP_KEY is not set/);
  });

  it.each(databaseKinds)('checks the whole file before touching the %s target: every kind of bad file leaves it untouched', { timeout: 300_000 }, async (kind) => {
    const db = testDatabase(kind);
    const target = await db.open({ migrate: false });
    opened.push({ db, store: target });
    const untouched = async () => (await target.query<{ t: string | null }>(`SELECT to_regclass('schema_migrations')::text AS t`))[0]!.t;
    const edit = (change: (b: Backup) => void, key: string | null = KEY): Backup => {
      const b = copy(original);
      change(b);
      return sealBackup(b, key);
    };
    const bad: Array<[string, unknown, RegExp, boolean?]> = [
      ['not a backup', { tables: {} }, /not a yjinspect backup/],
      ['a damaged checksum', { ...copy(original), checksum: '0'.repeat(64) }, /checksum does not match/],
      ['a bad signature', { ...copy(original), signature: 'f'.repeat(64) }, /signature does not match/],
      ['a history entry changed and resealed with no signature', edit((b) => { (b.tables.history![1] as { action: string }).action = 'forged'; }, null), /history chain is broken at history entry 2 .*changed after it was recorded/, true],
      ['a history entry removed with its link', edit((b) => { b.tables.history!.splice(2, 1); b.tables.history_chain!.splice(2, 1); }), /history chain is broken at link 3 is missing|chain is broken at link 3/],
      ['a history entry added without a link', edit((b) => { b.tables.history!.push({ ...(b.tables.history![0] as object), id: 99999 }); }), /history entry 99999: the entry is not in the chain/],
      ['a row with a column the table lacks', edit((b) => { (b.tables.answers![0] as Record<string, unknown>).colour = 'red'; }), /Table answers, row 1: no such column colour/],
      ['a value the table refuses', edit((b) => { (b.tables.answers![0] as { answer: string }).answer = 'maybe'; }), /Table answers: its rows do not fit/],
      ['a row whose parent is missing', edit((b) => { (b.tables.answers![0] as { case_id: string }).case_id = 'no-such-case'; }), /Table answers: its rows do not fit/],
      ['a table that is not a list', { ...copy(original), tables: { ...copy(original).tables, cases: {} } }, /Table cases in the backup is not a list/],
    ];
    for (const [what, file, message, allowUnsigned] of bad) {
      await expect(restoreBackup(target, file, { key: KEY, allowUnsigned: allowUnsigned ?? false }), what).rejects.toThrow(message);
      expect(await untouched(), what).toBeNull();
    }
  });
});
