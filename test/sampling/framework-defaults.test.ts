/** A sampling plan starts from the framework's sampling section; options given still win, and without one the reports' defaults apply. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { getFramework, type SamplingDefaults } from '../../src/core/framework/index.js';
import { drawSample, sampleSize } from '../../src/core/sampling/index.js';
import { parsePopulationCsv } from '../../src/population/index.js';

const cases = parsePopulationCsv(readFileSync(fileURLToPath(new URL('./fixtures/population-medium.csv', import.meta.url)), 'utf8'));

const own: SamplingDefaults = {
  confidence: 90,
  margin: 10,
  split: { court: 50, outOfCourt: 50 },
  stratifiers: ['gender'],
  windows: { outOfCourt: { from: 0, to: 24 } },
};

describe("a sampling plan starts from the framework's sampling section", () => {
  it('takes its confidence, margin, court share and windows', () => {
    const result = drawSample(cases, { seed: 7, fieldwork: '2025-06-02', defaults: own });
    expect(result.sizes.parameters).toMatchObject({ confidence: 90, margin: 10, courtShare: 50 });
    expect(result.windows).toEqual({ court: { from: 6, to: 9 }, outOfCourt: { from: 0, to: 24 }, resettlement: { from: 6, to: 9 } });
    const court = result.sizes.domains.find((d) => d.domain === 'court')!;
    const outOfCourt = result.sizes.domains.find((d) => d.domain === 'outOfCourt')!;
    expect(outOfCourt.sample).toBe(Math.min(outOfCourt.population, court.sample)); // 50/50
  });

  it('lets the options given override it', () => {
    const result = drawSample(cases, { seed: 7, fieldwork: '2025-06-02', defaults: own, confidence: 80, margin: 5, windows: { outOfCourt: { from: 6, to: 10 } } });
    expect(result.sizes.parameters).toMatchObject({ confidence: 80, margin: 5, courtShare: 50 });
    expect(result.windows?.outOfCourt).toEqual({ from: 6, to: 10 });
  });

  it('draws the same sample from the 2018 section as with no section at all', () => {
    const plain = drawSample(cases, { seed: 7, fieldwork: '2025-06-02' });
    const from2018 = drawSample(cases, { seed: 7, fieldwork: '2025-06-02', defaults: getFramework('2018').sampling });
    expect(from2018).toEqual(plain);
  });
});

describe('a framework that samples one kind of case only', () => {
  const ooc: SamplingDefaults = { confidence: 80, margin: 5, split: { court: 0, outOfCourt: 100 }, stratifiers: ['gender'], windows: {} };
  it('0% court (the worked example, an out-of-court audit): no court cases, and the formula size of the out-of-court population', () => {
    const result = drawSample(cases, { seed: 7, defaults: ooc });
    const court = result.sizes.domains.find((d) => d.domain === 'court')!;
    const outOfCourt = result.sizes.domains.find((d) => d.domain === 'outOfCourt')!;
    expect(court).toMatchObject({ sample: 0, method: 'none: the framework samples out-of-court cases only (0% court)' });
    expect(outOfCourt.sample).toBe(sampleSize(outOfCourt.population, { confidence: 80, margin: 5 }).sample);
    expect(result.sample.filter((c) => c.domain === 'court')).toEqual([]);
    expect(result.sample.filter((c) => c.domain === 'outOfCourt')).toHaveLength(outOfCourt.sample);
  });

  it('100% court: no out-of-court cases', () => {
    const result = drawSample(cases, { seed: 7, defaults: { ...ooc, split: { court: 100, outOfCourt: 0 } } });
    expect(result.sizes.domains.find((d) => d.domain === 'outOfCourt')).toMatchObject({ sample: 0, method: 'none: the framework samples court cases only (100% court)' });
    expect(result.sample.filter((c) => c.domain === 'outOfCourt')).toEqual([]);
  });
});
