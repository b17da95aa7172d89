/**
 * Backup and restore: a complete, versioned, checksummed JSON export of one database (every table,
 * history and its hash chain included), signed with HMAC-SHA256 when a key is configured (BACKUP_KEY),
 * that restores into an empty database of either kind (PGlite ↔ PostgreSQL).
 * Rows travel as jsonb (`to_jsonb` out, `jsonb_populate_recordset` in), so every column keeps its type.
 * A restore checks the whole file first — checksum, signature, every table's rows and the history chain,
 * by loading it into a throwaway in-memory database — and only then touches the target, in one transaction.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { describeBrokenLink, verifyHistoryChain } from './history-chain.js';
import { loadMigrations, migrate, schemaVersion } from './migrate.js';
import { openPglite } from './pglite.js';
import type { Queryable, Store } from './types.js';

export const BACKUP_FORMAT = 'yjinspect-backup';
/** 2: the history's hash chain and an optional signature. */
export const BACKUP_FORMAT_VERSION = 2;
/** Shortest BACKUP_KEY accepted (e.g. `openssl rand -hex 32` gives 64 characters). */
export const BACKUP_KEY_MIN_LENGTH = 32;

interface TableInfo {
  readonly name: string;
  /** Primary-key columns (or every column when there is none): a stable row order. */
  readonly orderBy: string;
  /** Identity columns whose sequences must continue after the restored rows. */
  readonly identity: readonly string[];
}

/**
 * Every table of the schema except schema_migrations, parents before children (by foreign keys), read
 * from the catalogue so that tables added by later migrations are never left out.
 */
