/** The rating rules one by one, through the engine's public entry point. */
import { describe, expect, it } from 'vitest';
import { getFramework } from '../../src/core/framework/index.js';
import { bandOf, overallFromScore, withinFivePoints } from '../../src/core/rating/index.js';
import { DOMAIN_1_GOOD, errorOf, rateRaw, standardOf } from './helpers.js';

const kq = (relevant: number, yes: number) => ({ relevant, yes });

/** A complete 2018 inspection with every case-assessed standard Good (18 of 25, not eligible for discretion), to vary one part of. */
function complete2018(overrides: Record<string, unknown> = {}) {
  const standards: Record<string, unknown> = { ...DOMAIN_1_GOOD };
  for (const s of getFramework('2018').standards) {
    if (s.kind !== 'case-assessed') continue;
    standards[s.id] = { keyQuestions: Object.fromEntries(s.keyQuestions.map((k) => [k.id, kq(25, 18)])) };
  }
  return { framework: '2018', standards: { ...standards, ...overrides } };
}

describe('bands', () => {
  it('bands on the exact fraction: 64.5% is Requires improvement, 65% is Good', () => {
    expect(bandOf(129, 200)).toBe('Requires improvement');
    expect(bandOf(13, 20)).toBe('Good');
    expect(bandOf(4999, 10000)).toBe('Inadequate');
    expect(bandOf(5000, 10000)).toBe('Requires improvement');
    expect(bandOf(6499, 10000)).toBe('Requires improvement');
    expect(bandOf(6500, 10000)).toBe('Good');
    expect(bandOf(7999, 10000)).toBe('Good');
    expect(bandOf(8000, 10000)).toBe('Outstanding');
    expect(bandOf(0, 3)).toBe('Inadequate');
    expect(bandOf(3, 3)).toBe('Outstanding');
  });

  it('reads the overall rating from the score: 6/7, 18/19, 30/31', () => {
    expect([0, 6, 7, 18, 19, 30, 31, 36].map(overallFromScore)).toEqual([
      'Inadequate', 'Inadequate', 'Requires improvement', 'Requires improvement', 'Good', 'Good', 'Outstanding', 'Outstanding',
    ]);
  });

  it('counts five points either side of 50, 65 and 80, inclusive', () => {
    expect(withinFivePoints(45, 100)).toBe(true);
    expect(withinFivePoints(44, 100)).toBe(false);
    expect(withinFivePoints(85, 100)).toBe(true);
    expect(withinFivePoints(86, 100)).toBe(false);
    expect(withinFivePoints(57, 100)).toBe(false);
    expect(withinFivePoints(58, 100)).toBe(false);
    expect(withinFivePoints(60, 100)).toBe(true);
  });
});

describe('case-assessed standards', () => {
  it('reports the exact percent, the lowest key question and its band', () => {
    const out = rateRaw(complete2018({ '2.2': { keyQuestions: { '2.2.1': kq(8, 8), '2.2.2': kq(8, 5), '2.2.3': kq(6, 5) } } }));
    const planning = standardOf(out, '2.2');
    expect(planning.keyQuestions).toEqual([
      { id: '2.2.1', relevant: 8, yes: 8, percent: 100, band: 'Outstanding' },
      { id: '2.2.2', relevant: 8, yes: 5, percent: 62.5, band: 'Requires improvement' },
      { id: '2.2.3', relevant: 6, yes: 5, percent: (5 * 100) / 6, band: 'Outstanding' },
    ]);
    expect(planning).toMatchObject({ id: '2.2', name: 'Planning', counted: true, computedRating: 'Requires improvement', rating: 'Requires improvement', lowestKeyQuestions: ['2.2.2'], lowestPercent: 62.5 });
    expect(planning.discretion).toEqual({ eligible: true, reasons: ['within-five-points', 'one-case'], applied: null });
  });

  it('lists every lowest key question on a tie of the exact fraction (2/3 and 4/6)', () => {
    const out = rateRaw(complete2018({ '3.1': { keyQuestions: { '3.1.1': kq(3, 2), '3.1.2': kq(6, 4), '3.1.3': kq(9, 7) } } }));
    expect(standardOf(out, '3.1')).toMatchObject({ lowestKeyQuestions: ['3.1.1', '3.1.2'], computedRating: 'Good' });
  });

  it('shows a key question with no relevant cases as such and leaves it out (3.4.2 without a youth conditional caution)', () => {
    const out = rateRaw(complete2018({ '3.4': { keyQuestions: { '3.4.1': kq(12, 12), '3.4.2': kq(0, 0) } } }));
    const joint = standardOf(out, '3.4');
    expect(joint.keyQuestions[1]).toEqual({ id: '3.4.2', relevant: 0, yes: 0, percent: null, band: null });
    expect(joint).toMatchObject({ computedRating: 'Outstanding', lowestKeyQuestions: ['3.4.1'], lowestPercent: 100 });
    // Left out of the counts object entirely means the same.
    const omitted = rateRaw(complete2018({ '3.4': { keyQuestions: { '3.4.1': kq(12, 12) } } }));
    expect(standardOf(omitted, '3.4').keyQuestions).toEqual(joint.keyQuestions);
  });

  it('leaves a standard with no relevant cases unrated and the result incomplete, naming what is missing', () => {
    const out = rateRaw(complete2018({ '2.4': { keyQuestions: { '2.4.1': kq(0, 0), '2.4.2': kq(0, 0), '2.4.3': kq(0, 0) } } }));
    expect(standardOf(out, '2.4')).toMatchObject({ rating: null, computedRating: null, lowestKeyQuestions: [], lowestPercent: null, discretion: { eligible: false, reasons: [], applied: null } });
    expect(out).toMatchObject({ complete: false, score: null, overall: null, missing: ['2.4'] });
    const sparse = rateRaw({ framework: '2018', standards: { '1.1': { judgement: 'Good' } } });
    expect(sparse.missing).toEqual(['1.2', '1.3', '1.4', '2.1', '2.2', '2.3', '2.4', '3.1', '3.2', '3.3', '3.4']);
    expect(sparse.standards).toHaveLength(12);
  });

  it('scores a complete inspection: 4 Good judgements and 8 Good standards make 24, Good', () => {
    const out = rateRaw(complete2018());
    expect(out).toMatchObject({ complete: true, score: 24, maxScore: 36, overall: 'Good', missing: [], warnings: [] });
  });
});

