/**
 * How many cases to inspect. The reports size the court sample "to achieve a confidence level of 80 per cent
 * (with a margin of error of 5)" and set the out-of-court sample "so that the combined case sample size
 * comprises 60 per cent domain two cases and 40 per cent domain three". The method is set out in docs/sampling.md.
 */
import { DOMAIN_LABELS, type SamplingDomain } from './classification.js';
import { twoSidedZ } from './normal.js';

export interface SizeParameters {
  /** Confidence level in per cent (default 80). */
  readonly confidence: number;
  /** Margin of error in percentage points (default 5). */
  readonly margin: number;
  /** Assumed proportion (default 0.5, the most cautious). */
  readonly proportion?: number;
  /** Court share of the combined court + out-of-court sample in per cent (default 60). */
  readonly courtShare?: number;
}

export const DEFAULT_SIZE_PARAMETERS: Required<SizeParameters> = { confidence: 80, margin: 5, proportion: 0.5, courtShare: 60 };

export interface SizeWorking {
  readonly population: number;
  readonly z: number;
  /** Sample size for an infinite population: z²·p(1−p)/e². */
  readonly n0: number;
  /** After the finite population correction n0·N/(n0 + N − 1), before rounding up. */
  readonly corrected: number;
  readonly sample: number;
  readonly takenWhole: boolean;
  /** The working, in words and figures, for the lead inspector and the report. */
  readonly steps: readonly string[];
}

// Guards against 24.000000000001 rounding up to 25 from floating-point noise.
const EPS = 1e-9;

export function checkSizeParameters(params: SizeParameters): Required<SizeParameters> {
  const p = { ...DEFAULT_SIZE_PARAMETERS, ...params };
  if (!(p.confidence > 0 && p.confidence < 100)) throw new RangeError(`confidence level must be above 0 and below 100 per cent, got ${p.confidence}`);
  if (!(p.margin > 0 && p.margin < 100)) throw new RangeError(`margin of error must be above 0 and below 100 percentage points, got ${p.margin}`);
  if (!(p.proportion > 0 && p.proportion < 1)) throw new RangeError(`assumed proportion must be between 0 and 1, got ${p.proportion}`);
  if (!(p.courtShare >= 0 && p.courtShare <= 100)) throw new RangeError(`court share must be from 0 to 100 per cent, got ${p.courtShare}`);
  return p;
}

/** The formula size for one population: n0 = z²·p(1−p)/e², n = n0·N/(n0 + N − 1) rounded up, never more than N. */
export function sampleSize(population: number, params: SizeParameters = DEFAULT_SIZE_PARAMETERS): SizeWorking {
  if (!Number.isInteger(population) || population < 0) throw new RangeError(`population must be a whole number of cases, got ${population}`);
  const { confidence, margin, proportion } = checkSizeParameters(params);
  const z = twoSidedZ(confidence);
  const e = margin / 100;
  const n0 = (z * z * proportion * (1 - proportion)) / (e * e);
  const corrected = population === 0 ? 0 : (n0 * population) / (n0 + population - 1);
  const sample = population === 0 ? 0 : Math.min(population, Math.ceil(corrected - EPS));
  const takenWhole = sample === population;
  const steps = [
    `z for ${fmt(confidence)}% confidence (two-sided) = ${z.toFixed(4)}`,
    `n0 = z² × p(1 − p) / e² = ${z.toFixed(4)}² × ${fmt(proportion)} × ${fmt(1 - proportion)} / ${fmt(e)}² = ${n0.toFixed(2)}`,
    `n = n0 × N / (n0 + N − 1) = ${n0.toFixed(2)} × ${population} / (${n0.toFixed(2)} + ${population} − 1) = ${corrected.toFixed(2)}`,
    `rounded up${takenWhole ? ', no more than N' : ''}: ${sample}${takenWhole && population > 0 ? ' (the whole population)' : ''}`,
  ];
  return { population, z, n0, corrected, sample, takenWhole, steps };
}

