/**
 * Test databases: PGlite in a temp folder always; PostgreSQL too when TEST_DATABASE_URL is set, each in a
 * freshly named schema so parallel test files never collide.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore, type Store, type StoreOptions } from '../../src/store/index.js';

export interface TestDatabase {
  readonly kind: 'pglite' | 'postgresql';
  /** Options that open this database (again, e.g. after a restart). */
  readonly options: StoreOptions;
  open(extra?: Partial<StoreOptions>): Promise<Store>;
  /** Drop the schema or remove the folder. */
  cleanup(): Promise<void>;
}

export const databaseKinds: Array<'pglite' | 'postgresql'> = process.env.TEST_DATABASE_URL ? ['pglite', 'postgresql'] : ['pglite'];

let counter = 0;

export function testDatabase(kind: 'pglite' | 'postgresql'): TestDatabase {
  if (kind === 'pglite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'yjinspect-test-'));
    const options = { dataDir };
    return {
      kind,
      options,
      open: (extra) => openStore({ ...options, ...extra }),
      cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const databaseUrl = process.env.TEST_DATABASE_URL!;
  const schema = `yjt_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const options = { databaseUrl, schema };
  return {
    kind,
    options,
    open: (extra) => openStore({ ...options, ...extra }),
    cleanup: async () => {
      const c = new pg.Client({ connectionString: databaseUrl });
      await c.connect();
      try {
        await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await c.end();
      }
    },
  };
}