describe('per-case answers', () => {
  const fw = getFramework('2018');
  const p211 = fw.standards.find((s) => s.id === '2.1')!.keyQuestions[0]!.prompts[0]!.id;

  it('derives key-question and prompt figures (relevant = yes + no)', () => {
    const out = rateRaw({
      framework: '2018',
      cases: [
        { ref: 'C01', domain: 2, answers: { '2.1.1': 'yes', '2.1.2': 'not-relevant', '2.1.3': 'no', [p211]: 'no' } },
        { ref: 'C02', domain: 2, answers: { '2.1.1': 'yes', '2.1.2': 'yes', '2.1.3': 'yes', [p211]: 'yes' } },
        { ref: 'C03', domain: 2, answers: { '2.1.1': 'no', '2.1.3': 'yes' } },
      ],
    });
    const assessment = standardOf(out, '2.1');
    expect(assessment.source).toBe('cases');
    expect(assessment.keyQuestions.map((k) => [k.id, k.relevant, k.yes])).toEqual([
      ['2.1.1', 3, 2],
      ['2.1.2', 1, 1],
      ['2.1.3', 3, 2],
    ]);
    expect(assessment.lowestKeyQuestions).toEqual(['2.1.1', '2.1.3']);
    expect(assessment.prompts!.find((p) => p.id === p211)).toEqual({ id: p211, keyQuestion: '2.1.1', relevant: 2, yes: 1, percent: 50 });
    // Other domain 2 standards had cases but no answers: unrated.
    expect(standardOf(out, '2.2').rating).toBeNull();
    expect(standardOf(out, '3.1').source).toBeNull();
  });

  it('refuses counts for a standard that cases also answer, naming both places', () => {
    const message = errorOf({
      framework: '2018',
      standards: { '2.1': { keyQuestions: { '2.1.1': kq(1, 1) } } },
      cases: [{ ref: 'C01', domain: 2, answers: { '2.1.1': 'yes' } }],
    });
    expect(message).toContain('standards.2.1: counts for 2.1 are given here and also answered in cases (cases.0.answers.2.1.1)');
  });

  it('refuses answers that do not fit the case', () => {
    const message = errorOf({
      framework: '2018',
      cases: [
        { ref: 'C01', domain: 3, answers: { '2.1.1': 'yes', '9.9.9': 'no', '1.1.1': 'yes' } },
        { ref: 'C02', domain: 4, answers: {} },
      ],
    });
    expect(message).toContain('cases.0.answers.2.1.1: key question 2.1.1 is in domain 2, but case C01 is a domain 3 case');
    expect(message).toContain('cases.0.answers.9.9.9: unknown key question or prompt for framework 2018');
    expect(message).toContain('cases.0.answers.1.1.1:');
    expect(message).toContain('cases.1.domain: framework 2018 has no domain 4');
  });

  it('refuses names as case references and answers other than yes, no, not-relevant', () => {
    const message = errorOf({ framework: '2018', cases: [{ ref: 'Jane Smith', domain: 2, answers: { '2.1.1': 'maybe' } }] });
    expect(message).toContain('cases.0.ref: must be a pseudonymous reference');
    expect(message).toContain('cases.0.answers.2.1.1: must be one of "yes", "no", "not-relevant", not "maybe"');
  });

  it('reports problems in cases alongside problems elsewhere in the input', () => {
    const message = errorOf({ framework: '2017', cases: [{ ref: 'C01', domain: 2, answers: { '2.1.1': 'YES' } }] });
    expect(message).toContain('framework: must be a loaded framework, one of "2018", "2021"');
    expect(message).toContain('cases.0.answers.2.1.1: must be one of "yes", "no", "not-relevant", not "YES"');
  });

  it('reports duplicate case references', () => {
    const message = errorOf({ framework: '2018', cases: [{ ref: 'C01', domain: 2, answers: {} }, { ref: 'C01', domain: 2, answers: {} }] });
    expect(message).toBe('cases.1.ref: duplicate case reference C01 (also cases.0)');
  });
});

