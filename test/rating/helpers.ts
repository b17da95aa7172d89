/** Shared helpers for the rating tests: the real framework, the seed fixtures, and a rating shortcut. */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getFramework } from '../../src/core/framework/index.js';
import { rateInspection, type RateInput, type RateOutput, type StandardResult } from '../../src/core/rating/index.js';
import type { Rating } from '../../src/core/framework/types.js';

export const fixturesDir = fileURLToPath(new URL('../fixtures/seeds/', import.meta.url));

export interface SeedFixture {
  readonly name: string;
  readonly comment: string;
  readonly source: string;
  readonly input: RateInput;
  readonly published: {
    readonly ratings: Record<string, Rating>;
    readonly computedBeforeDiscretion: Record<string, Rating>;
    readonly printedPercent: Record<string, number>;
    readonly score: number;
    readonly overall: Rating;
  };
}

export function seedFixtures(): SeedFixture[] {
  return readdirSync(fixturesDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ name: f.replace(/\.json$/, ''), ...(JSON.parse(readFileSync(fixturesDir + f, 'utf8')) as Omit<SeedFixture, 'name'>) }));
}

export function rateRaw(raw: unknown): RateOutput {
  return rateInspection(raw, getFramework);
}

export function standardOf(out: RateOutput, id: string): StandardResult {
  const s = out.standards.find((x) => x.id === id);
  if (!s) throw new Error(`no standard ${id} in output`);
  return s;
}

/** The message of the RatingInputError thrown for this input (fails the test if it rates). */
export function errorOf(raw: unknown): string {
  try {
    rateRaw(raw);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected a rating input error, but the input was rated');
}

/** Judgements for domain 1 that every test inspection can reuse. */
export const DOMAIN_1_GOOD = {
  '1.1': { judgement: 'Good' },
  '1.2': { judgement: 'Good' },
  '1.3': { judgement: 'Good' },
  '1.4': { judgement: 'Good' },
} as const;
