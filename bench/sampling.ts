/**
 * Drawing a stratified sample (sizes, selection, reserves and the comparison table) from a 20,000-case
 * population, against a plain seeded shuffle-and-take of the same number of cases from the same array,
 * measured in the same run.
 */
import { createRng, drawSample, DISPOSAL_TYPES, selectStratified, shuffled, STRATIFIERS, valueOf, type PopulationCase } from '../src/core/sampling/index.js';
import type { BenchLine } from './index.js';
import { medianMs } from './util.js';

const CASES = 20_000;

function population(): PopulationCase[] {
  const rng = createRng(2024);
  const pick = <T>(xs: readonly T[], weights: readonly number[]): T => {
    let r = rng.next() * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < xs.length; i++) if ((r -= weights[i]!) < 0) return xs[i]!;
    return xs[xs.length - 1]!;
  };
  const disposals = DISPOSAL_TYPES.map((d) => d.label);
  return Array.from({ length: CASES }, (_, i) => ({
    ref: `YJ-${String(i).padStart(6, '0')}`,
    disposalType: pick(disposals, [30, 20, 1, 3, 4, 1, 8, 9, 14, 15, 3]),
    startDate: '2024-10-01',
    gender: pick(['Female', 'Male', 'Other', 'Not known'] as const, [20, 78, 1, 1]),
    ageBand: pick(['10-14', '15-17', '18+'] as const, [30, 68, 2]),
    ethnicity: pick(['White', 'Mixed', 'Asian', 'Black', 'Other', 'Not known'] as const, [70, 8, 9, 7, 3, 3]),
    riskOfSeriousHarm: pick(['Low', 'Medium', 'High', 'Very high', 'Not assessed'] as const, [45, 33, 15, 3, 4]),
    safetyAndWellbeing: pick(['Low', 'Medium', 'High', 'Very high', 'Not assessed'] as const, [30, 40, 22, 5, 3]),
  }));
}

export async function run(): Promise<BenchLine[]> {
  const pop = population();
  const drawn = drawSample(pop, { seed: 1 });
  const n = drawn.sample.length;
  const stratified = drawn.comparison.filter((r) => STRATIFIERS.includes(r.variable));
  const court = drawn.population.filter((c) => c.domain === 'court');
  const nCourt = drawn.sample.filter((c) => c.domain === 'court').length;
  let seed = 0;
  const baseline = medianMs(() => shuffled(pop, createRng(++seed)).slice(0, n), 9, 2);
  const full = medianMs(() => drawSample(pop, { seed: ++seed }), 9, 2);
  const courtBaseline = medianMs(() => shuffled(court, createRng(++seed)).slice(0, nCourt), 9, 2);
  const select = medianMs(() => selectStratified(court, nCourt, { classify: (c) => STRATIFIERS.map((v) => valueOf(c, v)), rng: createRng(++seed), reserve: 0 }), 9, 2);
  return [
    {
      name: `draw a stratified sample of ${n} from ${CASES.toLocaleString('en-GB')} cases (sizes, selection, reserves, comparison)`,
      baseline: 'shuffle-and-take of the same array',
      ratio: full / baseline,
      detail: `${stratified.filter((r) => !r.withinOne).length} of ${stratified.length} stratified categories outside one case of their share`,
    },
    {
      name: `stratified selection alone, ${nCourt} of ${court.length.toLocaleString('en-GB')} court cases`,
      baseline: 'shuffle-and-take of the same array',
      ratio: select / courtBaseline,
    },
  ];
}