describe('input errors name the JSON path and what is wrong', () => {
  it('unknown key question, yes above relevant, unknown standard', () => {
    expect(errorOf({ framework: '2018', standards: { '2.2': { keyQuestions: { '2.2.9': kq(1, 1) } } } })).toBe(
      'standards.2.2.keyQuestions.2.2.9: unknown key question for framework 2018',
    );
    expect(errorOf({ framework: '2018', standards: { '2.2': { keyQuestions: { '2.2.1': kq(8, 9) } } } })).toBe(
      'standards.2.2.keyQuestions.2.2.1.yes: yes (9) is more than relevant (8)',
    );
    expect(errorOf({ framework: '2018', standards: { '4.1': { judgement: 'Good' } } })).toBe('standards.4.1: unknown standard for framework 2018');
    expect(errorOf({ framework: '2018', standards: { '2.2': { keyQuestions: { '2.1.1': kq(1, 1) } } } })).toContain('belongs to standard 2.1');
  });

  it('judgement versus counts, shapes and types', () => {
    expect(errorOf({ framework: '2018', standards: { '1.1': { keyQuestions: {} } } })).toContain('standards.1.1.keyQuestions: 1.1 Governance and leadership is a judgement standard');
    expect(errorOf({ framework: '2021', standards: { '3.4': { keyQuestions: {} } } })).toContain('is a judgement standard in framework 2021');
    expect(errorOf({ framework: '2018', standards: { '3.4': { judgement: 'Good' } } })).toContain('standards.3.4.judgement: 3.4 Joint working is case-assessed');
    expect(errorOf({ framework: '2018', standards: { '1.1': { judgement: 'good' } } })).toContain('standards.1.1.judgement: must be one of "Inadequate", "Requires improvement", "Good", "Outstanding"');
    expect(errorOf({ framework: '2018', standards: { '1.1': {} } })).toContain('standards.1.1: give "judgement"');
    expect(errorOf({ framework: '2019' })).toContain('framework: must be a loaded framework, one of "2018", "2021", not "2019"');
    expect(errorOf({ standards: {} })).toContain('framework: is required');
    expect(errorOf([])).toBe('input: must be an object, not an array');
    expect(errorOf({ framework: '2018', standard: {} })).toBe('standard: unknown key');
    expect(errorOf({ framework: '2018', standards: { '2.2': { keyQuestions: { '2.2.1': { relevant: 2.5, yes: -1 } } } } })).toContain(
      'standards.2.2.keyQuestions.2.2.1.yes: must be 0 or more, not -1',
    );
    expect(errorOf({ framework: '2018', standards: { '2.2': { keyQuestions: { '2.2.1': { relevant: 2_000_000, yes: 1 } } } } })).toBe(
      'standards.2.2.keyQuestions.2.2.1.relevant: must be 1000000 or less, not 2000000',
    );
  });
});

