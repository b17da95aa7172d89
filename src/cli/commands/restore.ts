/**
 * `yjinspect restore FILE [--allow-unsigned]`: check the whole backup first (checksum, signature with BACKUP_KEY,
 * every table's rows, the history chain), then load it into an empty database (DATA_DIR or DATABASE_URL) in one
 * transaction. A refused backup exits 2 and leaves the target untouched.
 */
import { readFileSync } from 'node:fs';
import { BackupError, openStore, restoreBackup, storeOptionsFromEnv } from '../../app/index.js';

export async function run(argv: string[]): Promise<number> {
  const allowUnsigned = argv.includes('--allow-unsigned');
  const [file, ...rest] = argv.filter((a) => a !== '--allow-unsigned');
  if (!file || rest.length > 0 || file.startsWith('--')) {
    process.stderr.write('Usage: yjinspect restore FILE [--allow-unsigned] (into an empty database: DATA_DIR, default ./data, or DATABASE_URL)\n');
    return 2;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    process.stderr.write(`yjinspect restore: cannot read ${file} as JSON: ${(err as Error).message}\n`);
    return 2;
  }
  // Opened without migrating: restoreBackup migrates only once the file has passed every check.
  const store = await openStore({ ...storeOptionsFromEnv(), migrate: false });
  try {
    const { rows } = await restoreBackup(store, parsed, { allowUnsigned });
    process.stdout.write(`Restored ${rows} rows from ${file}\n`);
    return 0;
  } catch (err) {
    if (err instanceof BackupError) {
      process.stderr.write(`yjinspect restore: ${err.message}\n`);
      return 2;
    }
    throw err;
  } finally {
    await store.close();
  }
}
