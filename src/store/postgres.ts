/** A PostgreSQL server through node-postgres, optionally confined to one schema. */
import pg from 'pg';
import type { Queryable, QueryOptions, Store } from './types.js';

// Same value shapes as the PGlite adapter: timestamps as ISO strings, dates and int8 as text.
const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 1184) return (v: string) => new Date(v).toISOString();
    if (oid === 1114 || oid === 1082 || oid === 20) return (v: string) => v;
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

/**
 * The advisory lock that serialises starting instances (migrations, first-start loading): a fixed class key and
 * the schema's name, so that instances on other schemas of the same server do not wait for each other.
 */
const STARTUP_LOCK_CLASS = 0x796a69; // 'yji'

export function isSafeSchemaName(name: string): boolean {
  return /^[a-z_][a-z0-9_]{0,62}$/.test(name);
}

export async function openPostgres(databaseUrl: string, schema?: string): Promise<Store> {
  if (schema !== undefined && !isSafeSchemaName(schema)) {
    throw new Error(`schema name '${schema}' must be lower-case letters, digits and underscores`);
  }
  if (schema) {
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    try {
      // Two instances creating the schema at once would collide on the catalogue's unique index.
      await admin.query(`SELECT pg_advisory_lock($1, hashtext($2))`, [STARTUP_LOCK_CLASS, schema]);
      // A login role without CREATE on the database (README) may still use a schema made for it.
      const exists = await admin.query(`SELECT 1 FROM pg_namespace WHERE nspname = $1`, [schema]);
      if (exists.rowCount === 0) await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 10,
    types: typeParsers,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client losing its connection must not crash the process.
  pool.on('error', () => undefined);
  // node-postgres prepares a named statement once per connection.
  const config = (sql: string, params?: readonly unknown[], options?: QueryOptions) => ({ text: sql, values: params ? [...params] : undefined, ...(options?.name ? { name: options.name } : {}) });
  const query = async <T>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<T[]> =>
    (await pool.query(config(sql, params, options))).rows as T[];
  return {
    kind: 'postgresql',
    query,
    async exec(sql: string) {
      await pool.query(sql);
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({
          query: async <R>(sql: string, params?: readonly unknown[], options?: QueryOptions) => (await client.query(config(sql, params, options))).rows as R[],
          exec: async (sql: string) => {
            await client.query(sql);
          },
        });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async startupLock<T>(fn: () => Promise<T>): Promise<T> {
      // A session lock on a connection of its own, held while `fn` works on the others; ended with the session.
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query(`SELECT pg_advisory_lock($1, hashtext(current_schema()))`, [STARTUP_LOCK_CLASS]);
        return await fn();
      } finally {
        await client.query(`SELECT pg_advisory_unlock($1, hashtext(current_schema()))`, [STARTUP_LOCK_CLASS]).catch((err: Error) => (broken = err));
        client.release(broken);
      }
    },
    async close() {
      await pool.end();
    },
  };
}
