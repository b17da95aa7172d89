import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { inverseNormalCdf, overrideSize, planSizes, sampleSize, twoSidedZ } from '../../src/core/sampling/index.js';

describe('inverse normal CDF (Acklam)', () => {
  // Reference quantiles of the standard normal distribution (published tables, 9–10 significant figures).
  const known: [number, number][] = [
    [0.5, 0],
    [0.9, 1.2815515655],
    [0.95, 1.6448536270],
    [0.975, 1.9599639845],
    [0.995, 2.5758293035],
    [0.999, 3.0902323062],
    [0.01, -2.3263478740],
    [0.02, -2.0537489106],
    [0.1, -1.2815515655],
    [1e-6, -4.7534243088],
  ];
  it.each(known)('Φ⁻¹(%f) = %f', (p, z) => {
    expect(inverseNormalCdf(p)).toBeCloseTo(z, 7);
  });

  it('is antisymmetric and increasing', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-9, max: 0.5, noNaN: true }), fc.double({ min: 1e-9, max: 0.5, noNaN: true }), (p, q) => {
        expect(inverseNormalCdf(p) + inverseNormalCdf(1 - p)).toBeCloseTo(0, 6);
        if (q - p > 1e-6) expect(inverseNormalCdf(p)).toBeLessThan(inverseNormalCdf(q));
      }),
    );
  });

  it('gives the two-sided z of a confidence level', () => {
    expect(twoSidedZ(80)).toBeCloseTo(1.2816, 4);
    expect(twoSidedZ(95)).toBeCloseTo(1.96, 4);
    expect(() => inverseNormalCdf(1)).toThrow(/0 < p < 1/);
    expect(() => twoSidedZ(100)).toThrow(/confidence/);
  });
});

describe('sample size: n0 = z²·p(1−p)/e², n = n0·N/(n0+N−1) rounded up, never more than N', () => {
  // Computed independently (Python's statistics.NormalDist and math.ceil), not with this code.
  const table: Record<string, Record<number, number>> = {
    '80/5': { 1: 1, 2: 2, 8: 8, 13: 13, 20: 18, 28: 25, 50: 39, 100: 63, 200: 91, 1000: 142 },
    '95/5': { 8: 8, 13: 13, 20: 20, 28: 27, 50: 45, 100: 80, 200: 132, 1000: 278 },
    '90/5': { 8: 8, 13: 13, 20: 19, 28: 26, 50: 43, 100: 74, 200: 116, 1000: 214 },
    '80/3': { 8: 8, 13: 13, 20: 20, 28: 27, 50: 46, 100: 83, 200: 140, 1000: 314 },
  };
  for (const [key, rows] of Object.entries(table)) {
    const [confidence, margin] = key.split('/').map(Number) as [number, number];
    it(`matches the independent table at ${confidence}% confidence, margin ${margin}`, () => {
      for (const [N, n] of Object.entries(rows)) expect([Number(N), sampleSize(Number(N), { confidence, margin }).sample]).toEqual([Number(N), n]);
    });
  }

  it('shows its working', () => {
    const w = sampleSize(28);
    expect(w.n0).toBeCloseTo(164.2374, 3);
    expect(w.corrected).toBeCloseTo((164.2374415 * 28) / (164.2374415 + 27), 4);
    expect(w.steps.join('\n')).toMatch(/z for 80% confidence \(two-sided\) = 1\.2816/);
    expect(w.steps.join('\n')).toMatch(/164\.24 × 28 \/ \(164\.24 \+ 28 − 1\) = 24\.05/);
    expect(w.steps.at(-1)).toBe('rounded up: 25');
    expect(sampleSize(8).steps.at(-1)).toMatch(/8 \(the whole population\)/);
    expect(sampleSize(0).sample).toBe(0);
  });

  it('never exceeds N and never falls as N grows (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 1, max: 50 }),
        fc.double({ min: 50, max: 99.9, noNaN: true }),
        fc.double({ min: 1, max: 20, noNaN: true }),
        (N, step, confidence, margin) => {
          const a = sampleSize(N, { confidence, margin }).sample;
          const b = sampleSize(N + step, { confidence, margin }).sample;
          expect(a).toBeLessThanOrEqual(N);
          expect(a).toBeGreaterThanOrEqual(Math.min(N, 1));
          expect(b).toBeGreaterThanOrEqual(a);
        },
      ),
    );
  });

  it('refuses nonsense with a message a person can act on', () => {
    expect(() => sampleSize(-1)).toThrow(/whole number of cases/);
    expect(() => sampleSize(10, { confidence: 80, margin: 0 })).toThrow(/margin of error/);
  });
});

