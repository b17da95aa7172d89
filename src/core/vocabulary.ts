/**
 * One vocabulary for the classifications a case carries, shared by sampling, cases, reports and screens.
 * Each term has a stable `code` (what the cases table, the API and the CSV store) and a `label` (the words the
 * reports print and the screens show). The sampling core and its JSON speak labels; everything stored speaks
 * codes; `codeOf` and `labelOf` go between them without loss. Order is the sampling core's: its seeded
 * selection walks categories in this order, so reordering would change samples drawn from a given seed.
 */

/** A case's domain: stored as its number (cases.domain); the sampling core and its tables use `key`. */
export const DOMAINS = [
  { code: 2, key: 'court', label: 'Court disposals', phrase: 'court disposals' },
  { code: 3, key: 'outOfCourt', label: 'Out-of-court disposals', phrase: 'out-of-court disposals' },
  { code: 4, key: 'resettlement', label: 'Resettlement', phrase: 'resettlement (custody)' },
] as const;
export type DomainCode = (typeof DOMAINS)[number]['code'];
export type DomainKey = (typeof DOMAINS)[number]['key'];
export const DOMAIN_CODES = DOMAINS.map((d) => d.code) as [DomainCode, ...DomainCode[]];
export const DOMAIN_KEYS = ['court', 'outOfCourt', 'resettlement'] as const satisfies readonly DomainKey[];

export const domainOfCode = (code: number): (typeof DOMAINS)[number] | undefined => DOMAINS.find((d) => d.code === code);
export const domainOfKey = (key: DomainKey): (typeof DOMAINS)[number] => DOMAINS.find((d) => d.key === key)!;

/**
 * Disposal types. `custodial`: a resettlement case under the 2021 framework. `sampled: false` marks a code a
 * case may carry that no population file yields (kept for cases recorded by hand before the population maps
 * onto a named type).
 */
export const DISPOSALS = [
  { code: 'referral-order', label: 'Referral order', domain: 'court', custodial: false, sampled: true },
  { code: 'youth-rehabilitation-order', label: 'Youth rehabilitation order', domain: 'court', custodial: false, sampled: true },
  { code: 'reparation-order', label: 'Reparation order', domain: 'court', custodial: false, sampled: true },
  { code: 'licence', label: 'Licence', domain: 'court', custodial: false, sampled: true },
  { code: 'detention-and-training-order', label: 'Detention and training order', domain: 'court', custodial: true, sampled: true },
  { code: 'custody', label: 'Other custodial sentence', domain: 'court', custodial: true, sampled: true },
  { code: 'other-court', label: 'Other court disposal', domain: 'court', custodial: false, sampled: false },
  { code: 'youth-conditional-caution', label: 'Youth conditional caution', domain: 'outOfCourt', custodial: false, sampled: true },
  { code: 'youth-caution', label: 'Youth caution', domain: 'outOfCourt', custodial: false, sampled: true },
  { code: 'community-resolution', label: 'Community resolution', domain: 'outOfCourt', custodial: false, sampled: true },
  { code: 'triage', label: 'Triage', domain: 'outOfCourt', custodial: false, sampled: true },
  { code: 'other-out-of-court', label: 'Other out-of-court disposal', domain: 'outOfCourt', custodial: false, sampled: true },
] as const;
type Disposal = (typeof DISPOSALS)[number];
export type DisposalCode = Disposal['code'];
export type SampledDisposal = Extract<Disposal, { sampled: true }>;

export const SAMPLED_DISPOSALS = DISPOSALS.filter((d): d is SampledDisposal => d.sampled);
export const COURT_DISPOSAL_CODES = DISPOSALS.filter((d) => d.domain === 'court').map((d) => d.code);
export const OUT_OF_COURT_DISPOSAL_CODES = DISPOSALS.filter((d) => d.domain === 'outOfCourt').map((d) => d.code);

