/**
 * The classifications a sampled case carries, as canonical categories. Services' own spellings are mapped onto
 * these by the population adapter (src/population/mapping.ts); the core only ever sees canonical values.
 */

import { getFramework, hasCaseDomain, type FrameworkVersion } from '../framework/index.js';
import { AGE_BANDS as AGE_BAND_TERMS, DOMAINS, DOMAIN_KEYS, domainOfKey, ETHNICITIES as ETHNICITY_TERMS, GENDERS as GENDER_TERMS, LEVELS as LEVEL_TERMS, SAMPLED_DISPOSALS, type SampledDisposal } from '../vocabulary.js';

/** Where a case is inspected: domain 2 court disposals, domain 3 out-of-court, (2021) resettlement. */
export const SAMPLING_DOMAINS = DOMAIN_KEYS;
export type SamplingDomain = (typeof SAMPLING_DOMAINS)[number];

/** The domains in running text ("the court disposals window …"); from the vocabulary. */
export const DOMAIN_LABELS = Object.fromEntries(DOMAINS.map((d) => [d.key, d.phrase])) as Record<SamplingDomain, string>;

export interface DisposalTypeDef {
  readonly label: string;
  readonly court: boolean;
  /** A custodial sentence: a resettlement case under the 2021 framework. */
  readonly custodial: boolean;
}

/** The disposal types a population file can hold, by their labels in the vocabulary (src/core/vocabulary.ts). */
export const DISPOSAL_TYPES: readonly (DisposalTypeDef & { readonly label: SampledDisposal['label'] })[] =
  SAMPLED_DISPOSALS.map((d) => ({ label: d.label, court: d.domain === 'court', custodial: d.custodial }));
export type DisposalType = SampledDisposal['label'];

const labels = <T extends { readonly label: string }>(list: readonly T[]): readonly [T['label'], ...T['label'][]] =>
  list.map((t) => t.label) as [T['label'], ...T['label'][]];

export const GENDERS = labels(GENDER_TERMS);
export type Gender = (typeof GENDER_TERMS)[number]['label'];

export const AGE_BANDS = labels(AGE_BAND_TERMS);
export type AgeBand = (typeof AGE_BAND_TERMS)[number]['label'];

/** The five broad ethnic groups of the census, plus not known. */
export const ETHNICITIES = labels(ETHNICITY_TERMS);
export type Ethnicity = (typeof ETHNICITY_TERMS)[number]['label'];

/** Risk of serious harm and safety and wellbeing use the same scale. */
export const LEVELS = labels(LEVEL_TERMS);
export type Level = (typeof LEVEL_TERMS)[number]['label'];

/** One child's disposal in the eligible population: a pseudonymous reference and classifications, no names. */
export interface PopulationCase {
  readonly ref: string;
  readonly disposalType: DisposalType;
  /** ISO date (YYYY-MM-DD) the disposal began or was delivered. */
  readonly startDate: string;
  readonly gender: Gender;
  readonly ageBand: AgeBand;
  readonly ethnicity: Ethnicity;
  readonly riskOfSeriousHarm: Level;
  readonly safetyAndWellbeing: Level;
}

/** The classifications compared between sample and population; names match the population file's columns. */
export const VARIABLES = [
  { id: 'gender', key: 'gender', label: 'Gender', categories: GENDERS },
  { id: 'age_band', key: 'ageBand', label: 'Age band', categories: AGE_BANDS },
  { id: 'ethnicity', key: 'ethnicity', label: 'Ethnicity', categories: ETHNICITIES },
  { id: 'disposal_type', key: 'disposalType', label: 'Disposal type', categories: DISPOSAL_TYPES.map((d) => d.label) },
  { id: 'risk_of_serious_harm', key: 'riskOfSeriousHarm', label: 'Risk of serious harm', categories: LEVELS },
  { id: 'safety_and_wellbeing', key: 'safetyAndWellbeing', label: 'Safety and wellbeing', categories: LEVELS },
] as const satisfies readonly { id: string; key: keyof PopulationCase; label: string; categories: readonly string[] }[];
export type VariableId = (typeof VARIABLES)[number]['id'];

/** The reports stratify on these four: gender, sentence or disposal type, risk of serious harm, safety and wellbeing. */
export const STRATIFIERS: readonly VariableId[] = ['gender', 'disposal_type', 'risk_of_serious_harm', 'safety_and_wellbeing'];

/** The id of the framework sampled for: its standards say which domains have cases. */
export type SamplingFramework = FrameworkVersion;

/** The sampling domains a framework has standards for (2 court, 3 out-of-court, 4 resettlement), in order. */
export function samplingDomainsOf(framework: SamplingFramework): SamplingDomain[] {
  const fw = getFramework(framework);
  return DOMAINS.filter((d) => hasCaseDomain(fw, d.code)).map((d) => d.key);
}

const DISPOSAL_BY_LABEL = new Map<string, DisposalTypeDef>(DISPOSAL_TYPES.map((d) => [d.label, d]));

export function disposalDef(type: DisposalType): DisposalTypeDef {
  const def = DISPOSAL_BY_LABEL.get(type);
  if (!def) throw new Error(`unknown disposal type '${type}'`);
  return def;
}

/** Court or out-of-court follows from the disposal type; custody is resettlement where the framework has it (2021). */
export function domainOf(type: DisposalType, framework: SamplingFramework): SamplingDomain {
  const def = disposalDef(type);
  if (!def.court) return 'outOfCourt';
  return def.custodial && hasCaseDomain(getFramework(framework), domainOfKey('resettlement').code) ? 'resettlement' : 'court';
}

const KEY_OF = new Map<string, keyof PopulationCase>(VARIABLES.map((v) => [v.id, v.key]));

export function valueOf(c: PopulationCase, variable: VariableId): string {
  return c[KEY_OF.get(variable)!];
}
