/**
 * The classifications a sampled case carries, as canonical categories. Services' own spellings are mapped onto
 * these by the population adapter (src/population/mapping.ts); the core only ever sees canonical values.
 */

/** Where a case is inspected: domain 2 court disposals, domain 3 out-of-court, (2021) resettlement. */
export const SAMPLING_DOMAINS = ['court', 'outOfCourt', 'resettlement'] as const;
export type SamplingDomain = (typeof SAMPLING_DOMAINS)[number];

export const DOMAIN_LABELS: Record<SamplingDomain, string> = {
  court: 'court disposals',
  outOfCourt: 'out-of-court disposals',
  resettlement: 'resettlement (custody)',
};

export interface DisposalTypeDef {
  readonly label: string;
  readonly court: boolean;
  /** A custodial sentence: a resettlement case under the 2021 framework. */
  readonly custodial: boolean;
}

export const DISPOSAL_TYPES = [
  { label: 'Referral order', court: true, custodial: false },
  { label: 'Youth rehabilitation order', court: true, custodial: false },
  { label: 'Reparation order', court: true, custodial: false },
  { label: 'Licence', court: true, custodial: false },
  { label: 'Detention and training order', court: true, custodial: true },
  { label: 'Other custodial sentence', court: true, custodial: true },
  { label: 'Youth conditional caution', court: false, custodial: false },
  { label: 'Youth caution', court: false, custodial: false },
  { label: 'Community resolution', court: false, custodial: false },
  { label: 'Triage', court: false, custodial: false },
  { label: 'Other out-of-court disposal', court: false, custodial: false },
] as const satisfies readonly DisposalTypeDef[];
export type DisposalType = (typeof DISPOSAL_TYPES)[number]['label'];

export const GENDERS = ['Female', 'Male', 'Other', 'Not known'] as const;
export type Gender = (typeof GENDERS)[number];

export const AGE_BANDS = ['10-14', '15-17', '18+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** The five broad ethnic groups of the census, plus not known. */
export const ETHNICITIES = ['White', 'Mixed', 'Asian', 'Black', 'Other', 'Not known'] as const;
export type Ethnicity = (typeof ETHNICITIES)[number];

/** Risk of serious harm and safety and wellbeing use the same scale. */
export const LEVELS = ['Low', 'Medium', 'High', 'Very high', 'Not assessed'] as const;
export type Level = (typeof LEVELS)[number];

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

export type SamplingFramework = '2018' | '2021';

const DISPOSAL_BY_LABEL = new Map<string, DisposalTypeDef>(DISPOSAL_TYPES.map((d) => [d.label, d]));

export function disposalDef(type: DisposalType): DisposalTypeDef {
  const def = DISPOSAL_BY_LABEL.get(type);
  if (!def) throw new Error(`unknown disposal type '${type}'`);
  return def;
}

/** Court or out-of-court follows from the disposal type; custody is resettlement under the 2021 framework. */
export function domainOf(type: DisposalType, framework: SamplingFramework): SamplingDomain {
  const def = disposalDef(type);
  if (!def.court) return 'outOfCourt';
  return framework === '2021' && def.custodial ? 'resettlement' : 'court';
}

const KEY_OF = new Map<string, keyof PopulationCase>(VARIABLES.map((v) => [v.id, v.key]));

export function valueOf(c: PopulationCase, variable: VariableId): string {
  return c[KEY_OF.get(variable)!];
}
