/**
 * verifyReport on the seeds (all agree or are explained) and on imports altered the way a slip in a
 * report would alter them: each alteration must be found.
 */
import { describe, expect, it } from 'vitest';
import { importReportText, verifyReport, type ImportedReport } from '../../src/importer/index.js';
import { SEEDS, seedText } from './expected.js';

const stockton = importReportText(seedText('stockton-on-tees-2020'));
const copy = (): ImportedReport => structuredClone(stockton);
const std = (r: ImportedReport, id: string) => r.standards.find((s) => s.id === id)!;

describe('verifyReport', () => {
  it.each(SEEDS)('finds nothing wrong in %s', (seed) => {
    const v = verifyReport(importReportText(seedText(seed)));
    expect(v.findings.filter((f) => f.status === 'disagrees')).toEqual([]);
    expect(v.ok).toBe(true);
  });

  it('explains Stockton 2.2 Planning by the stated discretion, with the reasons it was allowed', () => {
    const f = verifyReport(stockton).findings.find((x) => x.subject === '2.2 Planning')!;
    expect(f.status).toBe('explained');
    expect(f.computed).toMatch(/^Requires improvement \(lowest 2\.2\.2: 62\.5%\)/);
    expect(f.reason).toMatch(/within five points/);
    expect(f.reason).toMatch(/one case/);
  });

  it('flags a rating that differs from the lowest band when no discretion is stated', () => {
    const r = copy();
    std(r, '2.2').discretion = null;
    const f = verifyReport(r).findings.find((x) => x.subject === '2.2 Planning')!;
    expect(f.status).toBe('disagrees');
    expect(f.reason).toMatch(/does not state that discretion was applied \(it would have been eligible/);
  });

  it('flags discretion claimed where the standard was not eligible', () => {
    const r = copy();
    // 3.1 computes Outstanding from 4/5; say it was published Requires improvement "by discretion".
    std(r, '3.1').rating = 'Requires improvement';
    std(r, '3.1').discretion = { applied: true, from: 'Outstanding', text: 'we applied professional discretion' };
    const f = verifyReport(r).findings.find((x) => x.subject === '3.1 Assessment')!;
    expect(f.status).toBe('disagrees');
    expect(f.reason).toMatch(/one band at most/);
  });

  it('flags a printed percentage that is not its counts', () => {
    const r = copy();
    std(r, '2.1').keyQuestions[0]!.percent = 57;
    const f = verifyReport(r).findings.find((x) => x.subject === 'key question 2.1.1')!;
    expect(f).toMatchObject({ status: 'disagrees', published: '57%', computed: '6/8 = 75%' });
  });

  it('flags a score that the ratings do not add up to, and an overall rating that is not its band', () => {
    const r = copy();
    r.overall.score = 30;
    const v = verifyReport(r);
    expect(v.findings.find((x) => x.check === 'score')).toMatchObject({ status: 'disagrees', computed: '32/36' });
    expect(v.findings.find((x) => x.check === 'overall rating')).toMatchObject({ status: 'disagrees', published: 'Outstanding' });
    expect(v.ok).toBe(false);
  });

  it('flags a score printed out of 30 (the annex slip) even when the sum is right', () => {
    const r = copy();
    r.overall.maxScore = 30;
    expect(verifyReport(r).findings.find((x) => x.check === 'score')).toMatchObject({ status: 'disagrees' });
  });

  it('flags a case sample that the tables contradict', () => {
    const r = copy();
    r.caseSample.court = 9;
    expect(verifyReport(r).findings.find((x) => x.subject === 'court disposals')).toMatchObject({ status: 'disagrees', computed: 'largest denominator 8' });
    r.caseSample.court = 7;
    expect(verifyReport(r).findings.find((x) => x.subject === 'court disposals')).toMatchObject({ status: 'disagrees' });
  });

  it('leaves what the report does not print unchecked, not failed', () => {
    const r = copy();
    r.overall.score = null;
    r.caseSample.outOfCourt = null;
    const v = verifyReport(r);
    expect(v.findings.find((x) => x.check === 'score')).toMatchObject({ status: 'unchecked', computed: '32/36' });
    expect(v.findings.find((x) => x.subject === 'out-of-court disposals')).toMatchObject({ status: 'unchecked' });
    expect(v.ok).toBe(true);
  });

  it('applies the 2021 limit on leadership when fewer than half of domain 2 and 3 ratings are Good or better', () => {
    const r = importReportText(seedText('stoke-on-trent-2022'));
    std(r, '1.1').rating = 'Good';
    expect(verifyReport(r).findings.find((x) => x.check === 'leadership limit')).toMatchObject({ status: 'disagrees' });
  });

  describe('with a standard\u2019s rating unreadable (it may be anything from Inadequate, 0, to Outstanding, 3)', () => {
    /** Stockton with every counted standard rated `ratings[i]`, no printed score, and 1.2 unread. */
    const withRatings = (ratings: string[], overall: ImportedReport['overall']['rating']) => {
      const r = copy();
      const counted = r.standards.filter((s) => s.id !== '4.1');
      counted.forEach((s, i) => (s.rating = (ratings[i] ?? null) as ImportedReport['standards'][number]['rating']));
      std(r, '1.2').rating = null;
      r.overall = { rating: overall, score: null, maxScore: null };
      return r;
    };
    const overallOf = (r: ImportedReport) => verifyReport(r).findings.find((f) => f.check === 'overall rating')!;

    it('confirms the overall band when every possible score gives it', () => {
      // 11 read as Good: 22, so 22–25, all Good.
      const f = overallOf(withRatings(Array(12).fill('Good'), 'Good'));
      expect(f).toMatchObject({ status: 'agrees', computed: expect.stringMatching(/^Good \(any score 22\u201325, with 1\.2 unread/) });
    });

    it('refutes an overall rating that no possible score gives', () => {
      expect(overallOf(withRatings(Array(12).fill('Good'), 'Outstanding'))).toMatchObject({ status: 'disagrees' });
      expect(overallOf(withRatings(Array(12).fill('Requires improvement'), 'Good'))).toMatchObject({ status: 'disagrees' });
    });

    it('leaves it unchecked when the possible scores span two bands, saying why', () => {
      // 6 Good and 5 Requires improvement read (index 1 is 1.2, unread): 17, so 17–20, across the 18/19 boundary.
      const G = 'Good';
      const R = 'Requires improvement';
      const ratings = [G, '', G, G, G, G, G, R, R, R, R, R];
      const f = overallOf(withRatings(ratings, 'Good'));
      expect(f.status).toBe('unchecked');
      expect(f.reason).toMatch(/17\u201320, more than one band/);
    });

    it('refutes a printed score outside the possible range, and leaves one inside it unchecked', () => {
      const r = withRatings(Array(12).fill('Good'), 'Good');
      r.overall.score = 27;
      r.overall.maxScore = 36;
      expect(verifyReport(r).findings.find((f) => f.check === 'score')).toMatchObject({ status: 'disagrees', computed: expect.stringMatching(/^22\u201325\/36/) });
      r.overall.score = 24;
      expect(verifyReport(r).findings.find((f) => f.check === 'score')).toMatchObject({ status: 'unchecked' });
      expect(overallOf(r)).toMatchObject({ status: 'agrees' });
    });
  });

  it('counts what it checked, and is not ok when it checked nothing', () => {
    const v = verifyReport(stockton);
    expect(v.checked).toBe(v.findings.filter((f) => f.status !== 'unchecked').length);
    expect(v.checked).toBeGreaterThan(20);
    const bare: ImportedReport = { ...copy(), standards: [], overall: { rating: null, score: null, maxScore: null }, caseSample: { court: null, outOfCourt: null, resettlement: null } };
    const nothing = verifyReport(bare);
    expect(nothing.checked).toBe(0);
    expect(nothing.ok).toBe(false);
  });
});