export async function backupTables(db: Queryable): Promise<TableInfo[]> {
  const tables = (await db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations' ORDER BY table_name`,
  )).map((t) => t.name);
  const edges = await db.query<{ child: string; parent: string }>(
    `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent FROM pg_constraint c
      JOIN pg_namespace n ON n.oid = c.connamespace WHERE c.contype = 'f' AND n.nspname = current_schema()`,
  );
  const keys = await db.query<{ table_name: string; column_name: string }>(
    `SELECT k.table_name, k.column_name FROM information_schema.table_constraints t
       JOIN information_schema.key_column_usage k ON k.constraint_name = t.constraint_name AND k.table_schema = t.table_schema AND k.table_name = t.table_name
      WHERE t.table_schema = current_schema() AND t.constraint_type = 'PRIMARY KEY' ORDER BY k.table_name, k.ordinal_position`,
  );
  const identity = await db.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND is_identity = 'YES'`,
  );
  const strip = (n: string) => n.replace(/^.*\./, '').replace(/"/g, '');
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const e of edges) if (strip(e.child) !== strip(e.parent)) parents.get(strip(e.child))?.add(strip(e.parent));
  const ordered: string[] = [];
  const visit = (t: string, seen: Set<string>) => {
    if (ordered.includes(t) || seen.has(t)) return;
    seen.add(t);
    for (const p of [...(parents.get(t) ?? [])].sort()) if (parents.has(p)) visit(p, seen);
    ordered.push(t);
  };
  for (const t of tables) visit(t, new Set());
  return ordered.map((name) => {
    const pk = keys.filter((k) => k.table_name === name).map((k) => k.column_name);
    return { name, orderBy: pk.length ? pk.join(', ') : 'to_jsonb(t)::text', identity: identity.filter((c) => c.table_name === name).map((c) => c.column_name) };
  });
}

export interface Backup {
  readonly format: typeof BACKUP_FORMAT;
  readonly formatVersion: number;
  readonly schemaVersion: string;
  readonly createdAt: string;
  readonly source: 'pglite' | 'postgresql';
  /** sha256 (hex) of JSON.stringify(tables). */
  readonly checksum: string;
  /** HMAC-SHA256 (hex) with BACKUP_KEY of the header fields and the checksum (signedText); null when written without a key. */
  readonly signature: string | null;
  readonly tables: Record<string, unknown[]>;
}

export class BackupError extends Error {}

function checksumOf(tables: Record<string, unknown[]>): string {
  return createHash('sha256').update(JSON.stringify(tables)).digest('hex');
}

/** What the signature covers: every header field and the checksum, which covers the tables. */
function signedText(b: Pick<Backup, 'format' | 'formatVersion' | 'schemaVersion' | 'createdAt' | 'source' | 'checksum'>): string {
  return [b.format, b.formatVersion, b.schemaVersion, b.createdAt, b.source, b.checksum].join('\n');
}

const hmac = (key: string, text: string) => createHmac('sha256', key).update(text, 'utf8').digest('hex');

/** BACKUP_KEY from the environment: undefined when unset; a BackupError when too short to be a secret. */
export function backupKeyFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const key = env.BACKUP_KEY;
  if (key === undefined || key === '') return undefined;
  if (key.length < BACKUP_KEY_MIN_LENGTH) throw new BackupError(`BACKUP_KEY must be at least ${BACKUP_KEY_MIN_LENGTH} characters (e.g. openssl rand -hex 32)`);
  return key;
}

export interface BackupOptions {
  /** Signing key; defaults to BACKUP_KEY. null: write unsigned. */
  readonly key?: string | null | undefined;
}

/** The whole database as a backup, signed when a key is given or configured (BACKUP_KEY). */
export async function exportBackup(store: Store, options: BackupOptions = {}): Promise<Backup> {
  const key = options.key === undefined ? backupKeyFromEnv() : options.key;
  const unsigned = await store.transaction(async (tx) => {
    // One snapshot for every table: a running service's new entries and their links are in it together or not at all.
    await tx.query(`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY`);
    const tables: Record<string, unknown[]> = {};
    for (const t of await backupTables(tx)) {
      const rows = await tx.query<{ row: unknown }>(`SELECT to_jsonb(t) AS row FROM ${t.name} t ORDER BY ${t.orderBy}`);
      tables[t.name] = rows.map((r) => (typeof r.row === 'string' ? JSON.parse(r.row) : r.row));
    }
    const [v] = await tx.query<{ version: string }>(`SELECT max(version) AS version FROM schema_migrations`);
    return {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      schemaVersion: v!.version,
      createdAt: new Date().toISOString(),
      source: store.kind,
      checksum: checksumOf(tables),
      tables,
    } as const;
  });
  return sealBackup(unsigned, key ?? null);
}

/** The backup with its checksum and signature (null without a key) computed for its header and tables as they are. */
export function sealBackup(b: Omit<Backup, 'checksum' | 'signature'> & Partial<Pick<Backup, 'checksum' | 'signature'>>, key: string | null): Backup {
  const { tables, checksum: _c, signature: _s, ...rest } = b;
  const header = { ...rest, checksum: checksumOf(tables) };
  return { ...header, signature: key ? hmac(key, signedText(header)) : null, tables };
}

export interface RestoreOptions {
  /** Key to check the signature with; defaults to BACKUP_KEY. */
  readonly key?: string | null | undefined;
  /** Restore without checking a signature (an unsigned backup, or no key at hand): an explicit choice. */
  readonly allowUnsigned?: boolean;
}

/**
 * Check a parsed backup file's shape, checksum, signature and schema version; throws BackupError saying what
 * is wrong. The rows and the history chain are checked by restoreBackup (validateBackup).
 */
export function checkBackup(value: unknown, options: RestoreOptions = {}): Backup {
  const b = value as Partial<Backup> | null;
  if (!b || typeof b !== 'object' || b.format !== BACKUP_FORMAT) throw new BackupError('This is not a yjinspect backup (no "format": "yjinspect-backup")');
  if (b.formatVersion !== BACKUP_FORMAT_VERSION) throw new BackupError(`Backup format version ${String(b.formatVersion)} is not supported (this yjinspect reads ${BACKUP_FORMAT_VERSION})`);
  if (!b.tables || typeof b.tables !== 'object') throw new BackupError('The backup has no tables');
  for (const [t, rows] of Object.entries(b.tables)) if (!Array.isArray(rows)) throw new BackupError(`Table ${t} in the backup is not a list of rows`);
  if (checksumOf(b.tables) !== b.checksum) throw new BackupError('The backup checksum does not match its contents: the file is damaged or was edited');
  checkSignature(b as Backup, options);
  const known = loadMigrations().map((m) => m.version);
  if (typeof b.schemaVersion !== 'string' || !known.includes(b.schemaVersion)) {
    throw new BackupError(`The backup's schema version ${String(b.schemaVersion)} is newer than this yjinspect knows (${known.at(-1)}); upgrade yjinspect first`);
  }
  if (b.schemaVersion !== known.at(-1)) {
    // Its rows fit the older schema, and later migrations would have reshaped them.
    throw new BackupError(`The backup has schema version ${b.schemaVersion} but this yjinspect is at ${known.at(-1)}; restore it with the matching yjinspect version`);
  }
  return b as Backup;
}

function checkSignature(b: Backup, options: RestoreOptions): void {
  if (b.signature !== null && b.signature !== undefined && typeof b.signature !== 'string') throw new BackupError('The backup\'s signature is not a text');
  const key = options.key === undefined ? backupKeyFromEnv() : options.key;
  if (b.signature === null || b.signature === undefined) {
    if (options.allowUnsigned) return;
    throw new BackupError('The backup is not signed (it was written without BACKUP_KEY): restore it with --allow-unsigned only if you trust where it came from');
  }
  if (!key) {
    if (options.allowUnsigned) return;
    throw new BackupError('The backup is signed but BACKUP_KEY is not set: set it to the key the backup was signed with');
  }
  const expected = Buffer.from(hmac(key, signedText(b)), 'hex');
  const given = Buffer.from(/^[0-9a-f]{64}$/.test(b.signature) ? b.signature : '', 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new BackupError('The backup\'s signature does not match: the file was changed after it was written, or BACKUP_KEY is not the key it was signed with');
  }
}

