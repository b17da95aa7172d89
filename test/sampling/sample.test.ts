import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import {
  applyWindows,
  comparisonChartSpec,
  DEFAULT_WINDOWS,
  drawSample,
  monthsBefore,
  replaceCase,
  SampleOutputSchema,
  toSampleOutput,
  type DomainCase,
  valueOf,
  type PopulationCase,
} from '../../src/core/sampling/index.js';
import { parsePopulationCsv } from '../../src/population/index.js';
import { populationArb } from './helpers.js';

const fixture = (name: string): string => readFileSync(fileURLToPath(new URL(`fixtures/${name}`, import.meta.url)), 'utf8');
const seed = (name: string): string => readFileSync(fileURLToPath(new URL(`../../../shared/seeds/${name}`, import.meta.url)), 'utf8').replace(/\s+/g, ' ');

describe('eligibility windows', () => {
  it('takes the defaults from the reports’ methodology wording', () => {
    expect(seed('south-tees-2019.txt')).toContain('court disposals six to nine months earlier');
    expect(DEFAULT_WINDOWS.court).toEqual({ from: 6, to: 9 });
    expect(seed('stockton-on-tees-2020.txt')).toContain('out-of-court disposals six to 10 months earlier');
    expect(DEFAULT_WINDOWS.outOfCourt).toEqual({ from: 6, to: 10 });
  });

  it('counts months on the calendar, keeping month ends', () => {
    expect(monthsBefore('2025-06-02', 9)).toBe('2024-09-02');
    expect(monthsBefore('2025-05-31', 3)).toBe('2025-02-28');
    expect(monthsBefore('2024-05-31', 3)).toBe('2024-02-29');
    expect(monthsBefore('2025-01-15', 13)).toBe('2023-12-15');
    expect(() => monthsBefore('2025-02-30', 1)).toThrow(/YYYY-MM-DD/);
  });

  it('includes both ends of a window and lists every other case with the reason', () => {
    const mk = (ref: string, domain: DomainCase['domain'], startDate: string): DomainCase =>
      ({ ref, domain, startDate, disposalType: domain === 'court' ? 'Referral order' : 'Triage', gender: 'Male', ageBand: '15-17', ethnicity: 'White', riskOfSeriousHarm: 'Low', safetyAndWellbeing: 'Low' });
    const { eligible, excluded } = applyWindows(
      [mk('C1', 'court', '2024-09-02'), mk('C2', 'court', '2024-12-02'), mk('C3', 'court', '2024-09-01'), mk('C4', 'court', '2024-12-03'), mk('O1', 'outOfCourt', '2024-08-02'), mk('O2', 'outOfCourt', '2024-08-01')],
      '2025-06-02',
    );
    expect(eligible.map((c) => c.ref)).toEqual(['C1', 'C2', 'O1']);
    expect(excluded.map((e) => [e.ref, e.reason.split(':')[0]])).toEqual([['C3', 'began 2024-09-01, too early'], ['C4', 'began 2024-12-03, too recent'], ['O2', 'delivered 2024-08-01, too early']]);
    expect(excluded[0]!.reason).toContain('6–9 months before fieldwork (2024-09-02 to 2024-12-02)');
    expect(() => applyWindows([], '2025-6-2')).toThrow(/fieldwork date/);
    expect(() => applyWindows([], '2025-06-02', { ...DEFAULT_WINDOWS, court: { from: 9, to: 6 } })).toThrow(/from ≤ to/);
  });
});

