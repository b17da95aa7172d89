/**
 * GET /api/v1/backup: the backup file of the live database, for the site administrator only; on PostgreSQL one
 * snapshot, so that a write landing while the tables are read is either wholly in the backup or not at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { testConfig } from '../../src/server/config.js';
import { checkBackup } from '../../src/store/backup.js';
import type { Store } from '../../src/store/index.js';
import { databaseKinds } from '../store/harness.js';
import { ROLE_EMAILS, signIn, startFixture, type Fixture, type Who } from './harness.js';

describe.each(databaseKinds)('backup of the live database on %s', (kind) => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture(kind);
  }, 120_000);
  afterAll(async () => f?.close());

  it('gives the site administrator a complete, checksummed backup that is not cached', async () => {
    const r = await f.app.inject({ url: '/api/v1/backup', headers: { cookie: await signIn(f.app, ROLE_EMAILS.admin) } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.headers['content-disposition']).toMatch(/^attachment; filename="yjinspect-backup-\d{4}-\d{2}-\d{2}\.json"$/);
    const backup = checkBackup(JSON.parse(r.body), { allowUnsigned: true });
    expect(backup.source).toBe(kind);
    expect((backup.tables.accounts as { email: string }[]).map((a) => a.email).sort()).toEqual(Object.values(ROLE_EMAILS).sort());
    expect(backup.tables.history!.length).toBeGreaterThan(0);
  });

  it('refuses everyone else', async () => {
    const outcome: Record<string, number> = {};
    for (const who of Object.keys(ROLE_EMAILS) as Who[]) {
      if (who === 'admin') continue;
      outcome[who] = (await f.app.inject({ url: '/api/v1/backup', headers: { cookie: await signIn(f.app, ROLE_EMAILS[who]) } })).statusCode;
    }
    outcome['signed out'] = (await f.app.inject({ url: '/api/v1/backup' })).statusCode;
    expect(outcome).toEqual({ lead: 403, inspector: 403, assessor: 403, otherAssessor: 403, panel: 403, readOnly: 403, outsider: 403, 'signed out': 401 });
  });
});

describe.skipIf(!databaseKinds.includes('postgresql'))('backup while the server writes (postgresql)', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture('postgresql');
  }, 120_000);
  afterAll(async () => f?.close());

  it('reads one snapshot: a service added after the first table was read is left out', async () => {
    const writer = await f.db.open({ migrate: false });
    let wrote = false;
    // The app's store, except that once the backup has read its first table another connection commits a write.
    const intercepted: Store = {
      ...f.store,
      transaction: (fn) => f.store.transaction((tx) => fn({
        exec: (sql) => tx.exec(sql),
        query: async (sql, params, options) => {
          const rows = await tx.query(sql, params, options);
          if (!wrote && sql.includes('to_jsonb(t)')) {
            wrote = true;
            await writer.query(`INSERT INTO services (id, name) VALUES ('late-service', 'Written during the backup')`);
          }
          return rows as never;
        },
      })),
    };
    try {
      const app = await buildApp({ store: intercepted, config: testConfig() }, { services: f.services });
      try {
        const r = await app.inject({ url: '/api/v1/backup', headers: { cookie: await signIn(app, ROLE_EMAILS.admin) } });
        expect(r.statusCode).toBe(200);
        expect(wrote).toBe(true);
        const backup = checkBackup(JSON.parse(r.body), { allowUnsigned: true });
        expect((backup.tables.services as { id: string }[]).map((s) => s.id)).not.toContain('late-service');
      } finally {
        await app.close();
      }
    } finally {
      await writer.close();
    }
  });
});