/** Resettlement cases inspected by default (the lead sets another figure with an override). */
export const RESETTLEMENT_ILLUSTRATIVE_SIZE = 3;

export interface SizeOverride {
  readonly domain: SamplingDomain;
  readonly sample: number;
  /** Why the lead inspector changed the figure; required, recorded with the sample. */
  readonly reason: string;
}

export interface DomainSize {
  readonly domain: SamplingDomain;
  readonly population: number;
  /** The figure the method gives, before any override. */
  readonly proposed: number;
  /** The figure used. */
  readonly sample: number;
  readonly method: string;
  readonly working: readonly string[];
  /** Set when the population cannot supply the aim. */
  readonly shortfall?: string;
  readonly override?: { readonly from: number; readonly to: number; readonly reason: string };
}

export interface SizePlan {
  readonly parameters: Required<SizeParameters>;
  readonly domains: readonly DomainSize[];
  /** Combined court + out-of-court sample and the court share achieved, in per cent. */
  readonly combined: { readonly sample: number; readonly courtPercent: number | null };
  /** The lead inspector's overrides in force, one per domain at most. */
  readonly overrides: readonly SizeOverride[];
}

export type DomainPopulations = Partial<Record<SamplingDomain, number>> & { court: number; outOfCourt: number };

/**
 * Sizes for every domain present:
 * - court: the formula size of the court population (so every court sample meets the confidence level);
 * - out-of-court: the share that makes the combined sample 60/40, i.e. round(court × 40/60); if the
 *   out-of-court population is smaller, all of it is taken and the shortfall recorded (court is not topped up);
 *   with no court population at all, the formula size of the out-of-court population;
 * - resettlement (2021 framework): an illustrative sample of RESETTLEMENT_ILLUSTRATIVE_SIZE custody cases (or all of
 *   them if fewer), outside the 60/40 split: the cases illustrate the 4.1 policy judgement, as the reports show
 *   (Stoke-on-Trent 2022: three), so the formula size does not apply; the lead changes it with an override.
 */
export function planSizes(populations: DomainPopulations, params: SizeParameters = DEFAULT_SIZE_PARAMETERS, overrides: readonly SizeOverride[] = []): SizePlan {
  const parameters = checkSizeParameters(params);
  const byDomain = new Map<SamplingDomain, SizeOverride>();
  for (const o of overrides) byDomain.set(o.domain, o); // the latest override of a domain wins
  const domains: DomainSize[] = [];
  const court = sampleSize(populations.court, parameters);
  // A framework that samples one kind of case only (an out-of-court audit: 0% court) takes no court cases.
  const courtShared = parameters.courtShare > 0;
  domains.push(applyOverride({
    domain: 'court',
    population: court.population,
    proposed: courtShared ? court.sample : 0,
    sample: courtShared ? court.sample : 0,
    method: courtShared ? `formula size for ${fmt(parameters.confidence)}% confidence, margin of error ${fmt(parameters.margin)}` : 'none: the framework samples out-of-court cases only (0% court)',
    working: courtShared ? court.steps : [`court share 0%: no court cases are sampled`],
  }, byDomain.get('court')));
  // The out-of-court share follows the court figure actually used, so a court override carries through.
  domains.push(applyOverride(outOfCourtSize(populations.outOfCourt, domains[0]!.sample, parameters), byDomain.get('outOfCourt')));
  if (populations.resettlement !== undefined) {
    const population = populations.resettlement;
    const sample = Math.min(RESETTLEMENT_ILLUSTRATIVE_SIZE, population);
    domains.push(applyOverride({
      domain: 'resettlement',
      population,
      proposed: sample,
      sample,
      method: `illustrative sample of ${RESETTLEMENT_ILLUSTRATIVE_SIZE} custody cases for the resettlement policy judgement, outside the 60/40 split`,
      working: [
        `the resettlement cases illustrate the 4.1 judgement; they are not a statistical sample`,
        `${RESETTLEMENT_ILLUSTRATIVE_SIZE} cases, no more than the ${population} in the population: ${sample}`,
      ],
    }, byDomain.get('resettlement')));
  }
  for (const o of byDomain.values()) {
    if (!domains.some((d) => d.domain === o.domain)) throw new Error(`there is no ${DOMAIN_LABELS[o.domain]} population to override`);
  }
  return { parameters, domains, combined: combined(domains), overrides: [...byDomain.values()] };
}

