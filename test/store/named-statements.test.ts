/**
 * Named (prepared) statements: the same rows and value shapes as an unnamed query, inside and outside a
 * transaction, errors as errors with the store still usable, and one text per name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/index.js';
import { databaseKinds, testDatabase, type TestDatabase } from './harness.js';

describe.each(databaseKinds)('named statements on %s', (kind) => {
  let db: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    db = testDatabase(kind);
    store = await db.open();
    await store.exec(`CREATE TABLE named_probe (id bigint PRIMARY KEY, label text NOT NULL, tags text[], doc jsonb, at timestamptz NOT NULL DEFAULT now(), day date)`);
  });
  afterAll(async () => {
    await store?.close();
    await db?.cleanup();
  });

  const INSERT = `INSERT INTO named_probe (id, label, tags, doc, day) SELECT $1, $2, $3, $4::jsonb, $5 WHERE $2 <> ALL($3::text[])
    RETURNING id, label, tags, doc, at, day`;

  it('returns what an unnamed query returns, with the same value shapes, on every use', async () => {
    const plain = await store.query(INSERT, [1, 'one', ['a', 'b'], JSON.stringify({ n: 1 }), '2024-05-01']);
    const named: unknown[] = [];
    // More uses than PostgreSQL's five custom plans, so the generic plan is exercised too.
    for (let id = 2; id <= 9; id++) named.push((await store.query(INSERT, [id, `n${id}`, ['a'], JSON.stringify({ n: id }), null], { name: 'probe-insert' }))[0]);
    expect(plain[0]).toMatchObject({ id: '1', label: 'one', tags: ['a', 'b'], doc: { n: 1 }, day: '2024-05-01' });
    expect(named[7]).toMatchObject({ id: '9', label: 'n9', tags: ['a'], doc: { n: 9 }, day: null });
    const at = (named[7] as { at: unknown }).at;
    expect(typeof at).toBe('string');
    expect(new Date(at as string).toISOString()).toBe(at);
    // A condition that selects nothing gives no rows.
    expect(await store.query(INSERT, [10, 'x', ['x'], null, null], { name: 'probe-insert' })).toEqual([]);
    expect(await store.query(`SELECT count(*)::int AS n FROM named_probe`, [], { name: 'probe-count' })).toEqual([{ n: 9 }]);
  });

  it('takes part in a transaction: rolled back with it', async () => {
    await expect(
      store.transaction(async (tx) => {
        await tx.query(INSERT, [20, 'twenty', [], null, null], { name: 'probe-insert' });
        expect(await tx.query(`SELECT label FROM named_probe WHERE id = $1`, [20], { name: 'probe-label' })).toEqual([{ label: 'twenty' }]);
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect(await store.query(`SELECT label FROM named_probe WHERE id = $1`, [20], { name: 'probe-label' })).toEqual([]);
  });

  it('reports a failing statement as an error and keeps working', async () => {
    await expect(store.query(INSERT, [1, 'again', [], null, null], { name: 'probe-insert' })).rejects.toThrow(/duplicate key|unique/i);
    await expect(store.query(`SELECT nothing FROM named_probe`, [], { name: 'probe-bad' })).rejects.toThrow(/nothing/);
    expect(await store.query(`SELECT label FROM named_probe WHERE id = $1`, [1], { name: 'probe-label' })).toEqual([{ label: 'one' }]);
  });

  // node-postgres checks this per connection, so only the embedded database can promise it for every call.
  it.runIf(kind === 'pglite')('refuses a second text under a name already used', async () => {
    await store.query(`SELECT 1 AS one`, [], { name: 'probe-one' });
    await expect(store.query(`SELECT 2 AS two`, [], { name: 'probe-one' })).rejects.toThrow();
  });
});
