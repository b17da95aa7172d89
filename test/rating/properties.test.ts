/** Property tests (fast-check) of the rating rules over random inspections. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getFramework } from '../../src/core/framework/index.js';
import { RATINGS, type Rating } from '../../src/core/framework/types.js';
import { CaseInputSchema, RateOutputSchema, bandOf, computeStandard, isValidCase, overallFromScore } from '../../src/core/rating/index.js';
import { rateRaw, standardOf } from './helpers.js';

const fw = getFramework('2018');
const caseAssessed = fw.standards.filter((s) => s.kind === 'case-assessed');
const domain2 = caseAssessed.filter((s) => s.domain === 2);
const domain2KeyQuestions = domain2.flatMap((s) => s.keyQuestions.map((k) => k.id));
const rank = (r: Rating | null) => (r === null ? -1 : RATINGS.indexOf(r));

const answer = fc.constantFrom('yes', 'no', 'not-relevant');
/** Domain 2 cases answering a random subset of the domain 2 key questions. */
const cases = fc
  .array(fc.dictionary(fc.constantFrom(...domain2KeyQuestions), answer), { minLength: 1, maxLength: 25 })
  .map((list) => list.map((answers, i) => ({ ref: `C${String(i + 1).padStart(3, '0')}`, domain: 2, answers })));

const figure = fc.integer({ min: 0, max: 40 }).chain((relevant) => fc.integer({ min: 0, max: relevant }).map((yes) => ({ relevant, yes })));
const figures = fc.array(figure, { minLength: 1, maxLength: 4 }).map((list) => list.map((f, i) => ({ id: `k${i}`, ...f })));

function rateCases(list: { ref: string; domain: number; answers: Record<string, string> }[], framework = '2018') {
  return rateRaw({ framework, cases: list });
}