function applyOverride(d: DomainSize, override: SizeOverride | undefined): DomainSize {
  if (!override) return d;
  const reason = override.reason.trim();
  if (reason === '') throw new Error(`an override of the ${DOMAIN_LABELS[override.domain]} sample needs a reason`);
  if (!Number.isInteger(override.sample) || override.sample < 0 || override.sample > d.population) {
    throw new RangeError(`the ${DOMAIN_LABELS[override.domain]} sample must be a whole number from 0 to ${d.population} (the population), got ${override.sample}`);
  }
  return { ...d, sample: override.sample, override: { from: d.proposed, to: override.sample, reason } };
}

function outOfCourtSize(population: number, courtSample: number, p: Required<SizeParameters>): DomainSize {
  if (p.courtShare === 100) {
    return { domain: 'outOfCourt', population, proposed: 0, sample: 0, method: 'none: the framework samples court cases only (100% court)', working: ['court share 100%: no out-of-court cases are sampled'] };
  }
  if (courtSample === 0) {
    const w = sampleSize(population, p);
    return {
      domain: 'outOfCourt',
      population,
      proposed: w.sample,
      sample: w.sample,
      method: `formula size (no court cases to split against), ${fmt(p.confidence)}% confidence, margin of error ${fmt(p.margin)}`,
      working: w.steps,
    };
  }
  const ocShare = 100 - p.courtShare;
  const exact = (courtSample * ocShare) / p.courtShare;
  const aim = Math.floor(exact + 0.5 + EPS);
  const sample = Math.min(population, aim);
  const working = [
    `combined sample ${fmt(p.courtShare)}% court, ${fmt(ocShare)}% out-of-court: court ${courtSample} × ${fmt(ocShare)} / ${fmt(p.courtShare)} = ${exact.toFixed(2)}`,
    `rounded to the nearest case: ${aim}`,
  ];
  let shortfall: string | undefined;
  if (population < aim) {
    shortfall = `the out-of-court population has ${population} case${population === 1 ? '' : 's'}, ${aim - population} short of the aim of ${aim}: all are taken, and the court sample is not increased`;
    working.push(`population ${population} < ${aim}: all ${population} taken`);
  }
  return {
    domain: 'outOfCourt',
    population,
    proposed: sample,
    sample,
    method: `${fmt(ocShare)}% of the combined court and out-of-court sample`,
    working,
    ...(shortfall ? { shortfall } : {}),
  };
}

function combined(domains: readonly DomainSize[]): SizePlan['combined'] {
  const c = domains.find((d) => d.domain === 'court')?.sample ?? 0;
  const o = domains.find((d) => d.domain === 'outOfCourt')?.sample ?? 0;
  const sample = c + o;
  return { sample, courtPercent: sample === 0 ? null : Math.round((1000 * c) / sample) / 10 };
}

/** The lead inspector overrides one domain's figure; the reason is required and recorded with the plan. */
export function overrideSize(plan: SizePlan, override: SizeOverride): SizePlan {
  const populations: DomainPopulations = { court: 0, outOfCourt: 0 };
  for (const d of plan.domains) populations[d.domain] = d.population;
  return planSizes(populations, plan.parameters, [...plan.overrides, override]);
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Math.round(x * 10000) / 10000);
}
