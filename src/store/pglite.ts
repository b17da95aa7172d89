/** The embedded database: PGlite (PostgreSQL compiled to WebAssembly) persisted in a data folder. */
import { mkdirSync } from 'node:fs';
import { parse, PGlite, protocol, types } from '@electric-sql/pglite';
import { lockDataFolder } from './folder-lock.js';
import type { Queryable, QueryOptions, Store } from './types.js';

// Same value shapes as the pg adapter: timestamps as ISO strings, int8 as text.
const parsers = {
  [types.TIMESTAMPTZ]: (v: string) => new Date(v).toISOString(),
  [types.TIMESTAMP]: (v: string) => v,
  [types.DATE]: (v: string) => v,
  [types.INT8]: (v: string) => v,
};

const concat = (parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/**
 * Named statements, which PGlite's query() does not offer, through its wire protocol: Parse and Describe once,
 * then Bind, Describe, Execute and Sync in one call per use. Each use holds the same locks as PGlite's own
 * query() (inside a transaction, which already holds the transaction lock, only the query lock).
 */
function namedStatements(db: PGlite) {
  const known = new Map<string, { sql: string; paramTypes: number[] }>();
  const wire = protocol.serialize;
  return async <T>(name: string, sql: string, params: readonly unknown[], inTransaction: boolean): Promise<T[]> => {
    const run = async (): Promise<T[]> => {
      let statement = known.get(name);
      if (statement && statement.sql !== sql) throw new Error(`statement name ${name} is already used for another statement`);
      if (!statement) {
        const described = await db.execProtocol(concat([wire.parse({ name, text: sql }), wire.describe({ type: 'S', name }), wire.sync()]), { syncToFs: false });
        statement = { sql, paramTypes: parse.parseDescribeStatementResults(described.messages) };
        known.set(name, statement);
      }
      const types = statement.paramTypes;
      const values = params.map((v, i) => (v === null || v === undefined ? null : (db.serializers[types[i]!] ?? String)(v)));
      const done = await db.execProtocol(concat([wire.bind({ statement: name, values }), wire.describe({ type: 'P' }), wire.execute({}), wire.sync()]), { syncToFs: !inTransaction });
      return (parse.parseResults(done.messages, db.parsers)[0]?.rows ?? []) as T[];
    };
    await db._checkReady();
    return inTransaction ? db._runExclusiveQuery(run) : db._runExclusiveTransaction(() => db._runExclusiveQuery(run));
  };
}

export async function openPglite(dataDir: string | undefined): Promise<Store> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // One process per folder: a second one writing it would corrupt it.
  const lock = dataDir ? await lockDataFolder(dataDir) : undefined;
  let db: PGlite;
  try {
    db = await PGlite.create({ ...(dataDir ? { dataDir } : {}), parsers });
  } catch (err) {
    lock?.release();
    throw err;
  }
  const named = namedStatements(db);
  const query = async <T>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<T[]> =>
    options?.name ? named<T>(options.name, sql, params ?? [], false) : (await db.query<T>(sql, params ? [...params] : undefined)).rows;
  return {
    kind: 'pglite',
    query,
    async exec(sql: string) {
      await db.exec(sql);
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      return db.transaction(async (tx) =>
        fn({
          query: async <R>(sql: string, params?: readonly unknown[], options?: QueryOptions) =>
            options?.name ? named<R>(options.name, sql, params ?? [], true) : (await tx.query<R>(sql, params ? [...params] : undefined)).rows,
          exec: async (sql: string) => {
            await tx.exec(sql);
          },
        }),
      );
    },
    // The folder lock already keeps every other process out.
    startupLock: <T>(fn: () => Promise<T>) => fn(),
    async close() {
      try {
        if (!db.closed) await db.close();
      } finally {
        lock?.release();
      }
    },
  };
}
