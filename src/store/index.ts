/** Open the store: PostgreSQL when a database URL is given, otherwise the embedded database in a data folder. */
import { migrate } from './migrate.js';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';
import type { Store, StoreOptions } from './types.js';

export type { Queryable, QueryOptions, Store, StoreKind, StoreOptions } from './types.js';
export { migrate, loadMigrations, schemaVersion } from './migrate.js';
export { DataFolderInUseError, describeHolder, heldLock, type LockHolder } from './folder-lock.js';

export async function openStore(options: StoreOptions): Promise<Store> {
  const store = options.databaseUrl
    ? await openPostgres(options.databaseUrl, options.schema)
    : await openPglite(options.dataDir);
  if (options.migrate !== false) {
    try {
      await store.startupLock(() => migrate(store));
    } catch (err) {
      await store.close();
      throw err;
    }
  }
  return store;
}

/**
 * Where the CLI's database is: DATABASE_URL (optionally DATABASE_SCHEMA, one schema of that server), or the
 * embedded database in DATA_DIR (default ./data).
 */
export function storeOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): StoreOptions {
  if (env.DATABASE_URL) return { databaseUrl: env.DATABASE_URL, ...(env.DATABASE_SCHEMA ? { schema: env.DATABASE_SCHEMA } : {}) };
  return { dataDir: env.DATA_DIR || './data' };
}
