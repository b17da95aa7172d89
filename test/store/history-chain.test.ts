/** The history's hash chain: written by the database for every writer, verified, tamper shows, redaction verifies. */
import { afterAll, describe, expect, it } from 'vitest';
import { createServices } from '../../src/app/index.js';
import { verifyHistoryChain } from '../../src/store/history-chain.js';
import { loadMigrations, migrate, type Store } from '../../src/store/index.js';
import { seedFixture } from '../server/harness.js';
import { databaseKinds, testDatabase, type TestDatabase } from './harness.js';

const opened: Array<{ db: TestDatabase; store: Store }> = [];
async function open(kind: 'pglite' | 'postgresql', migrateAll = true): Promise<Store> {
  const db = testDatabase(kind);
  const store = await db.open({ migrate: migrateAll });
  opened.push({ db, store });
  return store;
}
afterAll(async () => {
  for (const { db, store } of opened) {
    await store.close();
    await db.cleanup();
  }
});

const count = async (store: Store, table: string) => (await store.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;

async function seeded(kind: 'pglite' | 'postgresql') {
  const store = await open(kind);
  const services = createServices(store);
  const fixture = await seedFixture(services);
  const lead = (await services.accounts.loadUser(fixture.accountIds.lead))!;
  const admin = (await services.accounts.loadUser(fixture.accountIds.admin))!;
  return { store, services, fixture, lead, admin };
}

describe.each(databaseKinds)('history chain on %s', (kind) => {
  it('chains the entries written before the migration, in id order', async () => {
    const store = await open(kind, false);
    await migrate(store, loadMigrations().filter((m) => m.version < '0500'));
    for (let i = 0; i < 3; i += 1) {
      await store.query(`INSERT INTO history (entity, entity_id, action, after, reason) VALUES ('test', $1, 'create', $2::jsonb, $3)`, [String(i), JSON.stringify({ note: `émigré “${i}” 😀`, n: 1.5 }), i === 1 ? null : 'why']);
    }
    await migrate(store);
    expect(await verifyHistoryChain(store)).toEqual({ ok: true, entries: 3 });
    const links = await store.query<{ seq: string; history_id: string }>(`SELECT seq, history_id FROM history_chain ORDER BY seq`);
    expect(links.map((l) => [Number(l.seq), Number(l.history_id)])).toEqual([[1, 1], [2, 2], [3, 3]]);
  });

  it('links every entry, the one-statement answer write included, and verifies', async () => {
    const { store, services, fixture, lead } = await seeded(kind);
    // One answer alone takes the one-statement path (answer-write.ts): its history rows are linked too.
    await services.cases.saveAnswers(lead, fixture.caseIds.C01, { answers: [{ questionId: '2.1.1', answer: 'yes', note: 'first', version: 0 }] });
    const entries = await count(store, 'history');
    expect(await count(store, 'history_chain')).toBe(entries);
    expect(await verifyHistoryChain(store)).toEqual({ ok: true, entries });
  });

  it('refuses to change or remove a link', async () => {
    const store = await open(kind);
    await store.query(`INSERT INTO history (entity, entity_id, action) VALUES ('case', 'c1', 'create')`);
    await expect(store.query(`UPDATE history_chain SET content_hash = 'x' WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(store.query(`DELETE FROM history_chain WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(store.query(`TRUNCATE history_chain`)).rejects.toThrow(/append-only|cannot truncate/);
  });

  it.each([
    ['a changed entry', `UPDATE history SET reason = 'forged' WHERE id = 3`, /entry 3 .*changed after it was recorded/],
    ['a back-dated entry', `UPDATE history SET at = at - interval '1 day' WHERE id = 2`, /entry 2 .*changed after it was recorded/],
    ['a removed entry', `DELETE FROM history_chain WHERE history_id = 2; DELETE FROM history WHERE id = 2`, /link 2 is missing/],
    ['a removed entry whose later links were renumbered', `DELETE FROM history_chain WHERE history_id = 2; DELETE FROM history WHERE id = 2; UPDATE history_chain SET seq = seq - 1 WHERE seq > 2`, /entry 3 .*does not follow/],
    ['an entry slipped in without its link', `INSERT INTO history (entity, entity_id, action) VALUES ('case', 'x', 'forged')`, /not in the chain/],
  ])('names the first broken entry: %s', async (_what, tamper, message) => {
    const store = await open(kind);
    for (let i = 1; i <= 4; i += 1) await store.query(`INSERT INTO history (entity, entity_id, action, after) VALUES ('case', $1, 'update', $2::jsonb)`, [`c${i}`, JSON.stringify({ state: 'in-progress' })]);
    expect(await verifyHistoryChain(store)).toEqual({ ok: true, entries: 4 });
    // What the owner of the tables could do: switch the triggers off.
    await store.exec(`ALTER TABLE history DISABLE TRIGGER USER; ALTER TABLE history_chain DISABLE TRIGGER USER; ${tamper}; ALTER TABLE history ENABLE TRIGGER USER; ALTER TABLE history_chain ENABLE TRIGGER USER`);
    const report = await verifyHistoryChain(store);
    expect(report.ok).toBe(false);
    if (!report.ok) expect(`${report.broken.historyId ? `entry ${report.broken.historyId} ` : ''}${report.broken.reason}`).toMatch(message);
  });

  it('redacts text in place, records who, when and why without the text, and still verifies', async () => {
    const { store, services, fixture, lead, admin } = await seeded(kind);
    const saved = await services.cases.saveAnswers(lead, fixture.caseIds.C01, { answers: [{ questionId: '2.1.1', answer: 'yes', note: 'Spoke to Jamie Example at 1 Fake Street', version: 0 }] });
    await services.cases.saveAnswers(lead, fixture.caseIds.C01, { answers: [{ questionId: '2.1.1', answer: 'yes', note: 'Spoke to the child', version: saved.answers[0]!.version }] });
    const [entry] = await store.query<{ id: string }>(`SELECT id FROM history WHERE after->>'note' LIKE '%Jamie%'`);
    const entryId = Number(entry!.id);

    await expect(services.history.redact(lead, entryId, { reason: 'A child was named' })).rejects.toThrow(/site administrator/);
    await expect(services.history.redact(admin, entryId, { reason: ' ' })).rejects.toMatchObject({ fields: [{ field: 'reason' }] });
    await expect(services.history.redact(admin, entryId, { reason: 'x', fields: ['after.nothing'] })).rejects.toMatchObject({ fields: [{ field: 'fields.0' }] });

    const { entry: redacted, redactionId } = await services.history.redact(admin, entryId, { reason: "A child's name and address typed by mistake", fields: ['after.note', 'before.note'].slice(0, 1) });
    expect((redacted.after as { note: string }).note).toBe('[redacted]');
    expect((redacted.after as { answer: string }).answer).toBe('yes');
    const dump = JSON.stringify(await store.query(`SELECT * FROM history`));
    expect(dump).not.toMatch(/Jamie|Fake Street/);
    const [record] = await store.query<{ actor_id: string; entity: string; entity_id: string; action: string; reason: string; after: Record<string, unknown> }>(`SELECT * FROM history WHERE id = $1`, [redactionId]);
    expect(record).toMatchObject({ actor_id: admin.id, entity: 'history', entity_id: String(entryId), action: 'redact', reason: "A child's name and address typed by mistake" });
    expect(record!.after.fields).toEqual(['after.note']);
    expect(await verifyHistoryChain(store)).toMatchObject({ ok: true });

    // Redaction concerns the history only: the answer's note is its owner's to correct.
    const [answer] = await store.query<{ note: string }>(`SELECT note FROM answers WHERE case_id = $1 AND question_id = '2.1.1'`, [fixture.caseIds.C01]);
    expect(answer!.note).toBe('Spoke to the child');

    // Every other change is still refused, a change dressed as the recorded redaction included.
    await expect(store.query(`UPDATE history SET after = jsonb_set(after, '{answer}', '"no"') WHERE id = $1`, [entryId])).rejects.toThrow(/append-only/);
    await expect(store.query(`UPDATE history SET reason = 'x' WHERE id = 1`)).rejects.toThrow(/append-only/);
    await expect(store.query(`DELETE FROM history WHERE id = $1`, [entryId])).rejects.toThrow(/append-only/);
    await expect(services.history.redact(admin, redactionId, { reason: 'again' })).rejects.toMatchObject({ statusCode: 400 });
    // A second redaction of the same entry (the rest of its text) chains on from the first.
    await services.history.redact(admin, entryId, { reason: 'The rest too' });
    expect(await verifyHistoryChain(store)).toMatchObject({ ok: true });
  });
});

describe.runIf(databaseKinds.includes('postgresql'))('history chain under concurrent writers on PostgreSQL', () => {
  it('never forks: parallel transactions each writing several entries make one chain', async () => {
    const store = await open('postgresql');
    const writers = Array.from({ length: 16 }, (_, w) =>
      store.transaction(async (tx) => {
        for (let i = 0; i < 3; i += 1) {
          await tx.query(`INSERT INTO history (entity, entity_id, action, after) VALUES ('test', $1, 'create', $2::jsonb)`, [`${w}`, JSON.stringify({ i })]);
          await tx.query(`SELECT pg_sleep(0.01)`);
        }
      }),
    );
    await Promise.all(writers);
    expect(await verifyHistoryChain(store)).toEqual({ ok: true, entries: 48 });
  });
});
