/**
 * How firm each rating is, on the live data: the Wilson interval of every key question at the inspection's
 * confidence level (the confirmed sampling plan's; 80% when there is none) and at 95%, with the finite
 * population correction from the plan's eligible population of each domain, and whether each case-assessed
 * standard's band holds across the interval of its lowest key question (src/core/quality). The figures are
 * the ratings' own: the same engine input (finished cases only) and the same output, never recounted.
 * Reading it is reading the ratings: the policy's read rule for the inspection.
 */
import { ratingFirmness, DEFAULT_CONFIDENCE, type DomainSampling, type RatingFirmness } from '../core/quality/index.js';
import { domainOfCode } from '../core/vocabulary.js';
import { WHOLE_READER, type User } from './context.js';
import { frameworkFor } from './rating-input.js';
import type { RatingService } from './ratings.js';
import type { SamplingService } from './sampling/index.js';

export interface DomainFirmnessSource {
  readonly domain: number;
  /** Cases the figures count in the domain. */
  readonly sampled: number;
  /** The confirmed plan's eligible population, or null when there is no confirmed plan. */
  readonly population: number | null;
}

export interface InspectionFirmness extends RatingFirmness {
  /** Where the confidence level came from: the confirmed sampling plan, or the default 80%. */
  readonly confidenceSource: 'sampling-plan' | 'default';
  readonly domains: readonly DomainFirmnessSource[];
}

export function firmnessService(ratings: Pick<RatingService, 'withInput'>, sampling: Pick<SamplingService, 'confirmedPopulations'>) {
  return {
    async forInspection(actor: User, inspectionId: string): Promise<InspectionFirmness> {
      const { inspection, input, ratings: output } = await ratings.withInput(actor, inspectionId);
      // The plan's figures are read as the report reads them: whoever may see the ratings may see what they rest on.
      const plan = await sampling.confirmedPopulations(WHOLE_READER, inspectionId);
      const framework = frameworkFor(inspection.framework_version);
      const domains: DomainFirmnessSource[] = framework.domains.filter((d) => d.id !== 1).map((d) => {
        const key = domainOfCode(d.id)?.key;
        return { domain: d.id, sampled: (input.cases ?? []).filter((c) => c.domain === d.id).length, population: key ? plan?.populations[key] ?? null : null };
      });
      const byDomain: Partial<Record<number, DomainSampling>> = Object.fromEntries(domains.map((d) => [d.domain, { sampled: d.sampled, population: d.population }]));
      const confidence = plan?.confidence ?? framework.sampling?.confidence ?? DEFAULT_CONFIDENCE;
      return {
        ...ratingFirmness(framework, output.standards, { confidence, domains: byDomain }),
        confidenceSource: plan ? 'sampling-plan' : 'default',
        domains,
      };
    },
  };
}

export type FirmnessService = ReturnType<typeof firmnessService>;
