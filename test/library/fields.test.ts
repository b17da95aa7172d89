/**
 * Correcting a field of an imported report (pure): every field of each seed accepts a valid value and an
 * empty one, the rest of the report is unchanged, and anything else is refused with a CorrectionError —
 * never another error, never an invalid report.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { importReportText, importedReportSchema } from '../../src/importer/index.js';
import { applyCorrection, correctableFields, CorrectionError } from '../../src/app/library/index.js';
import { SEEDS, seedPath } from './seeds.js';

const reports = SEEDS.map((s) => importReportText(readFileSync(seedPath(s), 'utf8'), { fileName: `${s}.txt` }));

const validValue: Record<string, string> = { text: 'Westshire Youth Justice Service', published: '2021-03', framework: '2021', rating: 'good', count: '1000', percent: '62.5', discretion: 'applied from requires improvement' };

describe('correcting a field', () => {
  it('offers every standard and key question of the framework, read or not', () => {
    const stoke = correctableFields(reports[2]!);
    expect(stoke.find((f) => f.id === 'standards.4.1.rating')).toBeDefined();
    expect(stoke.find((f) => f.id === 'keyQuestions.2.1.1.percent')?.value).toBe('69');
    expect(stoke.find((f) => f.id === 'keyQuestions.2.1.1.relevant')?.value).toBe('');
  });

  it('applies a valid value to exactly that field, and an empty one as not stated', () => {
    for (const r of reports) {
      for (const f of correctableFields(r)) {
        if (f.id === 'framework') continue; // changes which fields exist; tested below
        for (const raw of [f.id.endsWith('.yes') ? '0' : validValue[f.kind]!, '']) {
          const c = applyCorrection(r, f.id, raw);
          expect(importedReportSchema.safeParse(c.report).success).toBe(true);
          const after = correctableFields(c.report).find((x) => x.id === f.id)!;
          expect(after.value).toBe(c.after === null ? '' : String(c.after));
          const others = (rep: typeof r) => correctableFields(rep).filter((x) => x.id !== f.id).map((x) => [x.id, x.value]);
          expect(others(c.report)).toEqual(others(r));
        }
      }
    }
    expect(applyCorrection(reports[0]!, 'framework', '2021').report.framework).toBe('2021');
  });

  it('refuses anything else with a message, never another error', () => {
    const ids = correctableFields(reports[1]!).map((f) => f.id);
    fc.assert(fc.property(fc.constantFrom(...ids, 'nonsense', 'keyQuestions.9.9.9.yes'), fc.string({ maxLength: 12 }), (id, raw) => {
      try {
        const c = applyCorrection(reports[1]!, id, raw);
        expect(importedReportSchema.safeParse(c.report).success).toBe(true);
      } catch (err) {
        expect(err).toBeInstanceOf(CorrectionError);
        expect((err as Error).message.length).toBeGreaterThan(10);
      }
    }), { numRuns: 500 });
    expect(() => applyCorrection(reports[1]!, 'keyQuestions.2.1.1.percent', '101')).toThrow(/0 to 100/);
    expect(() => applyCorrection(reports[1]!, 'overall.rating', 'Excellent')).toThrow(/Inadequate, Requires improvement, Good, Outstanding/);
  });
});
