/**
 * The statistics of src/core/quality against published worked examples, brute force and properties: the
 * normal quantile, the Wilson score interval (with and without the finite population correction) and
 * Cohen's kappa. No timing thresholds: every check is on values.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cohensKappa, kappaFromTable, standardNormalQuantile, wilsonInterval, zForConfidence } from '../../src/core/quality/index.js';
import { inverseNormalCdf } from '../../src/core/sampling/normal.js';

describe('normal quantile', () => {
  it('gives the tabulated quantiles', () => {
    // Values of Φ⁻¹ to 15 significant figures (e.g. Abramowitz & Stegun table 26.5; R's qnorm).
    const known: [number, number][] = [
      [0.5, 0], [0.9, 1.2815515655446004], [0.95, 1.6448536269514722], [0.975, 1.959963984540054],
      [0.995, 2.5758293035489004], [0.1, -1.2815515655446004], [0.999, 3.090232306167813], [1e-4, -3.71901648545568],
    ];
    for (const [p, q] of known) expect(standardNormalQuantile(p)).toBeCloseTo(q, 12);
    // Far in the tail the library works from 2p − 1, which loses digits: still within 2e-8 at p = 1e-10
    // (a confidence level of 99.99999998%), far beyond any level an inspection uses.
    expect(standardNormalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 7);
    expect(zForConfidence(80)).toBeCloseTo(1.2815515655446004, 12);
    expect(zForConfidence(95)).toBeCloseTo(1.959963984540054, 12);
    expect(() => standardNormalQuantile(0)).toThrow(RangeError);
    expect(() => zForConfidence(100)).toThrow(RangeError);
  });

  it('agrees with the sampling plan’s own approximation (Acklam) to its stated accuracy', () => {
    fc.assert(fc.property(fc.double({ min: 1e-6, max: 1 - 1e-6, noNaN: true }), (p) => {
      const q = standardNormalQuantile(p);
      expect(Math.abs(inverseNormalCdf(p) - q)).toBeLessThanOrEqual(1.2e-9 * Math.max(1, Math.abs(q)));
    }));
  });
});

describe('Wilson score interval', () => {
  it('reproduces Newcombe (1998), table I, method 3 (95%)', () => {
    const published: [number, number, number, number][] = [
      [81, 263, 0.2553, 0.3662], [15, 148, 0.0624, 0.1605], [0, 20, 0, 0.1611], [1, 29, 0.0061, 0.1718], [29, 29, 0.883, 1],
    ];
    for (const [x, n, lo, hi] of published) {
      const w = wilsonInterval(x, n, { confidence: 95 });
      expect(w.lower).toBeCloseTo(lo, 4);
      expect(w.upper).toBeCloseTo(hi, 4);
    }
  });

  it('has the closed forms at the edges: 0/n → [0, z²/(n + z²)], n/n → [n/(n + z²), 1]', () => {
    for (const n of [1, 5, 10, 37]) {
      for (const c of [80, 95]) {
        const z = zForConfidence(c);
        expect(wilsonInterval(0, n, { confidence: c })).toMatchObject({ lower: 0 });
        expect(wilsonInterval(0, n, { confidence: c }).upper).toBeCloseTo((z * z) / (n + z * z), 14);
        expect(wilsonInterval(n, n, { confidence: c })).toMatchObject({ upper: 1 });
        expect(wilsonInterval(n, n, { confidence: c }).lower).toBeCloseTo(n / (n + z * z), 14);
      }
    }
  });

  it('is exactly the set of p a score test does not reject (brute force over a grid, with and without the population)', () => {
    const cases: [number, number, number, number | null][] = [[7, 12, 80, null], [3, 20, 95, null], [18, 20, 80, 60], [11, 30, 95, 45], [0, 8, 80, 20]];
    for (const [x, n, c, N] of cases) {
      const w = wilsonInterval(x, n, { confidence: c, population: N });
      const z = zForConfidence(c);
      const f = N === null ? 1 : (N - n) / (N - 1);
      const accepts = (p: number) => (x / n - p) ** 2 <= z * z * ((p * (1 - p)) / n) * f;
      const step = 1e-4;
      let lo = Infinity, hi = -Infinity;
      for (let i = 0; i <= 1 / step; i++) {
        const p = i * step;
        if (accepts(p)) { lo = Math.min(lo, p); hi = Math.max(hi, p); }
      }
      expect(Math.abs(lo - w.lower)).toBeLessThanOrEqual(step);
      expect(Math.abs(hi - w.upper)).toBeLessThanOrEqual(step);
    }
  });

  /** P(X = x) for X ~ Binomial(n, p), every x. */
  const binomial = (n: number, p: number): number[] => {
    const out: number[] = [];
    let logC = 0;
    for (let x = 0; x <= n; x++) {
      if (x > 0) logC += Math.log(n - x + 1) - Math.log(x);
      out.push(Math.exp(logC + (p > 0 ? x * Math.log(p) : x === 0 ? 0 : -Infinity) + (p < 1 ? (n - x) * Math.log(1 - p) : n === x ? 0 : -Infinity)));
    }
    return out;
  };
  const logChoose = (a: number, b: number): number => { let s = 0; for (let i = 0; i < b; i++) s += Math.log(a - i) - Math.log(i + 1); return s; };

  it('covers the true proportion about as often as it says (exact binomial coverage, averaged over p)', () => {
    for (const c of [80, 95]) {
      for (const n of [10, 25, 40]) {
        const intervals = Array.from({ length: n + 1 }, (_, x) => wilsonInterval(x, n, { confidence: c }));
        let total = 0;
        const grid = 199;
        for (let i = 1; i <= grid; i++) {
          const p = i / (grid + 1);
          const probs = binomial(n, p);
          total += probs.reduce((sum, pr, x) => sum + (intervals[x]!.lower <= p && p <= intervals[x]!.upper ? pr : 0), 0);
        }
        const mean = total / grid;
        // Wilson's mean coverage sits at or a little above the nominal level (Newcombe 1998).
        expect(mean).toBeGreaterThanOrEqual(c / 100 - 0.01);
        expect(mean).toBeLessThanOrEqual(c / 100 + 0.025);
      }
    }
  });

  it('with the finite population correction, covers as it says when sampling without replacement (exact hypergeometric)', () => {
    for (const c of [80, 95]) {
      for (const [N, n] of [[60, 30], [100, 40], [50, 45]] as const) {
        const withFpc = Array.from({ length: n + 1 }, (_, x) => wilsonInterval(x, n, { confidence: c, population: N }));
        const without = Array.from({ length: n + 1 }, (_, x) => wilsonInterval(x, n, { confidence: c }));
        let fpc = 0, plain = 0;
        for (let K = 1; K < N; K++) {
          const p = K / N;
          for (let x = Math.max(0, n - (N - K)); x <= Math.min(n, K); x++) {
            const pr = Math.exp(logChoose(K, x) + logChoose(N - K, n - x) - logChoose(N, n));
            if (withFpc[x]!.lower <= p + 1e-12 && p - 1e-12 <= withFpc[x]!.upper) fpc += pr;
            if (without[x]!.lower <= p && p <= without[x]!.upper) plain += pr;
          }
        }
        const mean = fpc / (N - 1);
        expect(Math.abs(mean - c / 100)).toBeLessThanOrEqual(0.02);
        // Without the correction a large sampling fraction over-covers: the interval is wider than it need be.
        expect(plain / (N - 1)).toBeGreaterThan(mean);
      }
    }
  });

  it('refuses what is not a proportion or a population', () => {
    expect(() => wilsonInterval(1, 0)).toThrow(RangeError);
    expect(() => wilsonInterval(5, 4)).toThrow(RangeError);
    expect(() => wilsonInterval(2, 10, { population: 9 })).toThrow(/population/);
    expect(wilsonInterval(3, 10, { population: 10 })).toMatchObject({ lower: 0.3, upper: 0.3, correction: 0 });
  });

  const sample = fc.integer({ min: 1, max: 400 }).chain((n) => fc.record({
    n: fc.constant(n), x: fc.integer({ min: 0, max: n }), extra: fc.integer({ min: 0, max: 2000 }),
  }));

  it('contains p̂, stays in [0, 1], is narrower at 80% than at 95% and narrower still with the population', () => {
    fc.assert(fc.property(sample, ({ n, x, extra }) => {
      const p = x / n;
      const w80 = wilsonInterval(x, n, { confidence: 80 });
      const w95 = wilsonInterval(x, n, { confidence: 95 });
      const f80 = wilsonInterval(x, n, { confidence: 80, population: n + extra });
      for (const w of [w80, w95, f80]) {
        expect(w.lower).toBeGreaterThanOrEqual(0);
        expect(w.upper).toBeLessThanOrEqual(1);
        expect(w.lower).toBeLessThanOrEqual(p);
        expect(w.upper).toBeGreaterThanOrEqual(p);
      }
      expect(w95.lower).toBeLessThanOrEqual(w80.lower);
      expect(w95.upper).toBeGreaterThanOrEqual(w80.upper);
      expect(f80.upper - f80.lower).toBeLessThanOrEqual(w80.upper - w80.lower + 1e-12);
      if (extra === 0) expect(f80.upper - f80.lower).toBe(0);
      else if (x > 0 && x < n) expect(f80.upper - f80.lower).toBeGreaterThan(0);
    }));
  });
});

