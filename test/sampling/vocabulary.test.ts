/**
 * One vocabulary (src/core/vocabulary.ts): every classification the sampling core draws maps to a case
 * classification and back without loss, the case schemas accept exactly the vocabulary's codes, and every
 * label the screens and the report show for a code is the vocabulary's.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AGE_BANDS, DISPOSAL_TYPES, domainOf, ETHNICITIES, GENDERS, LEVELS, SAMPLING_DOMAINS, type SampledCase, type SamplingFramework,
} from '../../src/core/sampling/index.js';
import { toCaseInput } from '../../src/app/sampling/index.js';
import { caseInput, CASE_STATES, parse } from '../../src/app/schemas.js';
import {
  CASE_STATES as STATE_TERMS, CLASSIFICATIONS, DISPOSALS, DOMAINS, domainOfCode, labelOf, SAMPLED_DISPOSALS, type Classification,
} from '../../src/core/vocabulary.js';
import { classificationLabel, DOMAIN_LABELS, stateLabel } from '../../src/web/labels.js';
import { mapAgeBand, mapDisposalType, mapEthnicity, mapGender, mapLevel } from '../../src/population/index.js';

const KINDS = Object.keys(CLASSIFICATIONS) as Classification[];

const sampledCaseArb = (framework: SamplingFramework): fc.Arbitrary<SampledCase> =>
  fc.record({
    ref: fc.stringMatching(/^[A-Z]{1,3}-?\d{1,5}$/),
    disposalType: fc.constantFrom(...DISPOSAL_TYPES.map((d) => d.label)),
    startDate: fc.constant('2025-01-15'),
    gender: fc.constantFrom(...GENDERS),
    ageBand: fc.constantFrom(...AGE_BANDS),
    ethnicity: fc.constantFrom(...ETHNICITIES),
    riskOfSeriousHarm: fc.constantFrom(...LEVELS),
    safetyAndWellbeing: fc.constantFrom(...LEVELS),
    position: fc.integer({ min: 1, max: 200 }),
  }).map((c) => ({ ...c, domain: domainOf(c.disposalType, framework) }));

describe('the one vocabulary', () => {
  it('holds each code and each label once per classification', () => {
    for (const list of [...Object.values(CLASSIFICATIONS), STATE_TERMS]) {
      expect(new Set(list.map((t) => t.code)).size).toBe(list.length);
      expect(new Set(list.map((t) => t.label)).size).toBe(list.length);
    }
    expect(new Set(DOMAINS.map((d) => d.code)).size).toBe(DOMAINS.length);
    expect(DOMAINS.map((d) => d.key)).toEqual([...SAMPLING_DOMAINS]);
  });

  it('is what the sampling core draws from, in the same order', () => {
    expect(DISPOSAL_TYPES.map((d) => d.label)).toEqual(SAMPLED_DISPOSALS.map((d) => d.label));
    expect([...GENDERS]).toEqual(CLASSIFICATIONS.gender.map((t) => t.label));
    expect([...AGE_BANDS]).toEqual(CLASSIFICATIONS.ageBand.map((t) => t.label));
    expect([...ETHNICITIES]).toEqual(CLASSIFICATIONS.ethnicity.map((t) => t.label));
    expect([...LEVELS]).toEqual(CLASSIFICATIONS.riskOfSeriousHarm.map((t) => t.label));
    for (const d of DISPOSAL_TYPES) {
      const term = DISPOSALS.find((t) => t.label === d.label)!;
      expect(domainOf(d.label, '2018')).toBe(term.domain);
    }
  });

  it('is what the case schemas accept, nothing more', () => {
    for (const kind of KINDS) {
      const shape = caseInput.shape[kind];
      expect([...shape.options].sort()).toEqual(CLASSIFICATIONS[kind].map((t) => t.code).sort());
    }
    expect([...CASE_STATES]).toEqual(STATE_TERMS.map((s) => s.code));
  });

  it('maps every sampled case to a valid case and back without loss', () => {
    for (const framework of ['2018', '2021'] as const) {
      fc.assert(fc.property(sampledCaseArb(framework), (c) => {
        const stored = parse(caseInput, toCaseInput(c));
        expect(domainOfCode(stored.domain)?.key).toBe(c.domain);
        for (const kind of KINDS) expect(labelOf(kind, stored[kind])).toBe(c[kind]);
      }), { numRuns: 300 });
    }
  });

  it('reads a population file written in the stored codes (as the cases CSV has them) as well as in the labels', () => {
    const map: Record<Classification, (v: string) => string | undefined> = {
      disposalType: mapDisposalType, gender: mapGender, ageBand: mapAgeBand, ethnicity: mapEthnicity, riskOfSeriousHarm: mapLevel, safetyAndWellbeing: mapLevel,
    };
    for (const kind of KINDS) {
      const terms = kind === 'disposalType' ? SAMPLED_DISPOSALS : CLASSIFICATIONS[kind];
      for (const t of terms) {
        expect(map[kind](t.code)).toBe(t.label);
        expect(map[kind](t.label)).toBe(t.label);
      }
    }
  });

  it('keeps a reparation order a reparation order', () => {
    const c = fc.sample(sampledCaseArb('2018'), 1)[0]!;
    const input = toCaseInput({ ...c, disposalType: 'Reparation order', domain: 'court' });
    expect(input.disposalType).toBe('reparation-order');
    expect(classificationLabel('disposalType', 'reparation-order')).toBe('Reparation order');
  });
});

describe('the labels shown', () => {
  it('are the vocabulary labels for every stored code', () => {
    for (const kind of KINDS) {
      for (const t of CLASSIFICATIONS[kind]) expect(classificationLabel(kind, t.code)).toBe(t.label);
    }
    for (const d of DOMAINS) expect(DOMAIN_LABELS[d.code]).toBe(d.label);
    for (const s of STATE_TERMS) expect(stateLabel(s.code).text).toBe(s.label);
  });

  it('print the disposal types as the reports do', () => {
    const label = (code: string) => labelOf('disposalType', code);
    expect(label('referral-order')).toBe('Referral order');
    expect(label('youth-conditional-caution')).toBe('Youth conditional caution');
    expect(label('reparation-order')).toBe('Reparation order');
    expect(label('detention-and-training-order')).toBe('Detention and training order');
  });
});