describe('rating properties', () => {
  it("adding a 'Yes' never lowers a rating (key-question counts)", () => {
    fc.assert(
      fc.property(figures, fc.nat(), (list, pick) => {
        const candidates = list.filter((f) => f.yes < f.relevant);
        fc.pre(candidates.length > 0);
        const target = candidates[pick % candidates.length]!;
        const before = computeStandard(list).computedRating;
        const after = computeStandard(list.map((f) => (f === target ? { ...f, yes: f.yes + 1 } : f))).computedRating;
        expect(rank(after)).toBeGreaterThanOrEqual(rank(before));
      }),
      { numRuns: 500 },
    );
  });

  it("turning one case's 'No' into 'Yes' never lowers any standard's rating", () => {
    fc.assert(
      fc.property(cases, fc.nat(), (list, pick) => {
        const noes = list.flatMap((c, i) => Object.entries(c.answers).filter(([, a]) => a === 'no').map(([k]) => [i, k] as const));
        fc.pre(noes.length > 0);
        const [i, key] = noes[pick % noes.length]!;
        const flipped = list.map((c, j) => (j === i ? { ...c, answers: { ...c.answers, [key]: 'yes' } } : c));
        const before = rateCases(list);
        const after = rateCases(flipped);
        for (const s of domain2) expect(rank(standardOf(after, s.id).computedRating)).toBeGreaterThanOrEqual(rank(standardOf(before, s.id).computedRating));
      }),
      { numRuns: 150 },
    );
  });

  it('case order does not matter', () => {
    fc.assert(
      fc.property(cases, fc.integer(), (list, seed) => {
        const shuffled = [...list].sort((a, b) => (hash(a.ref, seed) - hash(b.ref, seed)) || a.ref.localeCompare(b.ref));
        const out = rateCases(list);
        expect(rateCases(shuffled)).toEqual(out);
        expect(RateOutputSchema.safeParse(out).success).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('bands boundary values exactly: 49.99, 50, 64.99, 65, 79.99, 80 (any scale)', () => {
    const cases: [number, Rating][] = [
      [4999, 'Inadequate'], [5000, 'Requires improvement'], [6499, 'Requires improvement'],
      [6500, 'Good'], [7999, 'Good'], [8000, 'Outstanding'],
    ];
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), (scale) => {
        for (const [yes, band] of cases) expect(bandOf(yes * scale, 10000 * scale)).toBe(band);
      }),
    );
  });

  it('band is monotonic in yes and agrees with the printed table away from rounding', () => {
    fc.assert(
      fc.property(figure, ({ relevant, yes }) => {
        fc.pre(relevant > 0);
        const p = (yes / relevant) * 100;
        const expected: Rating = p < 50 ? 'Inadequate' : p < 65 ? 'Requires improvement' : p < 80 ? 'Good' : 'Outstanding';
        expect(bandOf(yes, relevant)).toBe(expected);
        if (yes < relevant) expect(rank(bandOf(yes + 1, relevant))).toBeGreaterThanOrEqual(rank(bandOf(yes, relevant)));
      }),
      { numRuns: 1000 },
    );
  });

  it('scores 0–36 and reads the overall rating at 6/7, 18/19, 30/31 through the engine', () => {
    const yesOutOfTen: Record<Rating, number> = { Inadequate: 3, 'Requires improvement': 5, Good: 7, Outstanding: 9 };
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...RATINGS), { minLength: 12, maxLength: 12 }), (ratings) => {
        const standards: Record<string, unknown> = {};
        fw.standards.forEach((s, i) => {
          const r = ratings[i]!;
          standards[s.id] = s.kind === 'judgement'
            ? { judgement: r }
            : { keyQuestions: Object.fromEntries(s.keyQuestions.map((k) => [k.id, { relevant: 10, yes: yesOutOfTen[r] }])) };
        });
        const out = rateRaw({ framework: '2018', standards });
        const score = ratings.reduce((sum, r) => sum + RATINGS.indexOf(r), 0);
        expect(out.score).toBe(score);
        expect(out.overall).toBe(overallFromScore(score));
      }),
      { numRuns: 200 },
    );
    const at = (s: number) => overallFromScore(s);
    expect([at(6), at(7), at(18), at(19), at(30), at(31)]).toEqual(['Inadequate', 'Requires improvement', 'Requires improvement', 'Good', 'Good', 'Outstanding']);
  });

  it("'one-case' eligibility agrees with brute-force re-rating of every single-case flip in the lowest key question(s)", () => {
    fc.assert(
      fc.property(cases, (list) => {
        const out = rateCases(list);
        for (const s of domain2) {
          const result = standardOf(out, s.id);
          if (result.computedRating === null) continue;
          let changes = false;
          for (const kq of result.lowestKeyQuestions) {
            for (let i = 0; i < list.length && !changes; i++) {
              const a = list[i]!.answers[kq];
              if (a !== 'yes' && a !== 'no') continue;
              const flipped = list.map((c, j) => (j === i ? { ...c, answers: { ...c.answers, [kq]: a === 'yes' ? 'no' : 'yes' } } : c));
              changes = standardOf(rateCases(flipped), s.id).computedRating !== result.computedRating;
            }
          }
          expect({ standard: s.id, oneCase: result.discretion.reasons.includes('one-case') }).toEqual({ standard: s.id, oneCase: changes });
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('fast case check', () => {
  it('accepts and refuses exactly what CaseInputSchema does', () => {
    const almost = fc.record(
      {
        ref: fc.oneof(fc.constantFrom('C01', 'YJ-2021/004', 'Jane Smith', '', '-x', 'a'.repeat(65)), fc.string(), fc.integer()),
        domain: fc.oneof(fc.constantFrom(1, 2, 3, 4, 5, '2', 2.5), fc.integer()),
        answers: fc.oneof(
          fc.dictionary(fc.constantFrom('2.1.1', '3.2.1', 'x'), fc.oneof(answer, fc.constantFrom('Yes', 'n/a', null, 1))),
          fc.constantFrom(null, [], 'yes'),
        ),
        extra: fc.constant(1),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(almost, fc.anything()), (value) => {
        expect(isValidCase(value)).toBe(CaseInputSchema.safeParse(value).success);
      }),
      { numRuns: 2000 },
    );
  });
});

function hash(text: string, seed: number): number {
  let h = seed | 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 2654435761);
  return h;
}
