/** Fictional populations for the sampling tests: pseudonymous refs and classifications, no names. */
import fc from 'fast-check';
import { DISPOSAL_TYPES, type PopulationCase } from '../../src/core/sampling/index.js';

const court = DISPOSAL_TYPES.filter((d) => d.court).map((d) => d.label);
const outOfCourt = DISPOSAL_TYPES.filter((d) => !d.court).map((d) => d.label);

/** A population case with a skewed but realistic mix (mostly boys, mostly low or medium risk). */
export const caseArb = (i: number, domain: 'court' | 'outOfCourt' | 'any' = 'any'): fc.Arbitrary<PopulationCase> =>
  fc.record({
    ref: fc.constant(`YJ-${String(i).padStart(5, '0')}`),
    disposalType: fc.constantFrom(...(domain === 'court' ? court : domain === 'outOfCourt' ? outOfCourt : [...court, ...outOfCourt])),
    startDate: fc.constantFrom('2024-09-10', '2024-10-01', '2024-11-15'),
    gender: fc.constantFrom('Male', 'Male', 'Male', 'Female', 'Not known'),
    ageBand: fc.constantFrom('10-14', '15-17', '15-17'),
    ethnicity: fc.constantFrom('White', 'White', 'Mixed', 'Asian', 'Black', 'Other', 'Not known'),
    riskOfSeriousHarm: fc.constantFrom('Low', 'Low', 'Medium', 'High', 'Very high'),
    safetyAndWellbeing: fc.constantFrom('Low', 'Medium', 'Medium', 'High', 'Very high'),
  }) as fc.Arbitrary<PopulationCase>;

export const populationArb = (min: number, max: number, domain: 'court' | 'outOfCourt' | 'any' = 'any'): fc.Arbitrary<PopulationCase[]> =>
  fc.integer({ min, max }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => caseArb(i + 1, domain))));

/** Category counts of a list of category tuples, per variable. */
export function withinOne(population: readonly (readonly string[])[], sample: readonly (readonly string[])[], strict = false): boolean {
  const n = sample.length, N = population.length;
  const width = population[0]?.length ?? 0;
  for (let v = 0; v < width; v++) {
    for (const c of new Set(population.map((u) => u[v]!))) {
      const share = (n * population.filter((u) => u[v] === c).length) / N;
      const d = Math.abs(sample.filter((u) => u[v] === c).length - share);
      if (strict ? d >= 1 - 1e-9 : d > 1 + 1e-9) return false;
    }
  }
  return true;
}

/** Every subset of size k of 0..n−1 (small n only). */
export function* subsets(n: number, k: number, start = 0, acc: number[] = []): Generator<number[]> {
  if (acc.length === k) {
    yield [...acc];
    return;
  }
  for (let i = start; i <= n - (k - acc.length); i++) {
    acc.push(i);
    yield* subsets(n, k, i + 1, acc);
    acc.pop();
  }
}
