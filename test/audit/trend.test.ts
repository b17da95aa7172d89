/** auditTrend: audits in date order, those of one date in the order given; the change from the nearest earlier figure. */
import { describe, expect, it } from 'vitest';
import { auditTrend, changeWords } from '../../src/core/audit/index.js';
import { getFramework } from '../../src/core/framework/index.js';

const fw = getFramework('2018');
const audit = (id: string, date: string, yes: number, relevant: number) => ({ id, title: `Audit ${id}`, date, keyQuestions: [{ id: '2.1.1', yes, relevant, band: null }] });

describe('auditTrend', () => {
  it('keeps audits of one date in the order given, so the audit compared stays last', () => {
    const t = auditTrend(fw, [audit('z', '2026-04-01', 1, 2), audit('b', '2026-01-05', 1, 4), audit('a', '2026-04-01', 3, 4)]);
    expect(t.audits.map((a) => a.id)).toEqual(['b', 'z', 'a']);
    const kq = t.keyQuestions.find((k) => k.id === '2.1.1')!;
    expect(kq.change).toBe(25); // 75% now, 50% in the audit before it
    expect(changeWords(kq.change)).toBe('Up 25 points');
  });

  it('skips an earlier audit without a figure, and says so when there is none', () => {
    const t = auditTrend(fw, [audit('a', '2026-01-05', 2, 4), audit('b', '2026-04-01', 0, 0), audit('c', '2026-07-01', 1, 4)]);
    expect(t.keyQuestions.find((k) => k.id === '2.1.1')!.change).toBe(-25);
    expect(t.keyQuestions.find((k) => k.id === '2.1.2')!.change).toBeNull();
    expect(changeWords(null)).toBe('No earlier figure');
    expect(changeWords(0.4)).toBe('No change');
  });
});
