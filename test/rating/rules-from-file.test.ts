/**
 * A framework loaded from a file rates by its own rules: the worked example's 70% Good threshold, its
 * 0–6 score and overall ranges, only the discretion conditions it lists, and limiting rules a file
 * writes, through the engine's public entry point (`rate`). The report's rules section says the same.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkFrameworkFile, frameworkFromFile, getFramework, type Framework } from '../../src/core/framework/index.js';
import { limitInForceMessage, limitsInForce, rate, type RateInput, type RateOutput } from '../../src/core/rating/index.js';
import { ratingRules } from '../../src/report/model.js';
import { ratingsPanel } from '../../src/web/ratings.js';
import { standardOf } from './helpers.js';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const exampleDoc = (): Doc => parse(readFileSync(fileURLToPath(new URL('../../frameworks/examples/ooc-audit.yaml', import.meta.url)), 'utf8'));

function load(doc: Doc): Framework {
  const result = checkFrameworkFile(doc);
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return frameworkFromFile(result.file);
}

const ooc = load(exampleDoc());
const kq = (relevant: number, yes: number) => ({ relevant, yes });

/** Rates the example with 3.1's lowest key question at yes/relevant and 3.2 at the given figures. */
function rateOoc(fw: Framework, one: [number, number], two: [number, number] = [100, 100], extra: Partial<RateInput> = {}): RateOutput {
  const input = {
    framework: fw.version,
    standards: {
      '3.1': { keyQuestions: { '3.1.1': kq(one[0], one[1]), '3.1.2': kq(100, 100) } },
      '3.2': { keyQuestions: { '3.2.1': kq(two[0], two[1]), '3.2.2': kq(100, 100) } },
    },
    ...extra,
  } as unknown as RateInput;
  return rate(input, fw);
}

