/**
 * Importing a ~120 KB published report, as a ratio to JSON.parse of a JSON document of the same size,
 * both measured in this run. The report is the Stockton-on-Tees seed with its domain sections repeated
 * (a long report with many tables), so every part of the importer does real work.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importReportText } from '../src/importer/index.js';
import type { BenchLine } from './index.js';
import { medianMs } from './util.js';

const TARGET_BYTES = 120 * 1024;

function seedsDir(): string {
  // Compiled to dist/bench: walk up to the repository (package.json) and use the importer's seed copies.
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'test', 'importer', 'fixtures', 'seeds');
    dir = dirname(dir);
  }
  throw new Error('the repository root (package.json) was not found above bench/');
}

function report(): string {
  const seed = readFileSync(join(seedsDir(), 'stockton-on-tees-2020.txt'), 'utf8');
  const start = seed.indexOf('2. Court disposals');
  const body = start > 0 ? seed.slice(start) : seed;
  let text = seed;
  while (Buffer.byteLength(text) < TARGET_BYTES) text += `\n${body}`;
  return text.slice(0, TARGET_BYTES);
}

function jsonOfSize(bytes: number): string {
  const row = (i: number) => ({ id: `2.${i % 4}.${i % 3}`, text: 'Does planning focus sufficiently on keeping the child safe?', relevant: 8, yes: i % 9, percent: 63, tags: ['court', 'planning'] });
  const per = JSON.stringify(row(0)).length + 1;
  return JSON.stringify(Array.from({ length: Math.max(1, Math.round(bytes / per)) }, (_, i) => row(i)));
}

export async function run(): Promise<BenchLine[]> {
  const text = report();
  const json = jsonOfSize(Buffer.byteLength(text));
  const base = medianMs(() => JSON.parse(json), 31, 5);
  const imported = importReportText(text);
  const figures = imported.standards.reduce((n, s) => n + s.keyQuestions.length + s.prompts.length, 0);
  const took = medianMs(() => importReportText(text), 9, 2);
  return [
    {
      name: `import a ${Math.round(Buffer.byteLength(text) / 1024)} KB report (${figures} figures read)`,
      baseline: `JSON.parse of ${Math.round(json.length / 1024)} KB JSON`,
      ratio: took / base,
    },
  ];
}
