/**
 * `yjinspect backup FILE`: write a complete, checksummed export of the database (DATA_DIR or DATABASE_URL),
 * signed with BACKUP_KEY; without a key it is written unsigned with a warning (restoring it then needs
 * --allow-unsigned). The file is readable by its owner only: it holds password hashes.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { BackupError, backupKeyFromEnv, exportBackup } from '../../store/backup.js';
import { openStore, storeOptionsFromEnv } from '../../store/index.js';

export async function run(argv: string[]): Promise<number> {
  const [file, ...rest] = argv;
  if (!file || rest.length > 0) {
    process.stderr.write('Usage: yjinspect backup FILE (the database is DATA_DIR, default ./data, or DATABASE_URL; BACKUP_KEY signs it)\n');
    return 2;
  }
  let key: string | undefined;
  try {
    key = backupKeyFromEnv();
  } catch (err) {
    if (!(err instanceof BackupError)) throw err;
    process.stderr.write(`yjinspect backup: ${err.message}\n`);
    return 2;
  }
  const store = await openStore(storeOptionsFromEnv());
  try {
    const backup = await exportBackup(store, { key: key ?? null });
    // Write beside the target, then rename: a crash never leaves half a backup under the real name.
    const tmp = `${file}.partial`;
    rmSync(tmp, { force: true });
    writeFileSync(tmp, JSON.stringify(backup), { mode: 0o600 });
    renameSync(tmp, file);
    const rows = Object.values(backup.tables).reduce((n, t) => n + t.length, 0);
    if (!backup.signature) process.stderr.write('yjinspect backup: warning: BACKUP_KEY is not set, so the backup is not signed; restoring it will need --allow-unsigned\n');
    process.stdout.write(`Backed up ${rows} rows (schema ${backup.schemaVersion}, sha256 ${backup.checksum.slice(0, 12)}…${backup.signature ? ', signed' : ', unsigned'}) to ${file}\n`);
    return 0;
  } finally {
    await store.close();
  }
}
