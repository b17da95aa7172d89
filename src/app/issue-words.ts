/**
 * Zod's own wording ("Invalid option: expected one of …") never reaches a person: every schema issue without
 * a message of its own is worded here, in the GOV.UK style, naming the field. Installed once, on import.
 */
import { z } from 'zod';

/** How a field is named in a message; other fields are named from their key ("disposalType" → "the disposal type"). */
const FIELD_WORDS: Record<string, string> = {
  rating: 'the rating',
  kind: 'the kind of evidence',
  what: 'what the evidence is',
  occurredOn: 'the date of the evidence',
  summary: 'the summary',
  standardId: 'the standard',
  frameworkVersion: 'the framework',
  serviceId: 'the service',
  ageBand: 'the age band',
  riskOfSeriousHarm: 'the risk of serious harm level',
  safetyAndWellbeing: 'the safety and wellbeing level',
  assessorId: 'the assessor',
  accountId: 'the account',
  questionId: 'the question',
  note: 'the note',
  ref: 'the case reference',
};

/** A field's name as a message reads it, from the last key of its path. */
export function fieldWords(path: readonly PropertyKey[] | undefined): string {
  const key = [...(path ?? [])].reverse().find((k) => typeof k === 'string');
  if (typeof key !== 'string') return 'this';
  return FIELD_WORDS[key] ?? `the ${key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_.-]+/g, ' ').toLowerCase()}`;
}

const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const count = (n: unknown): string => (typeof n === 'number' || typeof n === 'bigint' ? Number(n).toLocaleString('en-GB') : String(n));

/** The words for one issue Zod raised without a message. */
export function issueWords(issue: { code?: string; path?: readonly PropertyKey[]; input?: unknown } & Record<string, unknown>): string {
  const field = fieldWords(issue.path);
  const origin = issue['origin'];
  switch (issue.code) {
    case 'invalid_value':
    case 'invalid_union':
      return `Choose ${field} from the list`;
    case 'invalid_type':
      if (issue['expected'] === 'int') return `Enter ${field} as a whole number`;
      if (issue['expected'] === 'number') return `Enter ${field} as a number`;
      if (issue['expected'] === 'boolean') return `Choose ${field}`;
      if (issue['expected'] === 'array') return `Choose ${field}`;
      return `Enter ${field}`;
    case 'too_big':
      if (origin === 'string') return `${capital(field)} must be ${count(issue['maximum'])} characters or fewer`;
      if (origin === 'array' || origin === 'set') return `Choose at most ${count(issue['maximum'])} for ${field}`;
      return `${capital(field)} must be ${count(issue['maximum'])} or less`;
    case 'too_small':
      if (origin === 'string') return Number(issue['minimum']) <= 1 ? `Enter ${field}` : `${capital(field)} must be ${count(issue['minimum'])} characters or more`;
      if (origin === 'array' || origin === 'set') return `Choose at least ${count(issue['minimum'])} for ${field}`;
      return `${capital(field)} must be ${count(issue['minimum'])} or more`;
    case 'not_multiple_of':
      return `Enter ${field} as a whole number`;
    case 'invalid_format':
      return `Enter ${field} in the correct format`;
    case 'unrecognized_keys':
      return `Remove ${(issue['keys'] as string[] | undefined)?.join(', ') ?? 'the extra fields'}: they are not part of this form`;
    default:
      return `Check ${field}`;
  }
}

z.config({ customError: (issue) => issueWords(issue as Parameters<typeof issueWords>[0]) });
