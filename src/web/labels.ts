import { DEFAULT_POLICY } from '../core/policy.js';

/** Words for the stored codes, as the reports and HMIP staff say them. */
export const STATE_LABELS: Record<string, { text: string; tag: string; order: number }> = {
  'not-started': { text: 'Not started', tag: 'govuk-tag--grey', order: 0 },
  'in-progress': { text: 'In progress', tag: 'govuk-tag--light-blue', order: 1 },
  returned: { text: 'Returned', tag: 'govuk-tag--orange', order: 2 },
  submitted: { text: 'Submitted', tag: 'govuk-tag--purple', order: 3 },
  'quality-assured': { text: 'Quality assured', tag: 'govuk-tag--green', order: 4 },
  withdrawn: { text: 'Withdrawn', tag: 'govuk-tag--red', order: 5 },
};

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

export const DOMAIN_LABELS: Record<number, string> = {
  1: 'Organisational delivery',
  2: 'Court disposals',
  3: 'Out-of-court disposals',
  4: 'Resettlement',
};

export const EVIDENCE_KIND_LABELS: Record<string, string> = {
  document: 'Document',
  meeting: 'Meeting',
  interview: 'Interview',
  survey: 'Survey',
};

/** `youth-rehabilitation-order` → `Youth rehabilitation order`; unknown codes are shown the same way. */
export function codeLabel(code: string | null | undefined): string {
  if (!code) return '';
  const words = code.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function stateLabel(state: string): { text: string; tag: string; order: number } {
  return STATE_LABELS[state] ?? { text: codeLabel(state), tag: 'govuk-tag--grey', order: 9 };
}
