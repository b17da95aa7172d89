import { DEFAULT_POLICY } from '../core/policy.js';
import { CASE_STATES, DOMAINS, labelOf, type Classification } from '../core/vocabulary.js';

/** Words for the stored codes, as the reports and HMIP staff say them. */
const STATE_TAGS: Record<(typeof CASE_STATES)[number]['code'], string> = {
  'not-started': 'govuk-tag--grey',
  'in-progress': 'govuk-tag--light-blue',
  returned: 'govuk-tag--orange',
  submitted: 'govuk-tag--purple',
  'quality-assured': 'govuk-tag--green',
  withdrawn: 'govuk-tag--red',
};
export const STATE_LABELS: Record<string, { text: string; tag: string; order: number }> = Object.fromEntries(
  CASE_STATES.map((s, order) => [s.code, { text: s.label, tag: STATE_TAGS[s.code], order }]),
);

export const PHASE_LABELS: Record<string, string> = {
  planning: 'Planning',
  fieldwork: 'Fieldwork',
  panel: 'Ratings panel',
  reporting: 'Reporting',
  published: 'Published',
};

/** Role names and duties are the policy table's (src/core/policy), so a new role brings its own words. */
export const ROLE_LABELS: Record<string, string> = Object.fromEntries(DEFAULT_POLICY.roles.map((r) => [r, DEFAULT_POLICY.labels[r].name]));

/** What each role lets a person do, in the words the screens use. */
export const ROLE_DUTIES: Record<string, string> = Object.fromEntries(DEFAULT_POLICY.roles.map((r) => [r, DEFAULT_POLICY.labels[r].duties]));

/** Domain 1 is the organisation's; the case domains are the vocabulary's. */
export const DOMAIN_LABELS: Record<number, string> = {
  1: 'Organisational delivery',
  ...Object.fromEntries(DOMAINS.map((d) => [d.code, d.label])),
};

export const EVIDENCE_KIND_LABELS: Record<string, string> = {
  document: 'Document',
  meeting: 'Meeting',
  interview: 'Interview',
  survey: 'Survey',
};

/**
 * A case classification's label from the vocabulary ("reparation-order" → "Reparation order"); a code the
 * vocabulary does not hold (never stored through the services) is shown as its words.
 */
export function classificationLabel(kind: Classification, code: string | null | undefined): string {
  if (!code) return '';
  return labelOf(kind, code) ?? codeLabel(code);
}

/** Words for codes outside the vocabulary (actions, roles): `quality-assure` → `Quality assure`. */
export function codeLabel(code: string | null | undefined): string {
  if (!code) return '';
  const words = code.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function stateLabel(state: string): { text: string; tag: string; order: number } {
  return STATE_LABELS[state] ?? { text: codeLabel(state), tag: 'govuk-tag--grey', order: 9 };
}