describe('combined sizes and the 60/40 split', () => {
  it('sizes the court sample by the formula and the out-of-court sample at 40% of the combined sample', () => {
    // Stockton-on-Tees 2020: "We examined eight court disposals" … "five out-of-court disposals" (60/40).
    const plan = planSizes({ court: 8, outOfCourt: 30 });
    expect(plan.domains.map((d) => [d.domain, d.sample])).toEqual([['court', 8], ['outOfCourt', 5]]);
    expect(plan.combined).toEqual({ sample: 13, courtPercent: 61.5 });
    // A South Tees 2019-sized service: 24 court cases from 27 eligible, 16 out-of-court (the report took 15).
    expect(planSizes({ court: 27, outOfCourt: 60 }).domains.map((d) => d.sample)).toEqual([24, 16]);
  });

  it('takes the whole out-of-court population when it falls short, and says so', () => {
    const plan = planSizes({ court: 50, outOfCourt: 12 });
    const oc = plan.domains.find((d) => d.domain === 'outOfCourt')!;
    expect(oc.sample).toBe(12);
    expect(oc.shortfall).toMatch(/12 cases, 14 short of the aim of 26/);
    expect(plan.domains[0]!.sample).toBe(39);
  });

  it('sizes out-of-court by the formula when there is no court population', () => {
    expect(planSizes({ court: 0, outOfCourt: 100 }).domains.map((d) => d.sample)).toEqual([0, 63]);
  });

  it('adds resettlement outside the split when the framework has it', () => {
    const plan = planSizes({ court: 13, outOfCourt: 40, resettlement: 3 });
    expect(plan.domains.map((d) => [d.domain, d.sample])).toEqual([['court', 13], ['outOfCourt', 9], ['resettlement', 3]]);
    expect(plan.combined.sample).toBe(22);
  });

  it('lets the lead override a figure only with a recorded reason', () => {
    const plan = planSizes({ court: 13, outOfCourt: 40 });
    const over = overrideSize(plan, { domain: 'outOfCourt', sample: 20, reason: '  Two out-of-court workers, each needs ten cases  ' });
    const oc = over.domains.find((d) => d.domain === 'outOfCourt')!;
    expect(oc).toMatchObject({ proposed: 9, sample: 20, override: { from: 9, to: 20, reason: 'Two out-of-court workers, each needs ten cases' } });
    expect(over.combined).toEqual({ sample: 33, courtPercent: 39.4 });
    // A court override carries through to the out-of-court share, unless that is overridden too.
    const court = overrideSize(plan, { domain: 'court', sample: 9, reason: 'three files not available' });
    expect(court.domains.map((d) => [d.domain, d.sample])).toEqual([['court', 9], ['outOfCourt', 6]]);
    expect(overrideSize(over, { domain: 'court', sample: 9, reason: 'r' }).domains.map((d) => d.sample)).toEqual([9, 20]);
    expect(overrideSize(court, { domain: 'court', sample: 12, reason: 'r2' }).overrides).toEqual([{ domain: 'court', sample: 12, reason: 'r2' }]);
    expect(() => overrideSize(plan, { domain: 'court', sample: 10, reason: ' ' })).toThrow(/needs a reason/);
    expect(() => overrideSize(plan, { domain: 'court', sample: 14, reason: 'x' })).toThrow(/from 0 to 13/);
    expect(() => overrideSize(plan, { domain: 'resettlement', sample: 1, reason: 'x' })).toThrow(/no resettlement/);
  });
});
