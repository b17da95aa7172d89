/**
 * The three published seeds, imported and compared with expected data written by hand from each report:
 * every rating, the score, every key-question and prompt figure, the case sample and the recommendations.
 */
import { describe, expect, it } from 'vitest';
import { importReportText, importedReportSchema } from '../../src/importer/index.js';
import { SEEDS, expected, expectedFigures, figuresOf, seedText } from './expected.js';

describe.each(SEEDS)('importing %s', (seed) => {
  const e = expected(seed);
  const r = importReportText(seedText(seed), { fileName: `${seed}.txt` });

  it('gives output that satisfies the published schema', () => {
    expect(importedReportSchema.safeParse(r).success).toBe(true);
  });

  it('reads the provider, publication date, framework, overall rating and score', () => {
    expect(r.provider).toBe(e.provider);
    expect(r.published).toBe(e.published);
    expect(r.framework).toBe(e.framework);
    expect(r.overall).toEqual(e.overall);
  });

  it('reads every standard rating', () => {
    expect(Object.fromEntries(r.standards.map((s) => [s.id, s.rating]))).toEqual(e.ratings);
  });

  it('reads every key-question and prompt figure, and no others', () => {
    const got = figuresOf(r);
    const want = expectedFigures(e);
    expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
    for (const [id, f] of want) expect({ id, ...got.get(id) }).toEqual({ id, ...f });
  });

  it('reads discretion where the report states it, and nowhere else', () => {
    for (const s of r.standards) {
      if (s.id in e.discretion) {
        expect(s.discretion?.applied).toBe(true);
        expect(s.discretion?.from).toBe(e.discretion[s.id]);
        expect(s.discretion?.text).toMatch(/discretion/i);
      } else expect(s.discretion, s.id).toBeNull();
    }
  });

  it('reads the case sample', () => {
    expect(r.caseSample).toEqual(e.caseSample);
  });

  it('reads the recommendations and their addressees', () => {
    expect(r.recommendations.map((x) => x.addressee)).toEqual(e.recommendations);
    for (const rec of r.recommendations) expect(rec.text.length).toBeGreaterThan(20);
  });
});

describe('warnings on the seeds', () => {
  it('Stockton: says the publication date is missing, and nothing about figures', () => {
    const r = importReportText(seedText('stockton-on-tees-2020'));
    expect(r.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/publication date/)]);
  });

  it('South Tees: says the score is not printed and points at the misnamed 3.4 row', () => {
    const r = importReportText(seedText('south-tees-2019'));
    expect(r.warnings.some((w) => /score/.test(w.message))).toBe(true);
    const misnamed = r.warnings.find((w) => /3\.4 Joint working/.test(w.message));
    expect(misnamed?.line).toBe(140);
  });

  it('Stoke: has every key question of the case-assessed standards and no stray warnings about figures', () => {
    const r = importReportText(seedText('stoke-on-trent-2022'));
    expect(r.warnings.filter((w) => /figure|key question/.test(w.message))).toEqual([]);
  });
});
