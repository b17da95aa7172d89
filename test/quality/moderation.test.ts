/**
 * Blind double marking's statistics and selection (src/core/moderation): the worked example, properties of
 * the agreement figures, and the seeded share with one case per domain. Values only, no timings.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ANSWER_CATEGORIES, moderationSummary, selectForDoubleMarking, type AnswerCategory, type MarkedPair, type NamedSummary } from '../../src/core/moderation/index.js';
import { moderationCsv, moderationXlsx } from '../../src/report/moderation.js';

const pair = (i: number, first: AnswerCategory, second: AnswerCategory, over: Partial<MarkedPair> = {}): MarkedPair => ({
  caseId: `c${i}`, caseRef: `R${i}`, questionId: '2.1.1', keyQuestionId: '2.1.1', firstMarkerId: 'a', secondMarkerId: 'b',
  first, second, submittedAt: '2026-03-02T10:00:00.000Z', ...over,
});

/** 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no over 50 cases. */
function workedExample(): MarkedPair[] {
  const cells: [number, AnswerCategory, AnswerCategory][] = [[20, 'yes', 'yes'], [5, 'yes', 'no'], [10, 'no', 'yes'], [15, 'no', 'no']];
  let i = 0;
  return cells.flatMap(([n, a, b]) => Array.from({ length: n }, () => pair(i++, a, b)));
}

describe('moderation summary', () => {
  it('gives the worked example: observed 0.70, expected 0.50, kappa 0.40, with its counts', () => {
    const s = moderationSummary(workedExample());
    expect(s.overall.n).toBe(50);
    expect(s.overall.disagreed).toBe(15);
    expect(s.overall.percent).toBeCloseTo(70, 12);
    expect(s.overall.agreement.observed).toBeCloseTo(0.7, 15);
    expect(s.overall.agreement.expected).toBeCloseTo(0.5, 15);
    expect(s.overall.agreement.kappa).toBeCloseTo(0.4, 15);
    // The three answer categories are always the table's, not-relevant with zero counts here.
    expect(s.overall.agreement.categories).toEqual(ANSWER_CATEGORIES);
    expect(s.overall.agreement.table).toEqual([[20, 5, 0], [10, 15, 0], [0, 0, 0]]);
    expect(s.byQuestion).toHaveLength(1);
    expect(s.byQuestion[0]).toMatchObject({ key: '2.1.1', kind: 'key-question', n: 50, disagreed: 15 });
    expect(s.byMarkerPair[0]).toMatchObject({ firstMarkerId: 'a', secondMarkerId: 'b', n: 50 });
    expect(s.cases).toBe(50);
  });

  it('splits by key question and prompt, lists the most disagreed first, and says when kappa is undefined', () => {
    const pairs = [
      pair(1, 'yes', 'yes', { questionId: '2.1.1.a' }), pair(2, 'yes', 'yes', { questionId: '2.1.1.a' }),
      pair(1, 'yes', 'no', { questionId: '2.1.2', keyQuestionId: '2.1.2' }), pair(2, 'no', 'yes', { questionId: '2.1.2', keyQuestionId: '2.1.2' }),
      pair(1, 'yes', 'no'), pair(2, 'yes', 'yes'),
    ];
    const s = moderationSummary(pairs);
    expect(s.byQuestion.map((r) => [r.key, r.kind])).toEqual([['2.1.1', 'key-question'], ['2.1.1.a', 'prompt'], ['2.1.2', 'key-question']]);
    expect(s.byQuestion[1]!.agreement.status).toBe('one-category');
    expect(s.byQuestion[1]!.agreement.kappa).toBeNull();
    expect(s.mostDisagreed.map((r) => [r.key, r.disagreed])).toEqual([['2.1.2', 2], ['2.1.1', 1]]);
    expect(moderationSummary([]).overall.agreement.status).toBe('no-items');
  });

  it('gives a trend per day of the later submission, day by day and running', () => {
    const s = moderationSummary([
      pair(1, 'yes', 'no', { submittedAt: '2026-03-03T09:00:00Z' }),
      pair(2, 'yes', 'yes', { submittedAt: '2026-03-02T09:00:00Z' }),
      pair(3, 'no', 'no', { submittedAt: '2026-03-02T15:00:00Z' }),
    ]);
    expect(s.trend.map((t) => [t.date, t.day.percent, t.cumulative.n])).toEqual([['2026-03-02', 100, 2], ['2026-03-03', 0, 3]]);
  });

  const answer = fc.constantFrom<AnswerCategory>(...ANSWER_CATEGORIES);
  const markings = fc.array(fc.tuple(answer, answer), { minLength: 1, maxLength: 60 });

  it('gives kappa 1 (or says one category) for identical markings', () => {
    fc.assert(fc.property(fc.array(answer, { minLength: 1, maxLength: 60 }), (answers) => {
      const a = moderationSummary(answers.map((x, i) => pair(i, x, x))).overall.agreement;
      expect(a.observed).toBe(1);
      if (new Set(answers).size === 1) expect(a.status).toBe('one-category');
      else expect(a.kappa).toBeCloseTo(1, 12);
    }));
  });

  it('is symmetric in the two markers and unchanged by the order of the cases', () => {
    fc.assert(fc.property(markings, fc.integer({ min: 0, max: 1000 }), (m, seed) => {
      const pairs = m.map(([a, b], i) => pair(i, a, b));
      const swapped = m.map(([a, b], i) => pair(i, b, a, { firstMarkerId: 'b', secondMarkerId: 'a' }));
      const shuffledPairs = [...pairs].sort((x, y) => ((Number(x.caseId.slice(1)) * 7919 + seed) % 101) - ((Number(y.caseId.slice(1)) * 7919 + seed) % 101));
      const k = moderationSummary(pairs).overall.agreement;
      const ks = moderationSummary(swapped).overall.agreement;
      const ko = moderationSummary(shuffledPairs).overall.agreement;
      expect(ks.kappa).toBe(k.kappa);
      expect(ks.observed).toBe(k.observed);
      expect(ks.status === 'one-marker-constant' || ks.status).toBe(k.status === 'one-marker-constant' || k.status);
      expect(ko).toEqual(k);
    }));
  });
});