describe('professional discretion', () => {
  const base = complete2018({ '2.2': { keyQuestions: { '2.2.1': kq(8, 8), '2.2.2': kq(8, 5), '2.2.3': kq(8, 6) } } });

  it('moves an eligible standard one band and scores the final rating', () => {
    const out = rateRaw({ ...base, discretion: [{ standard: '2.2', rating: 'Good', reason: 'Panel: a fuller reflection of planning' }] });
    expect(standardOf(out, '2.2')).toMatchObject({ rating: 'Good', computedRating: 'Requires improvement', discretion: { applied: { rating: 'Good', reason: 'Panel: a fuller reflection of planning' } } });
    expect(out.score).toBe(24);
    expect(rateRaw(base).score).toBe(23);
  });

  it('allows a reviewing uplift from Inadequate at 45% (5 of 11; one case from the next band)', () => {
    const out = rateRaw({
      ...complete2018({ '2.4': { keyQuestions: { '2.4.1': kq(11, 5), '2.4.2': kq(9, 8), '2.4.3': kq(7, 6) } } }),
      discretion: [{ standard: '2.4', rating: 'Requires improvement', reason: 'One case from the next band' }],
    });
    expect(standardOf(out, '2.4')).toMatchObject({ computedRating: 'Inadequate', rating: 'Requires improvement', discretion: { reasons: ['within-five-points', 'one-case'] } });
  });

  it('flags a small sub-sample even far from a boundary', () => {
    const reasons = (k1: [number, number], k2: [number, number]) =>
      standardOf(rateRaw(complete2018({ '3.4': { keyQuestions: { '3.4.1': kq(...k1), '3.4.2': kq(...k2) } } })), '3.4').discretion.reasons;
    expect(reasons([15, 15], [5, 5])).toEqual(['small-sample']);
    expect(reasons([15, 15], [6, 6])).toEqual([]);
    expect(reasons([15, 15], [3, 3])).toEqual(['one-case', 'small-sample']);
    expect(reasons([15, 15], [3, 2])).toEqual(['within-five-points', 'one-case', 'small-sample']);
    expect(reasons([20, 19], [9, 9])).toEqual([]);
  });

  it('refuses decisions that are not allowed, saying why', () => {
    const decide = (d: object) => errorOf({ ...base, discretion: [d] });
    expect(decide({ standard: '2.2', rating: 'Outstanding', reason: 'x' })).toBe(
      'discretion.0.rating: Outstanding is 2 bands from the computed rating of 2.2 (Requires improvement): discretion moves a rating by one band only',
    );
    expect(decide({ standard: '2.2', rating: 'Requires improvement', reason: 'x' })).toContain('is already the computed rating');
    expect(decide({ standard: '2.2', rating: 'Good', reason: '  ' })).toBe('discretion.0.reason: a discretion decision needs a reason');
    expect(decide({ standard: '2.2', rating: 'Good' })).toContain('discretion.0.reason: is required');
    expect(decide({ standard: '1.1', rating: 'Outstanding', reason: 'x' })).toContain('discretion.0.standard: 1.1 Governance and leadership is a judgement standard');
    expect(decide({ standard: '5.1', rating: 'Good', reason: 'x' })).toBe('discretion.0.standard: unknown standard "5.1" for framework 2018');
    expect(decide({ standard: '2.1', rating: 'Outstanding', reason: 'x' })).toContain(
      'discretion.0: 2.1 Assessment is not eligible for discretion: its lowest key question 2.1.1 18/25 (72%)',
    );
    expect(errorOf({ ...base, discretion: [{ standard: '2.2', rating: 'Good', reason: 'a' }, { standard: '2.2', rating: 'Good', reason: 'b' }] })).toContain(
      'discretion.1.standard: a second decision for 2.2',
    );
  });
});

describe('judgement standards and the limiting rule', () => {
  it('reports judgements with no computed rating and no discretion', () => {
    const out = rateRaw(complete2018());
    expect(standardOf(out, '1.1')).toMatchObject({ rating: 'Good', computedRating: null, source: 'judgement', keyQuestions: [], discretion: { eligible: false, reasons: [] } });
  });

  it('warns (without overriding) when 1.1 is above Requires improvement with fewer than half of domains 2–3 Good or better', () => {
    const poor = Object.fromEntries(['2.1', '2.2', '2.3', '2.4', '3.1'].map((id) => [id, { keyQuestions: { [`${id}.1`]: kq(10, 5) } }]));
    const out = rateRaw(complete2018({ ...poor, '1.1': { judgement: 'Outstanding' } }));
    expect(out.warnings.map((w) => w.code)).toEqual(['governance-limit']);
    expect(standardOf(out, '1.1').rating).toBe('Outstanding');
    // Exactly half Good or better is not fewer than half.
    const half = Object.fromEntries(['2.1', '2.2', '2.3', '2.4'].map((id) => [id, { keyQuestions: { [`${id}.1`]: kq(10, 5) } }]));
    expect(rateRaw(complete2018({ ...half, '1.1': { judgement: 'Outstanding' } })).warnings).toEqual([]);
    expect(rateRaw(complete2018({ ...poor, '1.1': { judgement: 'Requires improvement' } })).warnings).toEqual([]);
  });
});