describe('a framework loaded from its file rates by its own rules', () => {
  it('bands by its 70% Good threshold: 69% is Requires improvement, 70% is Good', () => {
    expect(standardOf(rateOoc(ooc, [100, 69]), '3.1')).toMatchObject({ rating: 'Requires improvement', computedRating: 'Requires improvement' });
    expect(standardOf(rateOoc(ooc, [100, 70]), '3.1')).toMatchObject({ rating: 'Good', computedRating: 'Good' });
    expect(rateOoc(ooc, [100, 70]).standards[0]!.keyQuestions[0]).toMatchObject({ id: '3.1.1', band: 'Good', percent: 70 });
    // The same 69% is Good under the 2021 framework's 65% threshold.
    const fw2021 = getFramework('2021');
    const s = fw2021.standards.find((x) => x.id === '2.1')!;
    const out = rate({ framework: '2021', standards: { '2.1': { keyQuestions: Object.fromEntries(s.keyQuestions.map((k) => [k.id, kq(100, 69)])) } } } as RateInput, fw2021);
    expect(standardOf(out, '2.1').rating).toBe('Good');
  });

  it('scores out of its own maximum (6) and takes the overall rating from its own ranges', () => {
    const at = (one: number, two: number) => {
      const out = rateOoc(ooc, [100, one], [100, two]);
      return [out.score, out.maxScore, out.overall];
    };
    expect(at(40, 40)).toEqual([0, 6, 'Inadequate']);
    expect(at(60, 40)).toEqual([1, 6, 'Inadequate']);
    expect(at(60, 60)).toEqual([2, 6, 'Requires improvement']);
    expect(at(70, 60)).toEqual([3, 6, 'Requires improvement']);
    expect(at(70, 70)).toEqual([4, 6, 'Good']);
    expect(at(85, 70)).toEqual([5, 6, 'Good']);
    expect(at(85, 85)).toEqual([6, 6, 'Outstanding']);
    expect(rateOoc(ooc, [100, 70]).warnings).toEqual([]);
  });

  it('compares a threshold with decimals exactly: 667 of 1000 is Good at 66.7%, 666 is not', () => {
    const doc = exampleDoc();
    doc.rating.thresholds.Good = 66.7;
    const fw = load(doc);
    expect(standardOf(rateOoc(fw, [1000, 667]), '3.1').computedRating).toBe('Good');
    expect(standardOf(rateOoc(fw, [1000, 666]), '3.1').computedRating).toBe('Requires improvement');
    // Within five points of 66.7, inclusive: 61.7% is, 61.6% is not.
    expect(standardOf(rateOoc(fw, [1000, 617]), '3.1').discretion.reasons).toContain('within-five-points');
    expect(standardOf(rateOoc(fw, [1000, 616]), '3.1').discretion.reasons).not.toContain('within-five-points');
  });

  it('makes a standard eligible for discretion only by the conditions its file lists', () => {
    // 0 of 5: far from every threshold, and one more 'Yes' (20%) is still Inadequate; only "5 cases or fewer" applies.
    const small = standardOf(rateOoc(ooc, [5, 0]), '3.1');
    expect(small).toMatchObject({ computedRating: 'Inadequate', discretion: { eligible: false, reasons: [] } });

    const fw2021 = getFramework('2021');
    const s = fw2021.standards.find((x) => x.id === '2.1')!;
    const figures = Object.fromEntries(s.keyQuestions.map((k, i) => [k.id, i === 0 ? kq(5, 0) : kq(25, 25)]));
    const out = rate({ framework: '2021', standards: { '2.1': { keyQuestions: figures } } } as RateInput, fw2021);
    expect(standardOf(out, '2.1').discretion).toEqual({ eligible: true, reasons: ['small-sample'], applied: null });

    // The refusal states the framework's own numbers and only its own conditions.
    expect(() => rateOoc(ooc, [5, 0], undefined, { discretion: [{ standard: '3.1', rating: 'Requires improvement', reason: 'Small sample' }] })).toThrow(
      "discretion.0: 3.1 Deciding on the disposal is not eligible for discretion: its lowest key question 3.1.1 0/5 (0%) is not within five points of 50, 70 or 85, and one 'Yes' more or fewer would not change its rating",
    );
    // Its own five-point and one-case conditions still apply: 66% is within five points of 70.
    expect(standardOf(rateOoc(ooc, [100, 66]), '3.1').discretion.reasons).toEqual(['within-five-points']);
  });

  it('words the 2021 refusal as before', () => {
    const fw2021 = getFramework('2021');
    const s = fw2021.standards.find((x) => x.id === '2.1')!;
    const input = { framework: '2021', standards: { '2.1': { keyQuestions: Object.fromEntries(s.keyQuestions.map((k) => [k.id, kq(25, 18)])) } }, discretion: [{ standard: '2.1', rating: 'Outstanding', reason: 'r' }] } as RateInput;
    expect(() => rate(input, fw2021)).toThrow(
      "2.1.3 18/25 (72%) is not within five points of 50, 65 or 80, one 'Yes' more or fewer would not change its rating, and it has more than five relevant cases",
    );
  });

  it('gives no discretion where the file lists no condition', () => {
    const doc = exampleDoc();
    doc.rating.discretion = {};
    const fw = load(doc);
    expect(standardOf(rateOoc(fw, [100, 69]), '3.1').discretion).toEqual({ eligible: false, reasons: [], applied: null });
    expect(() => rateOoc(fw, [100, 69], undefined, { discretion: [{ standard: '3.1', rating: 'Good', reason: 'Close' }] })).toThrow(
      'framework ooc-audit-2026 allows no professional discretion',
    );
  });

  it('warns by a limiting rule a file writes, named by its id', () => {
    const doc = exampleDoc();
    doc.rating.limits = [{ id: 'decision-limit', standard: '3.1', atMost: 'Requires improvement', when: { domains: [3], ratedAtLeast: 'Good', shareBelow: 0.75 } }];
    const fw = load(doc);
    // 3.1 Good, 3.2 Requires improvement: 1 of 2 domain 3 ratings Good or better, below three quarters.
    expect(rateOoc(fw, [100, 70], [100, 60]).warnings).toEqual([
      {
        code: 'decision-limit',
        standard: '3.1',
        message:
          '3.1 Deciding on the disposal is rated Good, but only 1 of 2 domain 3 standard ratings are Good or Outstanding (fewer than 75%): ' +
          'under the limiting rule deciding on the disposal can be rated no higher than Requires improvement. Check the judgement.',
      },
    ]);
    expect(rateOoc(fw, [100, 70], [100, 70]).warnings).toEqual([]); // 2 of 2
    expect(rateOoc(fw, [100, 60], [100, 40]).warnings).toEqual([]); // 3.1 not above the limit
    expect(rateOoc(ooc, [100, 70], [100, 60]).warnings).toEqual([]); // the example itself has no limiting rule
  });
});

