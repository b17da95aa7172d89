/** From the sampling core's categories (the vocabulary's labels) to the case the services create (its codes). */
import type { SampledCase } from '../../core/sampling/index.js';
import { codeOf, domainOfKey, type Classification } from '../../core/vocabulary.js';

/** The stored code of a sampled label: every sampled label has one (test/sampling/vocabulary.test.ts). */
function code(kind: Classification, label: string): string {
  const c = codeOf(kind, label);
  if (c === undefined) throw new Error(`the vocabulary has no ${kind} '${label}'`);
  return c;
}

/** The case the services create: pseudonymous ref and classifications only. */
export function toCaseInput(c: SampledCase): Record<string, unknown> {
  return {
    ref: c.ref,
    domain: domainOfKey(c.domain).code,
    disposalType: code('disposalType', c.disposalType),
    gender: code('gender', c.gender),
    ageBand: code('ageBand', c.ageBand),
    ethnicity: code('ethnicity', c.ethnicity),
    riskOfSeriousHarm: code('riskOfSeriousHarm', c.riskOfSeriousHarm),
    safetyAndWellbeing: code('safetyAndWellbeing', c.safetyAndWellbeing),
  };
}
