/**
 * Backup and restore: a complete, versioned, checksummed JSON export of one database (every table,
 * history included) that restores into an empty database of either kind (PGlite ↔ PostgreSQL).
 * Rows travel as jsonb (`to_jsonb` out, `jsonb_populate_recordset` in), so every column keeps its type.
 */
import { createHash } from 'node:crypto';
import { loadMigrations, migrate, schemaVersion } from './migrate.js';
import type { Store } from './types.js';

export const BACKUP_FORMAT = 'yjinspect-backup';
export const BACKUP_FORMAT_VERSION = 1;

/** Every table, parents before children, each with a stable order. */
export const BACKUP_TABLES: ReadonlyArray<readonly [table: string, orderBy: string]> = [
  ['services', 'id'],
  ['accounts', 'id'],
  ['sessions', 'token_hash'],
  ['login_failures', 'id'],
  ['inspections', 'id'],
  ['inspection_roles', 'inspection_id, account_id, role'],
  ['cases', 'id'],
  ['answers', 'case_id, question_id'],
  ['evidence', 'id'],
  ['judgements', 'inspection_id, standard_id'],
  ['discretion_decisions', 'inspection_id, standard_id'],
  ['recommendations', 'id'],
  ['history', 'id'],
];

/** Tables with an identity column whose sequence must continue after the restored rows. */
const IDENTITY_TABLES = ['login_failures', 'history'];

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
    for (const [table, orderBy] of BACKUP_TABLES) {
      const rows = await tx.query<{ row: unknown }>(`SELECT to_jsonb(t) AS row FROM ${table} t ORDER BY ${orderBy}`);
      tables[table] = rows.map((r) => (typeof r.row === 'string' ? JSON.parse(r.row) : r.row));
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
  for (const [t] of BACKUP_TABLES) if (!Array.isArray(b.tables[t])) throw new BackupError(`The backup is missing table ${t}`);
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
    for (const [table] of BACKUP_TABLES) {
      const [r] = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
      if (r!.n > 0) throw new BackupError(`The target database is not empty (table ${table} has ${r!.n} rows): restore into an empty one`);
    }
    let rows = 0;
    for (const [table] of BACKUP_TABLES) {
      const data = backup.tables[table]!;
      if (data.length === 0) continue;
      await tx.query(`INSERT INTO ${table} SELECT * FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)`, [JSON.stringify(data)]);
      rows += data.length;
    }
    for (const table of IDENTITY_TABLES) {
      await tx.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), coalesce(max(id), 1), max(id) IS NOT NULL) FROM ${table}`);
    }
    return { rows };
  });
}