describe('the ratings panel speaks in the framework\'s numbers', () => {
  it('says why a standard is not eligible, naming only the conditions the framework lists, and scores by its rules', () => {
    const panel = ratingsPanel(rateOoc(ooc, [5, 0]), undefined, ooc.rating);
    expect(panel.standards[0]!.notEligible).toBe('Not eligible for discretion: the lowest figure (0%) is not within five points of a boundary, and one case would not change the band.');
    expect(ratingsPanel(rateOoc(ooc, [100, 66]), undefined, ooc.rating).standards[0]!.reasons).toEqual([
      'The lowest key-question figure (66%) is within five percentage points of a band boundary.',
    ]);
    expect(panel.runningScore).toBe(3); // Inadequate 0 + Outstanding 3
  });
});

describe("the report's rules section follows the framework", () => {
  it('states the example\'s bands, words, scores, overall ranges and discretion conditions', () => {
    const rules = ratingRules(6, ooc);
    expect(rules.bands.map((b) => b.range)).toEqual(['Few cases: below 50%', 'Some cases: 50% to below 70%', 'Most cases: 70% to below 85%', 'Nearly all cases: 85% and above']);
    expect(rules.overall).toEqual([
      { range: '0–1', rating: 'Inadequate' },
      { range: '2–3', rating: 'Requires improvement' },
      { range: '4–5', rating: 'Good' },
      { range: '6', rating: 'Outstanding' },
    ]);
    expect(rules.discretion).toBe(
      'The ratings panel may use professional discretion where the lowest key question is within 5 percentage points of a boundary or where a different judgement in one case would change the rating.',
    );
  });

  it('states the 2021 rules as before', () => {
    const rules = ratingRules(36, getFramework('2021'));
    expect(rules.bands.map((b) => b.range)).toEqual(['Minority: below 50%', 'Too few: 50% to below 65%', 'Reasonable majority: 65% to below 80%', 'Large majority: 80% and above']);
    expect(rules.overall.map((o) => o.range)).toEqual(['0–6', '7–18', '19–30', '31–36']);
    expect(rules.discretion).toBe(
      'The ratings panel may use professional discretion where the lowest key question is within 5 percentage points of a boundary, where a different judgement in one case would change the rating, or where the rating rests on 5 cases or fewer.',
    );
  });
});

describe('a limiting rule in force, said before the judgement is recorded', () => {
  it('names the rule that holds on the ratings so far, in the 2021 framework words as before', () => {
    const fw = getFramework('2021');
    const rated = (ratings: Record<string, string>) => fw.standards.map((s) => ({ domain: s.domain, rating: (ratings[s.id] ?? null) as never }));
    const some = rated({ '2.1': 'Good', '2.2': 'Requires improvement', '2.3': 'Inadequate', '3.1': 'Requires improvement' });
    const [inForce] = limitsInForce(some, fw.rating);
    expect(inForce).toMatchObject({ limit: { id: 'governance-limit', standard: '1.1' }, count: 1, total: 4 });
    expect(limitInForceMessage(inForce!.limit, fw.standards.find((s) => s.id === '1.1')!.name, inForce!.count, inForce!.total)).toBe(
      'Only 1 of 4 domain 2 and 3 ratings are Good or Outstanding (fewer than half): under the limiting rule, governance and leadership can be rated no higher than Requires improvement.',
    );
    expect(limitsInForce(rated({ '2.1': 'Good', '2.2': 'Good', '2.3': 'Inadequate', '3.1': 'Requires improvement' }), fw.rating)).toEqual([]);
  });
});