describe('selection for double marking', () => {
  const sample = (n: number, domains: number[]) => Array.from({ length: n }, (_, i) => ({ id: `case-${String(i).padStart(3, '0')}`, domain: domains[i % domains.length]! }));

  it('takes 10% by default, rounded up, at least one per domain', () => {
    expect(selectForDoubleMarking(sample(40, [2]), { seed: 1 })).toHaveLength(4);
    expect(selectForDoubleMarking(sample(41, [2]), { seed: 1 })).toHaveLength(5);
    // 10% of 12 is 2, but three domains each need one.
    const three = selectForDoubleMarking(sample(12, [2, 3, 4]), { seed: 9 });
    expect(three).toHaveLength(3);
    expect(new Set(three.map((c) => c.domain))).toEqual(new Set([2, 3, 4]));
    expect(selectForDoubleMarking(sample(10, [2, 3]), { seed: 3, share: 1 })).toHaveLength(10);
    expect(selectForDoubleMarking([], { seed: 3 })).toEqual([]);
    expect(() => selectForDoubleMarking(sample(3, [2]), { seed: 1, share: 0 })).toThrow(RangeError);
  });

  it('is the same for the same seed whatever the order of the cases, with no case twice', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 1, max: 80 }), (seed, n) => {
      const cases = sample(n, n % 2 ? [2, 3] : [2, 3, 4]);
      const a = selectForDoubleMarking(cases, { seed }).map((c) => c.id).sort();
      const b = selectForDoubleMarking([...cases].reverse(), { seed }).map((c) => c.id).sort();
      expect(b).toEqual(a);
      expect(new Set(a).size).toBe(a.length);
      for (const d of new Set(cases.map((c) => c.domain))) expect(a.some((id) => cases.find((c) => c.id === id)!.domain === d)).toBe(true);
    }));
  });
});

describe('moderation export', () => {
  const named = (): NamedSummary => {
    const pairs = [pair(1, 'yes', 'no', { firstNote: '=HYPERLINK("x")', secondNote: 'fine' }), pair(2, 'no', 'no')];
    return {
      ...moderationSummary(pairs), names: { a: '+Ann', b: 'Bob' },
      disagreements: [{ caseId: 'c1', caseRef: 'R1', questionId: '2.1.1', first: { answer: 'yes', note: '=HYPERLINK("x")' }, second: { answer: 'no', note: 'fine' }, agreed: false, resolution: null }],
      markings: { selected: 2, submitted: 2, revealed: 2 },
    };
  };

  it('writes every table to CSV with typed text made spreadsheet-safe', () => {
    const csv = moderationCsv(named());
    for (const section of ['Overall', 'By question', 'By marker pair', 'Most disagreed', 'Trend', 'Disagreements']) expect(csv).toContain(`${section}\r\n`);
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csv).toContain("'+Ann");
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  it('writes one XLSX sheet per table, numbers as numbers', async () => {
    const { default: Excel } = await import('exceljs');
    const wb = new Excel.Workbook();
    await wb.xlsx.load(await moderationXlsx(named(), 'Test') as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Overall', 'By question', 'By marker pair', 'Most disagreed', 'Trend', 'Disagreements']);
    expect(wb.getWorksheet('Overall')!.getRow(2).getCell(2).value).toBe(2);
    expect(wb.getWorksheet('Disagreements')!.getRow(2).getCell(4).value).toBe(`'=HYPERLINK("x")`);
  });
});
