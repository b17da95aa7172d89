/**
 * Property tests: whatever bytes arrive (random text, a truncated report, a report with its lines
 * shuffled), importReportText returns a schema-valid report and never throws.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importReportText, importedReportSchema } from '../../src/importer/index.js';
import { SEEDS, seedText } from './expected.js';

const seeds = SEEDS.map(seedText);

function valid(text: string): boolean {
  const r = importReportText(text);
  const parsed = importedReportSchema.safeParse(r);
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues.slice(0, 3)));
  return true;
}

describe('importReportText never crashes', () => {
  it('on random bytes decoded as text', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4000 }), (bytes) => valid(new TextDecoder().decode(bytes))),
      { numRuns: 150 },
    );
  });

  it('on random strings made of report-like pieces', () => {
    const piece = fc.oneof(
      fc.constantFrom('2.1 Assessment', 'Good', 'Of the 8 cases inspected:', '8 6', '45%*', '<b>54%</b>', 'Score 32/36', 'Overall rating', '?', '\t', '\n', '1.', 'should:', 'Recommendations', 'Annex 1', 'discretion'),
      fc.string({ maxLength: 30 }),
    );
    fc.assert(fc.property(fc.array(piece, { maxLength: 300 }), (parts) => valid(parts.join(' '))), { numRuns: 150 });
  });

  it('on truncated reports', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), fc.double({ min: 0, max: 1, noNaN: true }), (i, at) => {
        const text = seeds[i]!;
        return valid(text.slice(0, Math.floor(text.length * at)));
      }),
      { numRuns: 40 },
    );
  });

  it('on reports with shuffled lines, and never invents a count larger than its table', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), fc.integer(), (i, seed) => {
        const lines = seeds[i]!.split('\n');
        const shuffled = fc.sample(fc.shuffledSubarray(lines, { minLength: lines.length, maxLength: lines.length }), { numRuns: 1, seed })[0]!;
        const r = importReportText(shuffled.join('\n'));
        expect(importedReportSchema.safeParse(r).success).toBe(true);
        for (const s of r.standards) for (const f of [...s.keyQuestions, ...s.prompts]) if (f.yes !== null && f.relevant !== null) expect(f.yes).toBeLessThanOrEqual(f.relevant);
        return true;
      }),
      { numRuns: 12 },
    );
  });
});