/** Columns of each table, to refuse rows with fields the table does not have (jsonb_populate_recordset would drop them). */
async function tableColumns(db: Queryable): Promise<Map<string, Set<string>>> {
  const rows = await db.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()`,
  );
  const columns = new Map<string, Set<string>>();
  for (const r of rows) columns.set(r.table_name, (columns.get(r.table_name) ?? new Set()).add(r.column_name));
  return columns;
}

/** Insert every table's rows (parents first) and continue identity sequences after them. */
async function loadRows(tx: Queryable, backup: Backup): Promise<number> {
  const tables = await backupTables(tx);
  const unknown = Object.keys(backup.tables).filter((t) => !tables.some((x) => x.name === t));
  if (unknown.length > 0) throw new BackupError(`The backup has tables this database does not: ${unknown.join(', ')}`);
  const columns = await tableColumns(tx);
  let rows = 0;
  for (const t of tables) {
    const data = backup.tables[t.name] ?? [];
    if (data.length === 0) continue;
    data.forEach((row, i) => {
      if (!row || typeof row !== 'object' || Array.isArray(row)) throw new BackupError(`Table ${t.name}, row ${i + 1}: not an object`);
      const extra = Object.keys(row).filter((k) => !columns.get(t.name)?.has(k));
      if (extra.length > 0) throw new BackupError(`Table ${t.name}, row ${i + 1}: no such column ${extra.join(', ')}`);
    });
    try {
      await tx.query(`INSERT INTO ${t.name} SELECT * FROM jsonb_populate_recordset(NULL::${t.name}, $1::jsonb)`, [JSON.stringify(data)]);
    } catch (err) {
      throw new BackupError(`Table ${t.name}: its rows do not fit the table: ${(err as Error).message}`);
    }
    rows += data.length;
    for (const col of t.identity) {
      await tx.query(`SELECT setval(pg_get_serial_sequence('${t.name}', '${col}'), coalesce(max(${col}), 1), max(${col}) IS NOT NULL) FROM ${t.name}`);
    }
  }
  return rows;
}

/**
 * Check the chain before commit: the trigger links entries only at commit, so an entry the backup brings
 * without its link shows here as outside the chain (at commit every entry brought its link and none is added).
 */
async function checkChain(tx: Queryable): Promise<void> {
  const report = await verifyHistoryChain(tx);
  if (!report.ok) throw new BackupError(`The backup's history chain is broken at ${describeBrokenLink(report.broken)}`);
}

/**
 * Check every row of a backup and its history chain by restoring it into a throwaway in-memory database,
 * so that nothing is known to be wrong only halfway through the real restore.
 */
export async function validateBackup(backup: Backup): Promise<void> {
  const scratch = await openPglite(undefined);
  try {
    await migrate(scratch);
    await scratch.transaction(async (tx) => {
      await loadRows(tx, backup);
      await checkChain(tx);
      // Keep nothing, even in a database that is thrown away.
      throw new ValidationDone();
    });
  } catch (err) {
    if (!(err instanceof ValidationDone)) throw err;
  } finally {
    await scratch.close();
  }
}

class ValidationDone extends Error {}

/** Refuse a target that holds any row, before creating anything in it. */
async function refuseNonEmpty(db: Queryable): Promise<void> {
  const [m] = await db.query<{ t: string | null }>(`SELECT to_regclass('schema_migrations')::text AS t`);
  if (!m?.t) return;
  for (const t of await backupTables(db)) {
    const [r] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t.name}`);
    if (r!.n > 0) throw new BackupError(`The target database is not empty (table ${t.name} has ${r!.n} rows): restore into an empty one`);
  }
}

/**
 * Restore into an empty database: the whole file is checked first (checkBackup, validateBackup) and the
 * target refused if it holds anything, all before it is touched; then migrations and every row in one transaction.
 */
export async function restoreBackup(store: Store, value: unknown, options: RestoreOptions = {}): Promise<{ rows: number }> {
  const backup = checkBackup(value, options);
  await validateBackup(backup);
  await refuseNonEmpty(store);
  await migrate(store);
  if (backup.schemaVersion !== (await schemaVersion(store))) {
    throw new BackupError(`The backup has schema version ${backup.schemaVersion} but this database is at ${await schemaVersion(store)}; restore it with the matching yjinspect version`);
  }
  return store.transaction(async (tx) => {
    await refuseNonEmpty(tx);
    const rows = await loadRows(tx, backup);
    await checkChain(tx);
    return { rows };
  });
}
