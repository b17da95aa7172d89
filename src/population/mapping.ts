/**
 * The documented value mapping: the spellings services actually use in their case management exports, onto
 * the canonical categories of the core. Values are compared after normalising: lower case, and every run of
 * characters other than letters, digits and "+" read as one space ("V. High" → "v high", "YRO (ISS)" →
 * "yro iss"). The full table is printed in docs/sampling.md; anything not listed is refused as unknown.
 */
import type { AgeBand, DisposalType, Ethnicity, Gender, Level } from '../core/sampling/index.js';
import { codeOf, type Classification } from '../core/vocabulary.js';

export function normalise(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9+]+/g, ' ').trim();
}

/** Each canonical value (a vocabulary label) by itself, its stored code (as the cases CSV has it) and its spellings. */
function table<T extends string>(kind: Classification, entries: Record<T, readonly string[]>): Map<string, T> {
  const map = new Map<string, T>();
  for (const [canonical, spellings] of Object.entries(entries) as [T, readonly string[]][]) {
    map.set(normalise(canonical), canonical);
    map.set(normalise(codeOf(kind, canonical) ?? canonical), canonical);
    for (const s of spellings) map.set(normalise(s), canonical);
  }
  return map;
}

export const DISPOSAL_SPELLINGS: Record<DisposalType, readonly string[]> = {
  'Referral order': ['RO', 'Referral', 'Extended referral order'],
  'Youth rehabilitation order': ['YRO', 'YRO with ISS', 'YRO ISS', 'Youth rehabilitation order with ISS', 'Youth rehabilitation order with intensive supervision and surveillance', 'YRO with intensive supervision and surveillance', 'YRO with intensive fostering'],
  'Reparation order': ['Rep order', 'Reparation'],
  Licence: ['License', 'Post-custody licence', 'Post custody licence', 'Post-custody license', 'DTO licence', 'Section 250 licence', 'Licence period', 'On licence'],
  'Detention and training order': ['DTO', 'Detention & training order', 'Detention training order'],
  'Other custodial sentence': ['Custody', 'Custodial', 'Custodial sentence', 'Section 250', 'S250', 'S.250', 'Section 91', 'S91', 'S90', 'Section 90', 'S90/91', 'Section 226', 'S226', 'Section 226B', 'Long-term detention', 'Extended sentence', 'Extended determinate sentence', 'Detention at His Majesty\'s pleasure', 'Detention at Her Majesty\'s pleasure', 'DHMP'],
  'Youth conditional caution': ['YCC', 'Conditional caution'],
  'Youth caution': ['YC', 'Caution'],
  'Community resolution': ['CR', 'Police community resolution', 'Community resolution (outcome 8)'],
  Triage: ['Triage (informal)', 'Diversion triage'],
  'Other out-of-court disposal': ['Other', 'Other OOCD', 'OOCD other', 'Other out of court disposal', 'Outcome 22', 'Deferred prosecution', 'Youth restorative disposal', 'YRD', 'Diversion'],
};

export const GENDER_SPELLINGS: Record<Gender, readonly string[]> = {
  Female: ['F', 'Girl', 'Woman'],
  Male: ['M', 'Boy', 'Man'],
  Other: ['Non-binary', 'Nonbinary', 'Other gender'],
  'Not known': ['Unknown', 'U', 'Not stated', 'Not recorded', 'Prefer not to say'],
};

export const AGE_BAND_SPELLINGS: Record<AgeBand, readonly string[]> = {
  '10-14': ['10 to 14', '10–14', '10-14 years', 'Aged 10-14'],
  '15-17': ['15 to 17', '15–17', '15-17 years', 'Aged 15-17'],
  '18+': ['18 plus', '18 and over', '18 or over', '18 or older', 'Over 18', '18-25'],
};

export const LEVEL_SPELLINGS: Record<Level, readonly string[]> = {
  Low: ['L', 'Lo'],
  Medium: ['Med', 'M', 'Moderate'],
  High: ['H', 'Hi'],
  'Very high': ['VH', 'V high', 'V. High', 'Very hi', 'Veryhigh'],
  'Not assessed': ['N/A', 'NA', 'Not applicable', 'No assessment', 'Not known', 'Unknown'],
};

/** Ethnicity: the census's five broad groups by their opening word, plus these exact spellings. */
export const ETHNICITY_SPELLINGS: Record<Ethnicity, readonly string[]> = {
  White: ['White British', 'White Irish', 'White other', 'Gypsy or Irish Traveller', 'Gypsy Roma Traveller', 'Roma', 'Irish Traveller'],
  Mixed: ['Mixed ethnicity', 'Multiple ethnic groups', 'Mixed or multiple ethnic groups', 'Dual heritage'],
  Asian: ['Asian or Asian British', 'Asian British', 'Indian', 'Pakistani', 'Bangladeshi', 'Chinese'],
  Black: ['Black or Black British', 'Black British', 'Black Caribbean', 'Black African', 'Black, African, Caribbean or Black British'],
  Other: ['Other ethnic group', 'Any other ethnic group', 'Arab', 'Any other'],
  'Not known': ['Unknown', 'Not stated', 'Not recorded', 'Refused', 'Prefer not to say', 'Information not obtained', 'Not obtained'],
};
const ETHNICITY_PREFIXES: readonly [string, Ethnicity][] = [['white', 'White'], ['mixed', 'Mixed'], ['asian', 'Asian'], ['black', 'Black']];

const disposals = table('disposalType', DISPOSAL_SPELLINGS);
const genders = table('gender', GENDER_SPELLINGS);
const ageBands = table('ageBand', AGE_BAND_SPELLINGS);
const levels = table('riskOfSeriousHarm', LEVEL_SPELLINGS);
const ethnicities = table('ethnicity', ETHNICITY_SPELLINGS);

export const mapDisposalType = (v: string): DisposalType | undefined => disposals.get(normalise(v));
export const mapGender = (v: string): Gender | undefined => genders.get(normalise(v));
export const mapLevel = (v: string): Level | undefined => levels.get(normalise(v));

export function mapEthnicity(v: string): Ethnicity | undefined {
  const key = normalise(v);
  const exact = ethnicities.get(key);
  if (exact) return exact;
  return ETHNICITY_PREFIXES.find(([prefix]) => key === prefix || key.startsWith(`${prefix} `))?.[1];
}

/** An age band, or an age in years placed in its band (10–14, 15–17, 18 and over). */
export function mapAgeBand(v: string): AgeBand | undefined {
  const key = normalise(v);
  const band = ageBands.get(key);
  if (band) return band;
  if (/^\d{1,2}$/.test(key)) {
    const age = Number(key);
    if (age >= 10 && age <= 14) return '10-14';
    if (age >= 15 && age <= 17) return '15-17';
    if (age >= 18 && age <= 25) return '18+';
  }
  return undefined;
}