describe('drawing a sample from a population file', () => {
  const cases = parsePopulationCsv(fixture('population-medium.csv'));

  it('applies the windows, sizes each domain and keeps the published JSON shape', () => {
    const result = drawSample(cases, { seed: 7, fieldwork: '2025-06-02' });
    expect(result.excluded).toHaveLength(18);
    expect(result.excluded.length + result.population.length).toBe(cases.length);
    const out = toSampleOutput(result);
    expect(out.sizes.court).toMatchObject({ population: 70, sample: 50 });
    expect(out.sizes.outOfCourt).toMatchObject({ population: 50, sample: 33 });
    expect(out.sample.filter((c) => c.domain === 'court')).toHaveLength(50);
    expect(out.sample.filter((c) => c.domain === 'outOfCourt')).toHaveLength(33);
    expect(Object.keys(out.sample[0]!)).toEqual(expect.arrayContaining(['ref', 'domain']));
    expect(out.reserve.filter((c) => c.domain === 'court').map((c) => c.rank)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1)); // half of 50, but only 20 are left
    expect(out.comparison[0]).toMatchObject({ variable: 'gender', domain: 'court', category: 'Female' });
    expect(out.comparison.filter((r) => ['gender', 'disposal_type', 'risk_of_serious_harm', 'safety_and_wellbeing'].includes(r.variable)).every((r) => r.withinOne)).toBe(true);
    expect(SampleOutputSchema.safeParse(JSON.parse(JSON.stringify(out))).success).toBe(true);
  });

  it('counts the comparison from the population and the sample', () => {
    const result = drawSample(cases, { seed: 7, fieldwork: '2025-06-02' });
    for (const row of result.comparison) {
      const pop = result.population.filter((c) => c.domain === row.domain);
      expect(row.population).toBe(pop.filter((c) => valueOf(c, row.variable) === row.category).length);
      expect(row.sample).toBe(result.sample.filter((c) => c.domain === row.domain && valueOf(c, row.variable) === row.category).length);
    }
    const total = result.comparison.filter((r) => r.variable === 'gender' && r.domain === 'court').reduce((s, r) => s + r.sample, 0);
    expect(total).toBe(50);
  });

  it('separates custody cases for resettlement under the 2021 framework', () => {
    const result = drawSample(cases, { seed: 7, fieldwork: '2025-06-02', framework: '2021' });
    const res = result.sizes.domains.find((d) => d.domain === 'resettlement')!;
    expect(res.population).toBe(result.population.filter((c) => c.disposalType === 'Detention and training order' || c.disposalType === 'Other custodial sentence').length);
    expect(res.population).toBeGreaterThan(0);
    expect(result.sample.some((c) => c.domain === 'resettlement')).toBe(true);
    expect(toSampleOutput(result).sizes.resettlement).toBeDefined();
  });

  it('records overrides with their reason', () => {
    const result = drawSample(cases, { seed: 7, fieldwork: '2025-06-02', overrides: [{ domain: 'court', sample: 24, reason: 'one week of fieldwork' }] });
    expect(result.sample.filter((c) => c.domain === 'court')).toHaveLength(24);
    expect(toSampleOutput(result).sizes.court.override).toEqual({ from: 50, to: 24, reason: 'one week of fieldwork' });
  });

  it('refuses duplicated refs even without the adapter', () => {
    const c = cases[0]!;
    expect(() => drawSample([c, c], { seed: 1 })).toThrow(/more than once/);
  });

  it('gives a Vega-Lite chart of the comparison as data', () => {
    const result = drawSample(cases, { seed: 7 });
    const spec = comparisonChartSpec(result.comparison) as { vconcat: { title: { text: string }; data: { values: { series: string }[] } }[] };
    expect(spec.vconcat.map((b) => b.title.text)).toEqual(['Gender', 'Age band', 'Ethnicity', 'Disposal type', 'Risk of serious harm', 'Safety and wellbeing']);
    expect(spec.vconcat.reduce((n, b) => n + b.data.values.length, 0)).toBe(result.comparison.length * 2);
  });
});

