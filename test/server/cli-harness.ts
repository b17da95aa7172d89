/** Running the built bin/yjinspect against a test database, for the command-line tests. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Store, StoreOptions } from '../../src/store/index.js';
import type { TestDatabase } from '../store/harness.js';

const bin = fileURLToPath(new URL('../../bin/yjinspect', import.meta.url));
if (!existsSync(fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url)))) {
  throw new Error('The command-line tests run the built CLI: run `npm run build` first');
}

/** The environment that points the CLI at the test database, and at nothing of the caller's. */
export function envFor(options: StoreOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: '', DATABASE_SCHEMA: '', DATA_DIR: '', YJINSPECT_PASSWORD: '', BACKUP_KEY: '' };
  if (options.databaseUrl) return { ...env, DATABASE_URL: options.databaseUrl, DATABASE_SCHEMA: options.schema ?? '' };
  return { ...env, DATA_DIR: options.dataDir! };
}

export function cli(db: TestDatabase, args: string[], extra: NodeJS.ProcessEnv = {}): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { env: { ...envFor(db.options), ...extra }, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

export async function withStore<T>(db: TestDatabase, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await db.open();
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
