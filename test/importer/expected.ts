/** Loads the hand-written expected data for a seed and compares an import with it. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ImportedReport } from '../../src/importer/index.js';

export const SEEDS = ['stockton-on-tees-2020', 'south-tees-2019', 'stoke-on-trent-2022'] as const;
export type Seed = (typeof SEEDS)[number];

export interface Expected {
  provider: string | null;
  published: string | null;
  framework: '2018' | '2021';
  overall: ImportedReport['overall'];
  caseSample: ImportedReport['caseSample'];
  ratings: Record<string, string>;
  discretion: Record<string, string | null>;
  counts: Record<string, [number, number]>;
  percents: Record<string, number>;
  recommendations: string[];
}

export function seedText(seed: Seed): string {
  return readFileSync(fileURLToPath(new URL(`./fixtures/seeds/${seed}.txt`, import.meta.url)), 'utf8');
}

export function expected(seed: Seed): Expected {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`./fixtures/${seed}.expected.json`, import.meta.url)), 'utf8')) as Expected;
}

export interface ReadFigure {
  relevant: number | null;
  yes: number | null;
  percent: number | null;
}

/** Every key-question and prompt figure of an import, by id. */
export function figuresOf(r: ImportedReport): Map<string, ReadFigure> {
  const out = new Map<string, ReadFigure>();
  for (const s of r.standards) for (const f of [...s.keyQuestions, ...s.prompts]) out.set(f.id, { relevant: f.relevant, yes: f.yes, percent: f.percent });
  return out;
}

/** The figures the expected data says the report prints, in the importer's shape. */
export function expectedFigures(e: Expected): Map<string, ReadFigure> {
  const out = new Map<string, ReadFigure>();
  for (const [id, [relevant, yes]] of Object.entries(e.counts)) out.set(id, { relevant, yes, percent: Math.round((yes * 100) / relevant) });
  for (const [id, percent] of Object.entries(e.percents)) out.set(id, { relevant: null, yes: null, percent });
  return out;
}
