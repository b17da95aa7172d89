/** From the sampling core's categories to the server's case input (its own slugs and domain numbers). */
import type { DisposalType, Ethnicity, Gender, Level, SampledCase, SamplingDomain } from '../../core/sampling/index.js';

const DISPOSAL: Record<DisposalType, string> = {
  'Referral order': 'referral-order',
  'Youth rehabilitation order': 'youth-rehabilitation-order',
  'Reparation order': 'other-court',
  Licence: 'licence',
  'Detention and training order': 'detention-and-training-order',
  'Other custodial sentence': 'custody',
  'Youth conditional caution': 'youth-conditional-caution',
  'Youth caution': 'youth-caution',
  'Community resolution': 'community-resolution',
  Triage: 'triage',
  'Other out-of-court disposal': 'other-out-of-court',
};
const DOMAIN: Record<SamplingDomain, 2 | 3 | 4> = { court: 2, outOfCourt: 3, resettlement: 4 };
const slug = (s: Gender | Ethnicity): string => s.toLowerCase().replace(/\s+/g, '-');
const level = (l: Level): string => (l === 'Not assessed' ? 'not-known' : l.toLowerCase().replace(/\s+/g, '-'));

/** The case the services create: pseudonymous ref and classifications only. */
export function toCaseInput(c: SampledCase): Record<string, unknown> {
  return {
    ref: c.ref,
    domain: DOMAIN[c.domain],
    disposalType: DISPOSAL[c.disposalType],
    gender: slug(c.gender),
    ageBand: c.ageBand,
    ethnicity: slug(c.ethnicity),
    riskOfSeriousHarm: level(c.riskOfSeriousHarm),
    safetyAndWellbeing: level(c.safetyAndWellbeing),
  };
}
