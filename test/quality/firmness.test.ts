/** How firm each rating is: bands across an interval in words, and the intervals over the engine's output. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { getFramework } from '../../src/core/framework/index.js';
import { rate } from '../../src/core/rating/index.js';
import { bandFirmness, bandOfPercent, bandsSpanned, intervalPercentText, ratingFirmness, relevantPopulation, wilsonInterval } from '../../src/core/quality/index.js';

describe('band firmness', () => {
  it('follows the framework’s bands: <50, 50–64, 65–79, 80+', () => {
    expect([0, 49.99, 50, 64.99, 65, 79.99, 80, 100].map(bandOfPercent)).toEqual([
      'Inadequate', 'Inadequate', 'Requires improvement', 'Requires improvement', 'Good', 'Good', 'Outstanding', 'Outstanding',
    ]);
    expect(bandsSpanned(40, 85)).toEqual(['Inadequate', 'Requires improvement', 'Good', 'Outstanding']);
  });

  it('says whether the band holds, in words', () => {
    expect(bandFirmness('Good', { confidence: 80, lower: 58.2, upper: 79.4 }).words)
      .toBe('Good; the interval 58–79% (80% confidence) spans Requires improvement and Good.');
    const holds = bandFirmness('Good', { confidence: 80, lower: 66, upper: 78 });
    expect(holds).toMatchObject({ holds: true, bands: ['Good'] });
    expect(holds.words).toBe('Good; the interval 66–78% (80% confidence) lies within Good: the band holds.');
    expect(bandFirmness('Requires improvement', { confidence: 95, lower: 38, upper: 83 }).words)
      .toBe('Requires improvement; the interval 38–83% (95% confidence) spans Inadequate, Requires improvement, Good and Outstanding.');
  });

  it('never prints an end rounded into another band', () => {
    expect(intervalPercentText(79.6)).toBe('79.6');
    expect(intervalPercentText(49.96)).toBe('49.9');
    expect(intervalPercentText(80.4)).toBe('80');
    expect(intervalPercentText(58.2)).toBe('58');
    fc.assert(fc.property(fc.double({ min: 0, max: 100, noNaN: true }), (p) => {
      expect(bandOfPercent(Number(intervalPercentText(p)))).toBe(bandOfPercent(p));
    }));
  });
});

describe('rating firmness over the engine’s output', () => {
  const fw = getFramework('2018');
  // 2.1 (domain 2): 2.1.1 is 9 of 12 (75%, Good, lowest), 2.1.2 is 11 of 12.
  const output = rate({
    framework: '2018',
    standards: { '2.1': { keyQuestions: { '2.1.1': { relevant: 12, yes: 9 }, '2.1.2': { relevant: 12, yes: 11 } } }, '3.1': { keyQuestions: { '3.1.1': { relevant: 10, yes: 10 } } } },
  }, fw);

  it('gives every key question its interval at the plan’s level and at 95%, and each standard its firmness', () => {
    const f = ratingFirmness(fw, output.standards, { confidence: 80 });
    expect(f.levels).toEqual([80, 95]);
    const kq = f.keyQuestions.find((k) => k.id === '2.1.1')!;
    const w80 = wilsonInterval(9, 12, { confidence: 80 });
    const w95 = wilsonInterval(9, 12, { confidence: 95 });
    expect(kq).toMatchObject({ relevant: 12, yes: 9, percent: 75, population: null });
    expect(kq.intervals.map((i) => i.confidence)).toEqual([80, 95]);
    expect(kq.intervals[0]!.lower).toBeCloseTo(w80.lower * 100, 12);
    expect(kq.intervals[1]!.upper).toBeCloseTo(w95.upper * 100, 12);
    expect(f.keyQuestions.find((k) => k.id === '2.2.1')).toMatchObject({ relevant: 0, intervals: [] });
    const s = f.standards.find((x) => x.id === '2.1')!;
    expect(s.computedRating).toBe('Good');
    expect(s.firmness?.interval.confidence).toBe(80);
    expect(s.firmness?.words).toMatch(/^Good; the interval \d+–\d+% \(80% confidence\) spans Requires improvement, Good and Outstanding\.$/);
    expect(f.standards.find((x) => x.id === '3.1')!.firmness).toMatchObject({ band: 'Outstanding', holds: true }); // 10 of 10: 86–100%
    // Judgement standards have no interval.
    expect(f.standards.some((x) => x.id === '1.1')).toBe(false);
    // Unrated case-assessed standards are listed without firmness.
    expect(f.standards.find((x) => x.id === '2.2')).toMatchObject({ computedRating: null, firmness: null });
    expect(ratingFirmness(fw, output.standards, { confidence: 95 }).levels).toEqual([95]);
  });

  it('says when the panel moved the rating away from the band', () => {
    // 2.1.1 at 63% (Requires improvement, within five points of 65): the panel rates 2.1 Good.
    const moved = rate({
      framework: '2018',
      standards: { '2.1': { keyQuestions: { '2.1.1': { relevant: 8, yes: 5 }, '2.1.2': { relevant: 8, yes: 8 } } } },
      discretion: [{ standard: '2.1', rating: 'Good', reason: 'Strong practice in the other questions' }],
    }, fw);
    const s = ratingFirmness(fw, moved.standards).standards.find((x) => x.id === '2.1')!;
    expect(s).toMatchObject({ rating: 'Good', computedRating: 'Requires improvement' });
    expect(s.firmness?.words).toMatch(/^Requires improvement; the interval .* The ratings panel rated it Good by professional discretion\.$/);
  });

  it('uses the domain’s population for the finite population correction, in the share of relevant cases', () => {
    expect(relevantPopulation(12, { sampled: 12, population: 30 })).toBe(30);
    expect(relevantPopulation(6, { sampled: 12, population: 30 })).toBe(15);
    expect(relevantPopulation(6, { sampled: 12, population: null })).toBeNull();
    expect(relevantPopulation(6, { sampled: 40, population: 30 })).toBeNull(); // more cases than the population: unknown
    const plain = ratingFirmness(fw, output.standards, { confidence: 80 });
    const fpc = ratingFirmness(fw, output.standards, { confidence: 80, domains: { 2: { sampled: 12, population: 20 } } });
    const a = plain.keyQuestions.find((k) => k.id === '2.1.1')!;
    const b = fpc.keyQuestions.find((k) => k.id === '2.1.1')!;
    expect(b.population).toBe(20);
    expect(b.intervals[0]!.lower).toBeCloseTo(wilsonInterval(9, 12, { confidence: 80, population: 20 }).lower * 100, 12);
    expect(b.intervals[0]!.upper - b.intervals[0]!.lower).toBeLessThan(a.intervals[0]!.upper - a.intervals[0]!.lower);
    // Every case inspected: no sampling error, the band holds.
    const census = ratingFirmness(fw, output.standards, { domains: { 2: { sampled: 12, population: 12 } } });
    expect(census.standards.find((x) => x.id === '2.1')!.firmness).toMatchObject({ holds: true, interval: { lower: 75, upper: 75 } });
  });
});
