/** The three published seeds: from ../shared/seeds beside the clone, else the importer's fixture copies. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SEEDS = ['south-tees-2019', 'stockton-on-tees-2020', 'stoke-on-trent-2022'] as const;

export function seedPath(seed: (typeof SEEDS)[number]): string {
  const shared = join(process.cwd(), '..', 'shared', 'seeds', `${seed}.txt`);
  return existsSync(shared) ? shared : fileURLToPath(new URL(`../importer/fixtures/seeds/${seed}.txt`, import.meta.url));
}