export const GENDERS = [
  { code: 'female', label: 'Female' },
  { code: 'male', label: 'Male' },
  { code: 'other', label: 'Other' },
  { code: 'not-known', label: 'Not known' },
] as const;

export const AGE_BANDS = [
  { code: '10-14', label: '10-14' },
  { code: '15-17', label: '15-17' },
  { code: '18+', label: '18+' },
] as const;

/** The five broad ethnic groups of the census, plus not known. */
export const ETHNICITIES = [
  { code: 'white', label: 'White' },
  { code: 'mixed', label: 'Mixed' },
  { code: 'asian', label: 'Asian' },
  { code: 'black', label: 'Black' },
  { code: 'other', label: 'Other' },
  { code: 'not-known', label: 'Not known' },
] as const;

/** Risk of serious harm and safety and wellbeing share one scale. */
export const LEVELS = [
  { code: 'low', label: 'Low' },
  { code: 'medium', label: 'Medium' },
  { code: 'high', label: 'High' },
  { code: 'very-high', label: 'Very high' },
  { code: 'not-known', label: 'Not assessed' },
] as const;

export const CASE_STATES = [
  { code: 'not-started', label: 'Not started' },
  { code: 'in-progress', label: 'In progress' },
  { code: 'submitted', label: 'Submitted' },
  { code: 'returned', label: 'Returned' },
  { code: 'quality-assured', label: 'Quality assured' },
  { code: 'withdrawn', label: 'Withdrawn' },
] as const;

/** Every list of codes and labels, by the case field (and population column) it classifies. */
export const CLASSIFICATIONS = {
  disposalType: DISPOSALS,
  gender: GENDERS,
  ageBand: AGE_BANDS,
  ethnicity: ETHNICITIES,
  riskOfSeriousHarm: LEVELS,
  safetyAndWellbeing: LEVELS,
} as const;
export type Classification = keyof typeof CLASSIFICATIONS;
type TermOf<K extends Classification> = (typeof CLASSIFICATIONS)[K][number];
export type CodeOf<K extends Classification> = TermOf<K>['code'];
export type LabelOf<K extends Classification> = TermOf<K>['label'];

/** The codes of a list, as a non-empty tuple (what z.enum takes). */
export function codes<T extends { readonly code: string }>(list: readonly T[]): [T['code'], ...T['code'][]] {
  return list.map((t) => t.code) as [T['code'], ...T['code'][]];
}

/** The label of a stored code; undefined for a code the vocabulary does not hold. */
export function labelOf<K extends Classification>(kind: K, code: string): LabelOf<K> | undefined {
  return (CLASSIFICATIONS[kind] as readonly { code: string; label: string }[]).find((t) => t.code === code)?.label as LabelOf<K> | undefined;
}

/** The code of a label (the sampling core's value); undefined for a label the vocabulary does not hold. */
export function codeOf<K extends Classification>(kind: K, label: string): CodeOf<K> | undefined {
  return (CLASSIFICATIONS[kind] as readonly { code: string; label: string }[]).find((t) => t.label === label)?.code as CodeOf<K> | undefined;
}

/** The colour each rating is shown in (GOV.UK tag colours), on every screen and in the printed report alike. */
export const RATING_TONES = { Outstanding: 'green', Good: 'turquoise', 'Requires improvement': 'yellow', Inadequate: 'red' } as const;
export type RatingTone = (typeof RATING_TONES)[keyof typeof RATING_TONES] | 'grey';
export function ratingTone(rating: unknown): RatingTone {
  return typeof rating === 'string' && rating in RATING_TONES ? RATING_TONES[rating as keyof typeof RATING_TONES] : 'grey';
}

/**
 * What a piece of work is: an `inspection` as HMIP runs it, or a `case audit`, a service's own review of a set
 * of cases against a framework (no domain 1, no ratings panel, no publication unless asked for).
 */
export const INSPECTION_KINDS = ['inspection', 'case audit'] as const;
export type InspectionKind = (typeof INSPECTION_KINDS)[number];
