/**
 * Migrations: versioned SQL files (migrations/NNNN_name.sql) applied in order, each in its own transaction,
 * recorded in schema_migrations so that re-running applies only what is missing.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Store } from './types.js';

export interface Migration {
  readonly version: string;
  readonly name: string;
  readonly sql: string;
}

/** The folder beside this module; from dist/ fall back to the source folder if the build did not copy it. */
export function migrationsDir(): string {
  const here = fileURLToPath(new URL('./migrations/', import.meta.url));
  if (existsSync(here)) return here;
  return fileURLToPath(new URL('../../../src/store/migrations/', import.meta.url));
}

export function loadMigrations(dir = migrationsDir()): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: f.slice(0, 4), name: f.slice(5, -4), sql: readFileSync(`${dir}/${f}`, 'utf8') }));
}

/** Apply pending migrations; returns the versions applied now. */
export async function migrate(store: Store, migrations = loadMigrations()): Promise<string[]> {
  // Nothing to apply: ask nothing a login role without DDL rights may not do (README: the service's own role).
  if (await upToDate(store, migrations)) return [];
  await store.exec(
    `CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
  );
  const applied: string[] = [];
  for (const m of migrations) {
    const done = await store.transaction(async (tx) => {
      // Serialise concurrent starters on PostgreSQL; a no-op cost on PGlite.
      await tx.query(`LOCK TABLE schema_migrations IN EXCLUSIVE MODE`);
      const rows = await tx.query(`SELECT 1 FROM schema_migrations WHERE version = $1`, [m.version]);
      if (rows.length > 0) return false;
      await tx.exec(m.sql);
      await tx.query(`INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, [m.version, m.name]);
      return true;
    });
    if (done) applied.push(m.version);
  }
  return applied;
}

async function upToDate(store: Store, migrations: readonly Migration[]): Promise<boolean> {
  const [t] = await store.query<{ t: string | null }>(`SELECT to_regclass('schema_migrations')::text AS t`);
  if (!t?.t) return false;
  const applied = new Set((await store.query<{ version: string }>(`SELECT version FROM schema_migrations`)).map((r) => r.version));
  return migrations.every((m) => applied.has(m.version));
}

export async function schemaVersion(store: Store): Promise<string | null> {
  const rows = await store.query<{ version: string }>(`SELECT max(version) AS version FROM schema_migrations`);
  return rows[0]?.version ?? null;
}
