/**
 * `npm run bench`: runs every bench/<area>.ts module. Each reports ratios against a baseline measured in the
 * same run, never wall-clock thresholds. A module exports `run(): Promise<BenchLine[]>`.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface BenchLine {
  /** What was measured, e.g. "rate 10,000 cases from answers". */
  readonly name: string;
  /** What it is compared with, e.g. "plain counting loop". */
  readonly baseline: string;
  /** Measured time over baseline time (lower is better). */
  readonly ratio: number;
  /** The target ratio from the issue, when there is one. */
  readonly target?: number;
  readonly detail?: string;
}

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const modules = readdirSync(here)
  .filter((f) => f.endsWith('.js') && f !== 'index.js' && f !== 'util.js')
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();

let failed = false;
for (const file of modules) {
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { run(): Promise<BenchLine[]> };
  try {
    for (const line of await mod.run()) {
      const target = line.target === undefined ? '' : ` (aim ≤ ${line.target}×${line.ratio <= line.target ? '' : ', MISSED'})`;
      process.stdout.write(`${file.replace(/\.js$/, '').padEnd(10)} ${line.name}: ${line.ratio.toFixed(2)}× ${line.baseline}${target}${line.detail ? ` — ${line.detail}` : ''}\n`);
    }
  } catch (err) {
    failed = true;
    process.stderr.write(`${file}: ${(err as Error).stack ?? String(err)}\n`);
  }
}
process.exitCode = failed ? 1 : 0;