describe("Cohen's kappa", () => {
  const repeat = <T,>(n: number, v: T): T[] => Array.from({ length: n }, () => v);

  it('gives the worked 2 × 2 example: observed 0.70, expected 0.50, kappa 0.40', () => {
    const pairs = [...repeat(20, ['yes', 'yes'] as const), ...repeat(5, ['yes', 'no'] as const), ...repeat(10, ['no', 'yes'] as const), ...repeat(15, ['no', 'no'] as const)];
    const a = cohensKappa(pairs, ['yes', 'no']);
    expect(a).toMatchObject({ n: 50, agreed: 35, first: [25, 25], second: [30, 20], table: [[20, 5], [10, 15]], status: 'defined' });
    expect(a.observed).toBeCloseTo(0.7, 15);
    expect(a.expected).toBeCloseTo(0.5, 15);
    expect(a.kappa).toBeCloseTo(0.4, 15);
    expect(a.explanation).toBe('Kappa 0.40: observed agreement 70% (35 of 50), 50% expected by chance.');
    expect(kappaFromTable(['yes', 'no'], [[20, 5], [10, 15]]).kappa).toBeCloseTo(0.4, 15);
  });

  it('gives the published examples of equal agreement and different kappa (Wikipedia, “Cohen’s kappa”)', () => {
    // Both tables agree on 60 of 100; the markers' shares differ, so chance agreement and kappa differ.
    const a = kappaFromTable(['yes', 'no'], [[45, 15], [25, 15]]);
    expect(a.observed).toBeCloseTo(0.6, 15);
    expect(a.expected).toBeCloseTo(0.54, 15);
    expect(a.kappa).toBeCloseTo(0.1304, 4);
    const b = kappaFromTable(['yes', 'no'], [[25, 35], [5, 35]]);
    expect(b.observed).toBeCloseTo(0.6, 15);
    expect(b.expected).toBeCloseTo(0.46, 15);
    expect(b.kappa).toBeCloseTo(0.2593, 4);
  });

  it('says when kappa is undefined or meaningless instead of printing a number', () => {
    expect(cohensKappa([])).toMatchObject({ n: 0, kappa: null, observed: null, status: 'no-items' });
    const one = cohensKappa(repeat(6, ['yes', 'yes'] as const));
    expect(one).toMatchObject({ status: 'one-category', kappa: null, observed: 1, expected: 1 });
    expect(one.explanation).toMatch(/undefined: both markers answered ‘yes’ every time/);
    const constant = cohensKappa([['yes', 'yes'], ['yes', 'no'], ['yes', 'yes'], ['yes', 'yes']]);
    expect(constant).toMatchObject({ status: 'one-marker-constant', kappa: 0, observed: 0.75 });
    expect(constant.explanation).toMatch(/not meaningful: the first marker answered ‘yes’ every time/);
    expect(() => cohensKappa([['yes', 'maybe']], ['yes', 'no'])).toThrow(/maybe/);
    expect(() => kappaFromTable(['a', 'b'], [[1, 2]])).toThrow(RangeError);
  });

  const answer = fc.constantFrom('yes', 'no', 'not-relevant');
  const pairs = fc.array(fc.tuple(answer, answer), { minLength: 0, maxLength: 80 });

  it('is 1 for identical markings (when defined), symmetric in the markers and unchanged by case order', () => {
    fc.assert(fc.property(pairs, fc.array(fc.nat()), (ps, keys) => {
      const same = cohensKappa(ps.map(([a]) => [a, a] as const));
      if (same.status === 'defined') expect(same.kappa).toBe(1);
      else expect(['no-items', 'one-category']).toContain(same.status);

      const k = cohensKappa(ps);
      const swapped = cohensKappa(ps.map(([a, b]) => [b, a] as const));
      expect(swapped.kappa).toBe(k.kappa);
      expect(swapped.observed).toBe(k.observed);
      expect(swapped.expected).toBe(k.expected);
      expect(swapped.status).toBe(k.status);

      const order = ps.map((p, i) => ({ p, key: keys[i % Math.max(1, keys.length)] ?? 0, i })).sort((a, b) => a.key - b.key || b.i - a.i).map((x) => x.p);
      expect(cohensKappa(order)).toEqual(k);

      if (k.kappa !== null) {
        expect(k.kappa).toBeLessThanOrEqual(1);
        expect(k.kappa).toBeGreaterThanOrEqual(-1);
      }
    }));
  });
});
