/** `yjinspect restore FILE`: load a backup into an empty database (DATA_DIR or DATABASE_URL). A refused backup exits 2. */
import { readFileSync } from 'node:fs';
import { BackupError, restoreBackup } from '../../store/backup.js';
import { openStore, storeOptionsFromEnv } from '../../store/index.js';

export async function run(argv: string[]): Promise<number> {
  const [file, ...rest] = argv;
  if (!file || rest.length > 0) {
    process.stderr.write('Usage: yjinspect restore FILE (into an empty database: DATA_DIR, default ./data, or DATABASE_URL)\n');
    return 2;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    process.stderr.write(`yjinspect restore: cannot read ${file} as JSON: ${(err as Error).message}\n`);
    return 2;
  }
  const store = await openStore(storeOptionsFromEnv());
  try {
    const { rows } = await restoreBackup(store, parsed);
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
