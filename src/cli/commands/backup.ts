/** `yjinspect backup FILE`: write a complete, checksummed export of the database (DATA_DIR or DATABASE_URL). */
import { renameSync, writeFileSync } from 'node:fs';
import { exportBackup } from '../../store/backup.js';
import { openStore, storeOptionsFromEnv } from '../../store/index.js';

export async function run(argv: string[]): Promise<number> {
  const [file, ...rest] = argv;
  if (!file || rest.length > 0) {
    process.stderr.write('Usage: yjinspect backup FILE (the database is DATA_DIR, default ./data, or DATABASE_URL)\n');
    return 2;
  }
  const store = await openStore(storeOptionsFromEnv());
  try {
    const backup = await exportBackup(store);
    // Write beside the target, then rename: a crash never leaves half a backup under the real name.
    const tmp = `${file}.partial`;
    writeFileSync(tmp, JSON.stringify(backup));
    renameSync(tmp, file);
    const rows = Object.values(backup.tables).reduce((n, t) => n + t.length, 0);
    process.stdout.write(`Backed up ${rows} rows (schema ${backup.schemaVersion}, sha256 ${backup.checksum.slice(0, 12)}…) to ${file}\n`);
    return 0;
  } finally {
    await store.close();
  }
}
