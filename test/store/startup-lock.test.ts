/**
 * Two instances starting at once on one empty PostgreSQL schema (each its own connections, as two servers would
 * have): both come up, the migrations are applied once, and the demo is loaded exactly once.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../src/demo/index.js';
import { createServices } from '../../src/app/index.js';
import { openForServing } from '../../src/server/startup.js';
import { loadMigrations } from '../../src/store/index.js';
import { testDatabase, type TestDatabase } from './harness.js';

describe.skipIf(!process.env.TEST_DATABASE_URL)('two instances starting together (postgresql)', () => {
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of dbs) await db.cleanup();
  });

  it('both start, and the demo is loaded once', { timeout: 300_000 }, async () => {
    const db = testDatabase('postgresql');
    dbs.push(db);
    const started = await Promise.allSettled([1, 2].map(() => openForServing(db.options, { services: (store) => createServices(store), demo: true })));
    const up = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    try {
      expect(started.map((s) => (s.status === 'rejected' ? String(s.reason) : 'up'))).toEqual(['up', 'up']);
      expect(up.filter((s) => s.demo !== null)).toHaveLength(1);
      const store = up[0]!.store;
      const count = async (sql: string) => (await store.query<{ n: number }>(sql))[0]!.n;
      expect(await count('SELECT count(*)::int AS n FROM inspections')).toBe(1);
      expect(await count('SELECT count(*)::int AS n FROM services')).toBe(1);
      expect(await count('SELECT count(*)::int AS n FROM accounts')).toBe(DEMO_ACCOUNTS.length);
      expect(await count('SELECT count(*)::int AS n FROM schema_migrations')).toBe(loadMigrations().length);
      // The second instance serves the same demo.
      const other = up[1]!;
      expect(await other.services.accounts.findByEmail(null, DEMO_ACCOUNTS[0].email)).not.toBeNull();
    } finally {
      for (const s of up) await s.store.close();
    }
  });
});
