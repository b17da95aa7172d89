/** The benchmark statistics: quartiles, rank and quarter by hand and as properties; the benchmark itself. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { benchmark, percentOf, quarterOf, quartiles, rankOf, yearOf, type BenchmarkSubject } from '../../src/core/benchmark/index.js';
import { benchmarkCsv, BENCHMARK_CSV_HEADER } from '../../src/app/library/index.js';
import { parse } from 'csv-parse/sync';

describe('quartiles', () => {
  it('interpolates like QUARTILE.INC', () => {
    expect(quartiles([1, 2, 3, 4])).toEqual({ min: 1, q1: 1.75, median: 2.5, q3: 3.25, max: 4 });
    expect(quartiles([50, 100, 75, 88, 63])).toEqual({ min: 50, q1: 63, median: 75, q3: 88, max: 100 });
    expect(quartiles([42])).toEqual({ min: 42, q1: 42, median: 42, q3: 42, max: 42 });
    expect(quartiles([])).toBeNull();
  });

  const values = fc.array(fc.integer({ min: 0, max: 10000 }).map((v) => v / 100), { minLength: 1, maxLength: 60 });

  it('are ordered, within the range, and do not depend on order', () => {
    fc.assert(fc.property(values, fc.integer(), (vs, seed) => {
      const q = quartiles(vs)!;
      expect(q.min).toBeLessThanOrEqual(q.q1);
      expect(q.q1).toBeLessThanOrEqual(q.median);
      expect(q.median).toBeLessThanOrEqual(q.q3);
      expect(q.q3).toBeLessThanOrEqual(q.max);
      expect(q.min).toBe(Math.min(...vs));
      expect(q.max).toBe(Math.max(...vs));
      const shuffled = [...vs].sort((a, b) => ((a * 7919 + seed) % 13) - ((b * 7919 + seed) % 13));
      expect(quartiles(shuffled)).toEqual(q);
    }));
  });

  it('rank: equal figures share a rank, a higher figure never ranks lower', () => {
    fc.assert(fc.property(values, fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), (others, a, b) => {
      const ra = rankOf(a, others), rb = rankOf(b, others);
      expect(ra.of).toBe(others.length + 1);
      expect(ra.rank).toBeGreaterThanOrEqual(1);
      expect(ra.rank).toBeLessThanOrEqual(ra.of);
      if (a > b) expect(ra.rank).toBeLessThanOrEqual(rb.rank);
      if (a === b) expect(ra.rank).toBe(rb.rank);
      const q = quartiles(others)!;
      if (a > q.max) expect(ra.rank).toBe(1);
      if (a >= q.q3) expect(quarterOf(a, q)).toBe(1);
      if (a < q.q1) expect(quarterOf(a, q)).toBe(4);
    }));
    expect(rankOf(80, [90, 80, 80, 70])).toEqual({ rank: 2, of: 5 });
  });

  it('percent: the printed figure, else yes / relevant, never a guess', () => {
    expect(percentOf({ relevant: 8, yes: 7, percent: 88 })).toBe(88);
    expect(percentOf({ relevant: 8, yes: 5, percent: null })).toBe(62.5);
    expect(percentOf({ relevant: 0, yes: 0, percent: null })).toBeNull();
    expect(percentOf({ relevant: null, yes: 3, percent: null })).toBeNull();
    expect(yearOf('2020-11')).toBe(2020);
    expect(yearOf(null)).toBeNull();
  });
});

const subject = (id: string, framework: '2018' | '2021', published: string, base: number): BenchmarkSubject => ({
  id, label: id, framework, published, keyQuestions: { '2.1.1': base, '2.1.2': base + 10, '2.2.1': base - 20, '3.1.1': base },
});

describe('benchmark', () => {
  const library = [subject('a', '2018', '2019-05', 60), subject('b', '2018', '2020-11', 70), subject('c', '2018', '2020-02', 80), subject('d', '2021', '2022-06', 90)];

  it('ranks the service against the filtered library, leaving itself out', () => {
    const b = benchmark(library[1]!, library, { framework: '2018', yearFrom: null, yearTo: null });
    expect(b.reports).toBe(2);
    const kq = b.keyQuestions.find((k) => k.id === '2.1.1')!;
    expect(kq).toMatchObject({ percent: 70, count: 2, rank: 2, of: 3, difference: 0, quartiles: { min: 60, median: 70, max: 80 } });
    expect(b.keyQuestions.find((k) => k.id === '2.3.1')).toMatchObject({ percent: null, count: 0, rank: null, quartiles: null });
    const y = benchmark(library[1]!, library, { framework: null, yearFrom: 2020, yearTo: 2022 });
    expect(y.reports).toBe(2);
    expect(y.keyQuestions.find((k) => k.id === '2.1.1')!.rank).toBe(3);
  });

  it('names the standards that differ most, largest gap first', () => {
    const me: BenchmarkSubject = { id: 'me', label: 'me', framework: '2018', published: null, keyQuestions: { '2.1.1': 100, '2.1.2': 100, '2.2.1': 0, '3.1.1': 75 } };
    const b = benchmark(me, library, { framework: '2018', yearFrom: null, yearTo: null });
    expect(b.standards[0]).toMatchObject({ id: '2.2', difference: -50 });
    expect(b.standards[1]).toMatchObject({ id: '2.1', difference: 25 });
    expect(b.differsMost).toEqual(['2.2', '2.1', '3.1']);
    const csv = parse(benchmarkCsv(b)) as string[][];
    expect(csv[0]).toEqual([...BENCHMARK_CSV_HEADER]);
    const row = csv.find((r) => r[1] === '2.2.1')!;
    expect(row.slice(4, 14)).toEqual(['0', '3', '4', '4', '40', '45', '50', '55', '60', '-50']);
    expect(csv.find((r) => r[0] === 'standard' && r[1] === '2.2')!.at(-1)).toBe('yes');
  });
});
