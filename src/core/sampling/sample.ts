/**
 * From the eligible population to the case sample: eligibility windows, sizes with their working, stratified
 * selection per domain, the reserve list and the comparison table. Pure and deterministic: the same
 * population, options and seed give the same sample on any machine, whatever the order of the rows.
 */
import { BUILT_IN_FRAMEWORKS } from '../framework/index.js';
import { DOMAIN_LABELS, STRATIFIERS, domainOf, samplingDomainsOf, valueOf, type PopulationCase, type SamplingDomain, type SamplingFramework } from './classification.js';
import { comparisonTable, type ComparisonRow } from './compare.js';
import { applyWindows, DEFAULT_WINDOWS, type DomainCase, type ExcludedCase, type Windows } from './eligibility.js';
import { createRng } from './prng.js';
import { DEFAULT_SIZE_PARAMETERS, planSizes, type DomainPopulations, type SizeOverride, type SizePlan } from './size.js';
import type { SamplingDefaults } from '../framework/types.js';
import { balanceScore, compareScores, selectStratified } from './stratify.js';

export interface SampleOptions {
  readonly seed: number;
  /** 2021 adds the resettlement domain (custodial sentences); default 2018 (court and out-of-court only). */
  readonly framework?: SamplingFramework;
  /**
   * The framework's sampling section: where the confidence level, margin of error, court share and windows
   * start when the options do not give them. Without it, 80% confidence, a margin of 5, 60/40 and the
   * reports' windows (DEFAULT_SIZE_PARAMETERS, DEFAULT_WINDOWS).
   */
  readonly defaults?: SamplingDefaults;
  readonly confidence?: number;
  readonly margin?: number;
  /** Fieldwork start (YYYY-MM-DD). Without it the file is taken to be the eligible population already. */
  readonly fieldwork?: string;
  readonly windows?: Partial<Windows>;
  readonly overrides?: readonly SizeOverride[];
  /** Reserves per domain; default max(3, half the domain's sample), never more than are left. */
  readonly reserve?: number;
}

export interface SampledCase extends DomainCase {
  /** Position in the domain's sample, from 1. */
  readonly position: number;
}

export interface ReserveCase extends DomainCase {
  /** Order of use within the domain, from 1. */
  readonly rank: number;
}

export interface Replacement {
  readonly removed: string;
  readonly added: string;
  readonly domain: SamplingDomain;
  /** Who replaced it (a user name or role, not a child's name). */
  readonly by: string;
  /** When, as an ISO timestamp. */
  readonly at: string;
  readonly reason: string;
}

export interface SampleResult {
  readonly seed: number;
  readonly framework: SamplingFramework;
  readonly fieldwork: string | null;
  readonly windows: Windows | null;
  readonly sizes: SizePlan;
  readonly excluded: readonly ExcludedCase[];
  /** The eligible population (kept for the comparison and replacements). */
  readonly population: readonly DomainCase[];
  readonly sample: readonly SampledCase[];
  readonly reserve: readonly ReserveCase[];
  readonly comparison: readonly ComparisonRow[];
  readonly replacements: readonly Replacement[];
}

const byRef = (a: { ref: string }, b: { ref: string }): number => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0);

function stratifierValues(c: PopulationCase): string[] {
  return STRATIFIERS.map((v) => valueOf(c, v));
}

export function drawSample(cases: readonly PopulationCase[], options: SampleOptions): SampleResult {
  const framework = options.framework ?? BUILT_IN_FRAMEWORKS[0]!;
  const seen = new Set<string>();
  for (const c of cases) {
    if (seen.has(c.ref)) throw new Error(`the reference '${c.ref}' appears more than once in the population`);
    seen.add(c.ref);
  }
  // Sorting first makes the sample independent of the order of the rows in the file.
  const all: DomainCase[] = [...cases].sort(byRef).map((c) => ({ ...c, domain: domainOf(c.disposalType, framework) }));
  let population: DomainCase[] = all;
  let excluded: ExcludedCase[] = [];
  let windows: Windows | null = null;
  if (options.fieldwork !== undefined) {
    windows = { ...DEFAULT_WINDOWS, ...definedWindows(options.defaults?.windows), ...options.windows };
    ({ eligible: population, excluded } = applyWindows(all, options.fieldwork, windows));
  }
  const domains: SamplingDomain[] = samplingDomainsOf(framework);
  const counts: DomainPopulations = { court: 0, outOfCourt: 0 };
  for (const d of domains) counts[d] = population.filter((c) => c.domain === d).length;
  const d = options.defaults;
  const sizes = planSizes(
    counts,
    {
      confidence: options.confidence ?? d?.confidence ?? DEFAULT_SIZE_PARAMETERS.confidence,
      margin: options.margin ?? d?.margin ?? DEFAULT_SIZE_PARAMETERS.margin,
      courtShare: d?.split.court ?? DEFAULT_SIZE_PARAMETERS.courtShare,
    },
    options.overrides ?? [],
  );

  const sample: SampledCase[] = [];
  const reserve: ReserveCase[] = [];
  for (const d of domains) {
    const units = population.filter((c) => c.domain === d);
    const n = sizes.domains.find((x) => x.domain === d)!.sample;
    const wanted = options.reserve ?? Math.max(3, Math.ceil(n / 2));
    const sel = selectStratified(units, n, { classify: stratifierValues, rng: createRng(options.seed, d), reserve: wanted });
    sel.sample.sort(byRef).forEach((c, i) => sample.push({ ...c, position: i + 1 }));
    sel.reserve.forEach((c, i) => reserve.push({ ...c, rank: i + 1 }));
  }
  return {
    seed: options.seed,
    framework,
    fieldwork: options.fieldwork ?? null,
    windows,
    sizes,
    excluded,
    population,
    sample,
    reserve,
    comparison: comparisonTable(population, sample),
    replacements: [],
  };
}

