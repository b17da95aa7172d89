/**
 * Every published standard rating, score and overall rating of the three shared seed reports,
 * reproduced from fixtures written by hand from the reports (not from the engine's output).
 */
import { describe, expect, it } from 'vitest';
import { RateOutputSchema } from '../../src/core/rating/index.js';
import { rateRaw, seedFixtures, standardOf } from './helpers.js';

const fixtures = seedFixtures();

describe('published seed reports', () => {
  it('has a fixture for each of the three seeds', () => {
    expect(fixtures.map((f) => f.name)).toEqual(['south-tees-2019', 'stockton-on-tees-2020', 'stoke-on-trent-2022']);
  });

  for (const fixture of fixtures) {
    describe(fixture.name, () => {
      const out = rateRaw(fixture.input);

      it('matches the output contract', () => {
        expect(RateOutputSchema.parse(out)).toBeTruthy();
      });

      it('reproduces every published standard rating', () => {
        for (const [id, rating] of Object.entries(fixture.published.ratings)) {
          expect({ id, rating: standardOf(out, id).rating }).toEqual({ id, rating });
        }
      });

      it('reports the computed rating before recorded discretion', () => {
        for (const s of out.standards) {
          const before = fixture.published.computedBeforeDiscretion[s.id];
          if (s.kind === 'judgement') expect(s.computedRating).toBeNull();
          else expect({ id: s.id, computed: s.computedRating }).toEqual({ id: s.id, computed: before ?? fixture.published.ratings[s.id] });
        }
      });

      it('gives key-question percentages that round to the printed ones', () => {
        for (const [kq, printed] of Object.entries(fixture.published.printedPercent)) {
          const figure = out.standards.flatMap((s) => s.keyQuestions).find((k) => k.id === kq);
          expect({ kq, printed: Math.round(figure!.percent!) }).toEqual({ kq, printed });
        }
      });

      it('reproduces the published score and overall rating', () => {
        expect(out.complete).toBe(true);
        expect(out.missing).toEqual([]);
        expect(out.score).toBe(fixture.published.score);
        expect(out.maxScore).toBe(36);
        expect(out.overall).toBe(fixture.published.overall);
      });

      it('raises no governance-limit warning where the report applied the limit or did not need it', () => {
        expect(out.warnings).toEqual([]);
      });
    });
  }

  it('Stockton-on-Tees 2.2: uplifted by discretion from 5 of 8 (62.5%) to Good, both ratings reported', () => {
    const out = rateRaw(fixtures.find((f) => f.name === 'stockton-on-tees-2020')!.input);
    const planning = standardOf(out, '2.2');
    expect(planning).toMatchObject({
      rating: 'Good',
      computedRating: 'Requires improvement',
      lowestKeyQuestions: ['2.2.2'],
      lowestPercent: 62.5,
      discretion: { eligible: true, reasons: ['within-five-points', 'one-case'], applied: { rating: 'Good' } },
    });
    // Without the panel's decision the score would have been one lower.
    const without = rateRaw({ ...fixtures.find((f) => f.name === 'stockton-on-tees-2020')!.input, discretion: [] });
    expect(without.score).toBe(31);
    expect(without.overall).toBe('Outstanding');
    expect(standardOf(without, '2.1').lowestKeyQuestions).toEqual(['2.1.1', '2.1.3']);
  });

  it('Stoke-on-Trent: 4.1 is rated but not counted, and a Good 1.1 would trip the limiting rule', () => {
    const stoke = fixtures.find((f) => f.name === 'stoke-on-trent-2022')!;
    const out = rateRaw(stoke.input);
    expect(standardOf(out, '4.1')).toMatchObject({ rating: 'Inadequate', counted: false, computedRating: null });
    const good = rateRaw({ ...stoke.input, standards: { ...stoke.input.standards, '1.1': { judgement: 'Good' } } });
    expect(good.warnings).toHaveLength(1);
    expect(good.warnings[0]).toMatchObject({ code: 'governance-limit' });
    expect(good.warnings[0]!.message).toContain('3 of 8');
    expect(standardOf(good, '1.1').rating).toBe('Good');
  });
});
