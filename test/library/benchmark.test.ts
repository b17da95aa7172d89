/** The benchmark statistics: quartiles, rank and quarter by hand and as properties; the benchmark itself. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { benchmark, MIN_COMPARATORS, percentOf, quarterOf, quartiles, rankOf, yearOf, type BenchmarkSubject } from '../../src/core/benchmark/index.js';
import { benchmarkCsv, BENCHMARK_CSV_HEADER } from '../../src/app/library/index.js';
import { parse } from 'csv-parse/sync';
import { benchmarkView } from '../../src/web/library/plugin.js';

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
  // Six 2018 reports (60 … 85) and one 2021 report.
  const library = [
    subject('a', '2018', '2019-05', 60), subject('b', '2018', '2020-11', 70), subject('c', '2018', '2020-02', 80),
    subject('e', '2018', '2019-09', 65), subject('f', '2018', '2021-03', 75), subject('g', '2018', '2021-01', 85),
    subject('d', '2021', '2022-06', 90),
  ];
  const all2018 = { framework: '2018' as const, yearFrom: null, yearTo: null };

  it('ranks the service against the filtered library, leaving itself out', () => {
    const b = benchmark(library[1]!, library, all2018);
    expect(b.reports).toBe(5);
    expect(b.caution).toBeNull();
    const kq = b.keyQuestions.find((k) => k.id === '2.1.1')!;
    expect(kq).toMatchObject({ percent: 70, count: 5, few: false, rank: 4, of: 6, difference: -5, quarter: 3, quartiles: { min: 60, q1: 65, median: 75, q3: 80, max: 85 } });
    expect(b.keyQuestions.find((k) => k.id === '2.3.1')).toMatchObject({ percent: null, count: 0, rank: null, quartiles: null });
    const y = benchmark(library[1]!, library, { framework: null, yearFrom: 2019, yearTo: 2022 });
    expect(y.reports).toBe(6);
    expect(y.keyQuestions.find((k) => k.id === '2.1.1')!.rank).toBe(5);
  });

  it('with fewer than five comparators, shows their figures but no quartiles, rank, quarter or difference', () => {
    // One comparator: once ranked and put in a quarter with no caution.
    for (const filter of [{ framework: '2018' as const, yearFrom: 2021, yearTo: 2021 }, { framework: '2018' as const, yearFrom: 2020, yearTo: 2020 }]) {
      const b = benchmark(library[0]!, library, filter);
      expect(b.reports).toBeLessThan(MIN_COMPARATORS);
      expect(b.caution).toMatch(/with fewer than 5, the library's figures are shown as they are, without quartiles, ranks, quarters or differences from the median/);
      const kq = b.keyQuestions.find((k) => k.id === '2.1.1')!;
      expect(kq).toMatchObject({ percent: 60, few: true, quartiles: null, rank: null, of: null, quarter: null, difference: null, beyondInterval: null });
      expect(kq.values).toEqual(library.filter((r) => r.framework === '2018' && filter.yearFrom <= Number(r.published!.slice(0, 4)) && Number(r.published!.slice(0, 4)) <= filter.yearTo && r.id !== 'a').map((r) => r.keyQuestions['2.1.1']).sort((p, q) => q! - p!));
      expect(b.differsMost).toEqual([]);
      expect(b.standards.every((s) => s.difference === null)).toBe(true);
      const csv = parse(benchmarkCsv(b)) as string[][];
      const row = csv.find((r) => r[1] === '2.1.1')!;
      expect(row.slice(6, 15)).toEqual(['', '', '', '', '', '', '', '', '']);
      expect(row[csv[0]!.indexOf('library_figures')]).toBe(kq.values.join(' '));
    }
    expect(MIN_COMPARATORS).toBe(5);
  });

  it('says whether the difference from the median is larger than the service’s own interval', () => {
    const narrow = { confidence: 80, lower: 45, upper: 55 };
    const wide = { confidence: 80, lower: 40, upper: 90 };
    const me: BenchmarkSubject = {
      id: 'me', label: 'me', framework: '2018', published: null,
      keyQuestions: { '2.1.1': 50, '2.1.2': 50, '2.2.1': 50 }, intervals: { '2.1.1': narrow, '2.1.2': wide, '2.2.1': null },
    };
    const b = benchmark(me, library, all2018);
    // Medians: 2.1.1 72.5, 2.1.2 82.5 (six 2018 reports).
    expect(b.keyQuestions.find((k) => k.id === '2.1.1')).toMatchObject({ interval: narrow, beyondInterval: true });
    expect(b.keyQuestions.find((k) => k.id === '2.1.2')).toMatchObject({ interval: wide, beyondInterval: false });
    expect(b.keyQuestions.find((k) => k.id === '2.2.1')).toMatchObject({ interval: null, beyondInterval: null });
    const csv = parse(benchmarkCsv(b)) as string[][];
    const col = (name: string) => csv[0]!.indexOf(name);
    const row = csv.find((r) => r[1] === '2.1.1')!;
    expect([row[col('interval_confidence')], row[col('interval_lower')], row[col('interval_upper')], row[col('median_outside_interval')]]).toEqual(['80', '45', '55', 'yes']);
    expect(csv.find((r) => r[1] === '2.1.2')![col('median_outside_interval')]).toBe('no');
    expect(csv.find((r) => r[1] === '2.2.1')![col('median_outside_interval')]).toBe('');
  });

  it('the benchmark page shows only the columns something fills: quartiles with five or more, figures with fewer', () => {
    const me: BenchmarkSubject = { id: 'me', label: 'me', framework: '2018', published: null, keyQuestions: { '2.1.1': 50 }, intervals: { '2.1.1': { confidence: 80, lower: 45, upper: 55 } } };
    const many = benchmarkView(benchmark(me, library, all2018));
    expect(many.caution).toBeNull();
    expect(many.head.map((h) => h.text)).toEqual([
      'Key question', 'Question', 'Service', 'Service’s 80% interval', 'Reports', 'Rank', 'Lowest', 'Lower quartile', 'Median', 'Upper quartile', 'Highest',
      'Difference', 'Median outside the interval?', 'Quarter',
    ]);
    expect(many.rows[0]!.map((c) => c.text)).toEqual(['2.1.1', expect.any(String), '50', '45–55', '6', '7 of 7', '60', '66.3', '72.5', '78.8', '85', '-22.5', 'Yes: outside', 'bottom quarter']);
    const few = benchmarkView(benchmark(me, library, { framework: '2018', yearFrom: 2021, yearTo: 2021 }));
    expect(few.caution).toMatch(/^Only 2 reports compare/);
    expect(few.head.map((h) => h.text)).toEqual(['Key question', 'Question', 'Service', 'Service’s 80% interval', 'Reports', 'Library figures']);
    expect(few.rows[0]!.map((c) => c.text).slice(2)).toEqual(['50', '45–55', '2', '85, 75']);
  });

  it('names the standards that differ most, largest gap first', () => {
    const me: BenchmarkSubject = { id: 'me', label: 'me', framework: '2018', published: null, keyQuestions: { '2.1.1': 100, '2.1.2': 100, '2.2.1': 0, '3.1.1': 75 } };
    const b = benchmark(me, library, all2018);
    // Medians of the six 2018 reports: 2.1.1 72.5, 2.1.2 82.5, 2.2.1 52.5, 3.1.1 72.5.
    expect(b.standards[0]).toMatchObject({ id: '2.2', difference: -52.5 });
    expect(b.standards[1]).toMatchObject({ id: '2.1', difference: 22.5 });
    expect(b.differsMost).toEqual(['2.2', '2.1', '3.1']);
    const csv = parse(benchmarkCsv(b)) as string[][];
    expect(csv[0]).toEqual([...BENCHMARK_CSV_HEADER]);
    const row = csv.find((r) => r[1] === '2.2.1')!;
    expect(row.slice(4, 14)).toEqual(['0', '6', '7', '7', '40', '46.25', '52.5', '58.75', '65', '-52.5']);
    expect(csv.find((r) => r[0] === 'standard' && r[1] === '2.2')!.slice(0, 16).at(-1)).toBe('yes');
    expect(new Set(csv.map((r) => r.length))).toEqual(new Set([BENCHMARK_CSV_HEADER.length]));
  });
});