/** The windows a framework's sampling section gives (it may give some domains only). */
function definedWindows(windows: SamplingDefaults['windows'] | undefined): Partial<Windows> {
  const out: Partial<Windows> = {};
  for (const [domain, w] of Object.entries(windows ?? {}) as [keyof Windows, Windows[keyof Windows] | undefined][]) if (w) out[domain] = w;
  return out;
}

export interface ReplaceRequest {
  readonly ref: string;
  readonly by: string;
  readonly at: string;
  readonly reason: string;
}

/**
 * Replaces a sampled case that cannot be inspected with the reserve, from the same domain, that keeps the
 * balance best (ties go to the earlier reserve). Records who, when and why.
 */
export function replaceCase(result: SampleResult, request: ReplaceRequest): SampleResult {
  const reason = request.reason.trim(), by = request.by.trim();
  if (reason === '') throw new Error('a replacement needs a reason (for example, the case manager has left and the file is incomplete)');
  if (by === '') throw new Error('a replacement needs the name or role of the person making it');
  if (Number.isNaN(Date.parse(request.at))) throw new Error(`a replacement needs the time it was made as an ISO timestamp, got '${request.at}'`);
  const out = result.sample.find((c) => c.ref === request.ref);
  if (!out) throw new Error(`'${request.ref}' is not in the sample`);
  const candidates = result.reserve.filter((c) => c.domain === out.domain);
  if (candidates.length === 0) throw new Error(`there are no ${DOMAIN_LABELS[out.domain]} reserves left; draw a larger reserve list or reduce the sample with a recorded override`);

  const pop = result.population.filter((c) => c.domain === out.domain);
  const kept = result.sample.filter((c) => c.domain === out.domain && c.ref !== out.ref);
  const n = kept.length + 1;
  const keyOf = (c: PopulationCase, i: number): string => `${i}\u0000${valueOf(c, STRATIFIERS[i]!)}`;
  const categories = [...new Set(pop.flatMap((c) => STRATIFIERS.map((_, i) => keyOf(c, i))))];
  const index = new Map(categories.map((k, g) => [k, g]));
  const shares = categories.map(() => 0);
  for (const c of pop) STRATIFIERS.forEach((_, i) => (shares[index.get(keyOf(c, i))!]! += n / pop.length));
  const base = categories.map(() => 0);
  for (const c of kept) STRATIFIERS.forEach((_, i) => base[index.get(keyOf(c, i))!]!++);

  let chosen = candidates[0]!;
  let bestScore = [Infinity, Infinity, Infinity] as const as readonly [number, number, number];
  for (const cand of candidates) {
    const counts = [...base];
    STRATIFIERS.forEach((_, i) => counts[index.get(keyOf(cand, i))!]!++);
    const score = balanceScore(counts, shares);
    if (compareScores(score, bestScore) < 0) {
      chosen = cand;
      bestScore = score;
    }
  }
  const { rank: _rank, ...chosenCase } = chosen;
  const sample = result.sample.map((c) => (c.ref === out.ref ? { ...chosenCase, position: out.position } : c));
  let rank = 0;
  const reserve = result.reserve
    .filter((c) => c.ref !== chosen.ref)
    .map((c) => (c.domain === out.domain ? { ...c, rank: ++rank } : c));
  const replacement: Replacement = { removed: out.ref, added: chosen.ref, domain: out.domain, by, at: request.at, reason };
  return { ...result, sample, reserve, comparison: comparisonTable(result.population, sample), replacements: [...result.replacements, replacement] };
}
