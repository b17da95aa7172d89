/**
 * `yjinspect verify-history`: re-check the history's hash chain in the database (DATA_DIR or DATABASE_URL).
 * Exit 0 with the number of entries when it is intact, 1 naming the first broken entry and why.
 */
import { describeBrokenLink, openStore, storeOptionsFromEnv, verifyHistoryChain } from '../../app/index.js';

export async function run(argv: string[]): Promise<number> {
  if (argv.length > 0) {
    process.stderr.write('Usage: yjinspect verify-history (the database is DATA_DIR, default ./data, or DATABASE_URL)\n');
    return 2;
  }
  const store = await openStore(storeOptionsFromEnv());
  try {
    const report = await verifyHistoryChain(store);
    if (report.ok) {
      process.stdout.write(`History intact: ${report.entries} entries, every link and content hash checked\n`);
      return 0;
    }
    process.stderr.write(`yjinspect verify-history: the history chain is broken at ${describeBrokenLink(report.broken)} (${report.entries} entries before it are intact)\n`);
    return 1;
  } finally {
    await store.close();
  }
}
