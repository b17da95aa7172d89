import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrations, migrate, schemaVersion, type Store } from '../../src/store/index.js';
import { databaseKinds, testDatabase, type TestDatabase } from './harness.js';

describe.each(databaseKinds)('store on %s', (kind) => {
  let db: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    db = testDatabase(kind);
    store = await db.open();
  });
  afterAll(async () => {
    await store.close();
    await db.cleanup();
  });

  it('applies every migration from empty and records it', async () => {
    expect(store.kind).toBe(kind);
    const last = loadMigrations().at(-1)!;
    expect(await schemaVersion(store)).toBe(last.version);
    const rows = await store.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(loadMigrations().map((m) => m.version));
  });

  it('is safe to re-run: nothing applied twice', async () => {
    expect(await migrate(store)).toEqual([]);
    await store.close();
    store = await db.open();
    expect(await migrate(store)).toEqual([]);
  });

  it('refuses UPDATE, DELETE and TRUNCATE on the history', async () => {
    await store.query(`INSERT INTO history (entity, entity_id, action, after) VALUES ('case', 'c1', 'create', '{"a":1}')`);
    await expect(store.query(`UPDATE history SET action = 'x'`)).rejects.toThrow(/append-only/);
    await expect(store.query(`DELETE FROM history`)).rejects.toThrow(/append-only/);
    // The hash chain's links refer to the entries, so a plain TRUNCATE stops there; with CASCADE the trigger refuses it.
    await expect(store.query(`TRUNCATE history`)).rejects.toThrow(/append-only|referenced in a foreign key/);
    await expect(store.query(`TRUNCATE history CASCADE`)).rejects.toThrow(/append-only/);
    const rows = await store.query<{ n: number }>(`SELECT count(*)::int AS n FROM history`);
    expect(rows[0]!.n).toBe(1);
  });

  it('rolls a failed transaction back whole', async () => {
    await expect(
      store.transaction(async (tx) => {
        await tx.query(`INSERT INTO services (id, name) VALUES ('s-roll', 'Rollback YOS')`);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.query(`SELECT * FROM services WHERE id = 's-roll'`)).toEqual([]);
  });
});
