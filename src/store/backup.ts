/**
 * Backup and restore: a complete, versioned, checksummed JSON export of one database (every table,
 * history included) that restores into an empty database of either kind (PGlite ↔ PostgreSQL).
 * Rows travel as jsonb (`to_jsonb` out, `jsonb_populate_recordset` in), so every column keeps its type.
 */
import { createHash } from 'node:crypto';
import { loadMigrations, migrate, schemaVersion } from './migrate.js';
import type { Queryable, Store } from './types.js';

export const BACKUP_FORMAT = 'yjinspect-backup';
export const BACKUP_FORMAT_VERSION = 1;

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
  readonly tables: Record<string, unknown[]>;
}

export class BackupError extends Error {}

function checksumOf(tables: Record<string, unknown[]>): string {
  return createHash('sha256').update(JSON.stringify(tables)).digest('hex');
}

export async function exportBackup(store: Store): Promise<Backup> {
  return store.transaction(async (tx) => {
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
    };
  });
}

/** Check a parsed backup file; throws BackupError saying what is wrong. */
export function checkBackup(value: unknown): Backup {
  const b = value as Partial<Backup> | null;
  if (!b || typeof b !== 'object' || b.format !== BACKUP_FORMAT) throw new BackupError('This is not a yjinspect backup (no "format": "yjinspect-backup")');
  if (b.formatVersion !== BACKUP_FORMAT_VERSION) throw new BackupError(`Backup format version ${String(b.formatVersion)} is not supported (this yjinspect reads ${BACKUP_FORMAT_VERSION})`);
  if (!b.tables || typeof b.tables !== 'object') throw new BackupError('The backup has no tables');
  for (const [t, rows] of Object.entries(b.tables)) if (!Array.isArray(rows)) throw new BackupError(`Table ${t} in the backup is not a list of rows`);
  if (checksumOf(b.tables) !== b.checksum) throw new BackupError('The backup checksum does not match its contents: the file is damaged or was edited');
  const known = loadMigrations().map((m) => m.version);
  if (typeof b.schemaVersion !== 'string' || !known.includes(b.schemaVersion)) {
    throw new BackupError(`The backup's schema version ${String(b.schemaVersion)} is newer than this yjinspect knows (${known.at(-1)}); upgrade yjinspect first`);
  }
  return b as Backup;
}

/** Restore into an empty database (migrated first). Everything in one transaction. */
export async function restoreBackup(store: Store, value: unknown): Promise<{ rows: number }> {
  const backup = checkBackup(value);
  await migrate(store);
  if (backup.schemaVersion !== (await schemaVersion(store))) {
    // Restoring an older backup: its rows fit the older schema, and later migrations would have reshaped them.
    throw new BackupError(`The backup has schema version ${backup.schemaVersion} but this database is at ${await schemaVersion(store)}; restore it with the matching yjinspect version`);
  }
  return store.transaction(async (tx) => {
    const tables = await backupTables(tx);
    const unknown = Object.keys(backup.tables).filter((t) => !tables.some((x) => x.name === t));
    if (unknown.length > 0) throw new BackupError(`The backup has tables this database does not: ${unknown.join(', ')}`);
    for (const t of tables) {
      const [r] = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t.name}`);
      if (r!.n > 0) throw new BackupError(`The target database is not empty (table ${t.name} has ${r!.n} rows): restore into an empty one`);
    }
    let rows = 0;
    for (const t of tables) {
      const data = backup.tables[t.name] ?? [];
      if (data.length === 0) continue;
      await tx.query(`INSERT INTO ${t.name} SELECT * FROM jsonb_populate_recordset(NULL::${t.name}, $1::jsonb)`, [JSON.stringify(data)]);
      rows += data.length;
      for (const col of t.identity) {
        await tx.query(`SELECT setval(pg_get_serial_sequence('${t.name}', '${col}'), coalesce(max(${col}), 1), max(${col}) IS NOT NULL) FROM ${t.name}`);
      }
    }
    return { rows };
  });
}