describe('replacing a case that cannot be inspected', () => {
  const base = (i: number, gender: PopulationCase['gender']): PopulationCase => ({
    ref: `R-${i}`, disposalType: 'Referral order', startDate: '2024-10-01', gender, ageBand: '15-17', ethnicity: 'White', riskOfSeriousHarm: 'Low', safetyAndWellbeing: 'Low',
  });

  it('picks the reserve that keeps the balance best and records who, when and why', () => {
    // 10 girls and 30 boys; whichever girl is replaced, a girl from the reserves keeps the balance.
    const pop = [...Array.from({ length: 10 }, (_, i) => base(i, 'Female')), ...Array.from({ length: 30 }, (_, i) => base(100 + i, 'Male'))];
    const result = drawSample(pop, { seed: 3, overrides: [{ domain: 'court', sample: 12, reason: 'test' }], reserve: 20 });
    const girl = result.sample.find((c) => c.gender === 'Female')!;
    const firstReserve = result.reserve[0]!;
    const replaced = replaceCase(result, { ref: girl.ref, by: 'Lead inspector', at: '2025-06-03T09:15:00Z', reason: 'case manager on long-term leave, file incomplete' });
    const added = replaced.replacements[0]!;
    expect(added).toMatchObject({ removed: girl.ref, domain: 'court', by: 'Lead inspector', at: '2025-06-03T09:15:00Z', reason: 'case manager on long-term leave, file incomplete' });
    expect(replaced.sample.find((c) => c.ref === added.added)!.gender).toBe('Female');
    expect(replaced.sample.filter((c) => c.gender === 'Female')).toHaveLength(3);
    expect(replaced.sample.some((c) => c.ref === girl.ref)).toBe(false);
    expect(replaced.reserve.some((c) => c.ref === added.added)).toBe(false);
    expect(replaced.reserve.map((c) => c.rank)).toEqual(Array.from({ length: replaced.reserve.length }, (_, i) => i + 1));
    if (firstReserve.gender === 'Female') expect(added.added).toBe(firstReserve.ref);
  });

  it('keeps every category within one case after a replacement when a like-for-like reserve exists (property)', () => {
    const stratified = ['gender', 'disposal_type', 'risk_of_serious_harm', 'safety_and_wellbeing'];
    const key = (c: PopulationCase): string => [c.gender, c.disposalType, c.riskOfSeriousHarm, c.safetyAndWellbeing].join('|');
    fc.assert(
      fc.property(populationArb(40, 120, 'court'), fc.nat(), fc.nat(), (pop, seed, pick) => {
        const result = drawSample(pop, { seed, reserve: 40 });
        const sampled = result.sample.filter((c) => c.domain === 'court');
        const out = sampled[pick % sampled.length]!;
        const replaced = replaceCase(result, { ref: out.ref, by: 'QA lead', at: '2025-01-01T00:00:00Z', reason: 'moved out of area' });
        expect(replaced.sample).toHaveLength(result.sample.length);
        const balanced = (r: typeof result): boolean => r.comparison.filter((x) => stratified.includes(x.variable)).every((x) => x.withinOne);
        expect(balanced(result)).toBe(true);
        // A reserve with the same four classifications restores the same counts, so the best choice is at least as good.
        if (result.reserve.some((c) => c.domain === 'court' && key(c) === key(out))) expect(balanced(replaced)).toBe(true);
      }),
      { numRuns: 30 },
    );
  });

  it('refuses a replacement without a reason, a person or a real time', () => {
    const result = drawSample([base(1, 'Male'), base(2, 'Male'), base(3, 'Female')], { seed: 1, overrides: [{ domain: 'court', sample: 2, reason: 't' }] });
    const ref = result.sample[0]!.ref;
    expect(() => replaceCase(result, { ref, by: 'x', at: '2025-01-01T00:00:00Z', reason: '' })).toThrow(/needs a reason/);
    expect(() => replaceCase(result, { ref, by: ' ', at: '2025-01-01T00:00:00Z', reason: 'r' })).toThrow(/person/);
    expect(() => replaceCase(result, { ref, by: 'x', at: 'yesterday', reason: 'r' })).toThrow(/ISO timestamp/);
    expect(() => replaceCase(result, { ref: 'R-999', by: 'x', at: '2025-01-01T00:00:00Z', reason: 'r' })).toThrow(/not in the sample/);
    const once = replaceCase(result, { ref, by: 'x', at: '2025-01-01T00:00:00Z', reason: 'r' });
    expect(() => replaceCase(once, { ref: once.sample[1]!.ref, by: 'x', at: '2025-01-01T00:00:00Z', reason: 'r' })).toThrow(/no court disposals reserves left/);
  });
});
