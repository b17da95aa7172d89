/**
 * The shapes the services accept, as Zod schemas. The same schemas validate web forms (services parse
 * their input) and JSON requests, and generate the OpenAPI document.
 */
import { z } from 'zod';
import { ValidationError } from './errors.js';
import { passwordProblem } from './password-rules.js';
import './issue-words.js';
import { LIMITS } from './limits.js';

import { ROLES, type Role } from '../core/policy.js';
import {
  AGE_BANDS as AGE_BAND_TERMS, codes, COURT_DISPOSAL_CODES, DISPOSALS, DOMAIN_CODES, DOMAINS,
  ETHNICITIES as ETHNICITY_TERMS, GENDERS as GENDER_TERMS, INSPECTION_KINDS, LEVELS as LEVEL_TERMS, OUT_OF_COURT_DISPOSAL_CODES,
} from '../core/vocabulary.js';
// The phases and case states are the workflow machine's (src/core/workflow); the state labels the vocabulary's.
import { CASE_STATES, PHASES, type CaseState, type Phase } from '../core/workflow/index.js';

export { CASE_STATES, PHASES, ROLES, type CaseState, type Phase, type Role };
export const ANSWERS = ['yes', 'no', 'not-relevant'] as const;
export type AnswerValue = (typeof ANSWERS)[number];
export const RATING_WORDS = ['Inadequate', 'Requires improvement', 'Good', 'Outstanding'] as const;
export const EVIDENCE_KINDS = ['document', 'meeting', 'interview', 'survey'] as const;

/** The classifications' codes, from the one vocabulary (src/core/vocabulary.ts). */
export const COURT_DISPOSALS = COURT_DISPOSAL_CODES;
export const OUT_OF_COURT_DISPOSALS = OUT_OF_COURT_DISPOSAL_CODES;
export const GENDERS = codes(GENDER_TERMS);
export const AGE_BANDS = codes(AGE_BAND_TERMS);
export const ETHNICITIES = codes(ETHNICITY_TERMS);
export const LEVELS = codes(LEVEL_TERMS);

/**
 * A case reference must be pseudonymous: letters, digits and - _ / only, and not shaped like a name
 * ("John Smith", "Smith, John", "J. Smith") — we refuse anything with spaces, commas or full stops.
 */
export const caseRef = z
  .string()
  .trim()
  .min(1, 'Enter a case reference')
  .max(LIMITS.caseRef, `Case reference must be ${LIMITS.caseRef} characters or fewer`)
  .refine((s) => !/[\s,.']/.test(s), {
    message: 'A case reference must be pseudonymous (e.g. C01): no names, spaces, commas or full stops',
  })
  .refine((s) => /^[A-Za-z0-9_/-]+$/.test(s), { message: 'A case reference may contain only letters, digits and - _ /' })
  .refine((s) => /\d/.test(s), { message: 'A case reference must contain a digit (e.g. C01), so it cannot be a name' });

/** Required text: "Enter a title" when empty, "Title must be 200 characters or fewer" when too long. */
const text = (max: number, enter: string, name: string) =>
  z.string().trim().min(1, `Enter ${enter}`).max(max, tooLong(name, max));
const optionalText = (max: number, name: string) => z.string().trim().max(max, tooLong(name, max)).optional();
/** The GOV.UK wording for text over its limit, naming the field. */
export const tooLong = (name: string, max: number): string => `${name} must be ${max.toLocaleString('en-GB')} characters or fewer`;
/** Years a date of this service can fall in: year 0 and the like are not dates PostgreSQL (or anyone) can use. */
export const FIRST_YEAR = 1900;
export const LAST_YEAR = 2199;
// Dates travel as YYYY-MM-DD (JSON and the forms' day, month and year boxes alike); the forms check the boxes first.
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date as YYYY-MM-DD, for example 2026-03-27')
  .refine((d) => { const t = new Date(`${d}T00:00:00Z`); return !Number.isNaN(t.getTime()) && t.toISOString().startsWith(d); }, 'Enter a real date')
  .refine((d) => Number(d.slice(0, 4)) >= FIRST_YEAR && Number(d.slice(0, 4)) <= LAST_YEAR, `Enter a date with a year from ${FIRST_YEAR} to ${LAST_YEAR}`);
export const id = z.string().min(1).max(100);
/** The largest whole number the database's integer columns hold: versions and counts stop there. */
export const INT4_MAX = 2_147_483_647;
/** The version the client last saw; 0 for a record it believes does not exist yet. */
export const version = z.coerce.number().int('version must be a whole number').min(0, 'version cannot be negative')
  .max(INT4_MAX, 'version is too large: send the version you last saw');
export const questionId = z.string().regex(/^[1-4]\.\d{1,2}\.\d{1,2}(\.[a-z])?$/, 'Not a key question or prompt id (e.g. 2.1.1 or 2.1.1.a)');
export const standardId = z.string().regex(/^[1-4]\.\d{1,2}$/, 'Not a standard id (e.g. 2.2)');

export const signInInput = z.object({
  email: z.string().trim().toLowerCase().email('Enter an email address, like name@example.org').max(200),
  password: z.string().min(1, 'Enter your password').max(200),
});

export const accountInput = z.object({
  email: z.string().trim().toLowerCase().email('Enter an email address, like name@example.org').max(200),
  displayName: text(LIMITS.displayName, 'a display name', 'Display name'),
  password: z.string().max(200, 'Enter a password of at most 200 characters').superRefine((pw, ctx) => {
    const problem = passwordProblem(pw);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  isAdmin: z.boolean().default(false),
});

export const roleGrantInput = z.object({ accountId: id, role: z.enum(ROLES) });

/** Disable (no sign-in, sessions ended) or enable an account; `version` when the caller saw one. */
export const accountStatusInput = z.object({
  disabled: z.boolean('Say whether the account is disabled: true or false'),
  version: version.optional(),
});

/** Changing your own password: the current one proves it is you; the new one follows the account rules. */
export const ownPasswordInput = z.object({
  currentPassword: z.string().min(1, 'Enter your current password').max(200),
  newPassword: accountInput.shape.password,
});

export const serviceInput = z.object({ name: text(LIMITS.serviceName, 'the service name', 'Service name') });

export const inspectionInput = z.object({
  serviceId: id,
  title: text(LIMITS.title, 'a title', 'Title'),
  frameworkVersion: z.string('Choose the framework').trim().min(1, 'Choose the framework').max(100, 'Choose the framework from the list'),
  kind: z.enum(INSPECTION_KINDS, 'Choose an inspection or a case audit').default('inspection'),
  /** A case audit only: publish its report at the end (an inspection always is). */
  publish: z.boolean('Say whether the audit is to be published').optional(),
  fieldworkStart: isoDate.optional(),
  fieldworkEnd: isoDate.optional(),
}).refine((i) => !i.fieldworkStart || !i.fieldworkEnd || i.fieldworkEnd >= i.fieldworkStart, {
  path: ['fieldworkEnd'], message: 'The fieldwork cannot end before it starts',
});

/** The inspection's details as the lead or the site administrator corrects them (dates null: not known yet). */
export const inspectionDetailsInput = z.object({
  title: text(LIMITS.title, 'a title', 'Title'),
  fieldworkStart: isoDate.nullable().optional(),
  fieldworkEnd: isoDate.nullable().optional(),
  version,
}).refine((i) => !i.fieldworkStart || !i.fieldworkEnd || i.fieldworkEnd >= i.fieldworkStart, {
  path: ['fieldworkEnd'], message: 'The fieldwork cannot end before it starts',
});

/** Archiving, restoring or deleting an inspection: why, kept in the history. */
export const inspectionRemovalInput = z.object({
  reason: z.string().trim().min(1, 'Enter the reason; it is kept in the history').max(LIMITS.reason, tooLong('Reason', LIMITS.reason)),
  version,
});

export const phaseInput = z.object({
  phase: z.enum(PHASES),
  version,
  publishDraft: z.boolean().optional().describe('Publish even though the report still lacks parts (they are listed when this is refused)'),
  acknowledgeUnassured: z.boolean().optional().describe('Move to the ratings panel knowing that some submitted cases are not yet quality assured (they are listed when this is refused)'),
});

const DOMAIN_NAMES = DOMAINS.map((d) => `${d.code} (${d.label.toLowerCase()})`);
const DOMAIN_MESSAGE = `Choose the domain: ${DOMAIN_NAMES.slice(0, -1).join(', ')} or ${DOMAIN_NAMES.at(-1)}`;

export const caseInput = z.object({
  ref: caseRef,
  domain: z.coerce.number().int().refine((d) => (DOMAIN_CODES as readonly number[]).includes(d), DOMAIN_MESSAGE),
  disposalType: z.enum(codes(DISPOSALS), 'Choose the disposal type'),
  gender: z.enum(GENDERS, 'Choose the gender'),
  ageBand: z.enum(AGE_BANDS, 'Choose the age band'),
  ethnicity: z.enum(ETHNICITIES, 'Choose the ethnicity'),
  riskOfSeriousHarm: z.enum(LEVELS, 'Choose the risk of serious harm level'),
  safetyAndWellbeing: z.enum(LEVELS, 'Choose the safety and wellbeing level'),
  childSafetyFactors: z.boolean().default(true),
  othersSafetyFactors: z.boolean().default(true),
  assessorId: id.nullable().optional(),
});

export const caseFilter = z.object({
  domain: z.coerce.number().int().refine((d) => (DOMAIN_CODES as readonly number[]).includes(d), DOMAIN_MESSAGE).optional(),
  disposalType: z.string().max(60).optional(),
  assessorId: id.optional(),
  state: z.enum(CASE_STATES).optional(),
});

export const assignInput = z.object({ assessorId: id.nullable(), version });

/** Several cases to one person at once: each case with the version it was seen at. */
export const MAX_BULK_ASSIGN = 500;
export const bulkAssignInput = z.object({
  assessorId: z.string('Choose who to assign the cases to').min(1, 'Choose who to assign the cases to').max(100),
  cases: z.array(z.object({ id, version }), 'Select at least one case to assign')
    .min(1, 'Select at least one case to assign')
    .max(MAX_BULK_ASSIGN, `Select at most ${MAX_BULK_ASSIGN} cases at once`),
});

export const answerInput = z.object({
  questionId,
  answer: z.enum(ANSWERS, 'Choose yes, no or not-relevant'),
  note: optionalText(LIMITS.note, 'Evidence note').nullable(),
  version,
});

export const answersInput = z.object({ answers: z.array(answerInput).min(1, 'Send at least one answer').max(500) });

/** Double marking (moderation): cases chosen by hand, each with its second marker. */
export const moderationSelectInput = z.object({
  selections: z.array(z.object({ caseId: id, markerId: z.string().min(1, 'Choose a second marker').max(100) })).min(1, 'Choose at least one case').max(500),
});

/** Double marking: a seeded share of the sample (default 10%), the named markers taking the cases in turn. */
export const moderationShareInput = z.object({
  share: z.coerce.number('Enter the share as a percentage, for example 10').gt(0, 'Enter a share above 0%').max(1, 'Enter a share of at most 100%').default(0.1),
  seed: z.coerce.number('Enter the seed as a whole number').int('Enter the seed as a whole number').min(0, 'Enter a seed of 0 or more').max(Number.MAX_SAFE_INTEGER, 'Enter a smaller seed').optional(),
  markerIds: z.array(id).min(1, 'Choose at least one second marker').max(50),
});

export const moderationAnswersInput = answersInput;

export const moderationResolveInput = z.object({
  questionId,
  answer: z.enum(ANSWERS, 'Choose yes, no or not relevant'),
  reason: text(LIMITS.reason, 'a reason for the answer chosen', 'Reason'),
  version,
});

export const transitionInput = z.discriminatedUnion('action', [
  z.object({ action: z.literal('start'), version }),
  z.object({ action: z.literal('submit'), version }),
  z.object({ action: z.literal('quality-assure'), version }),
  z.object({ action: z.literal('return'), version, reason: text(LIMITS.reason, 'a reason for returning the case', 'Reason for returning the case') }),
  z.object({ action: z.literal('withdraw'), version, reason: text(LIMITS.reason, 'a reason for withdrawing the case from the sample', 'Reason for withdrawing the case') }),
  z.object({ action: z.literal('reinstate'), version }),
]);

export const evidenceInput = z.object({
  kind: z.enum(EVIDENCE_KINDS, 'Choose the kind of evidence: document, meeting, interview or survey'),
  what: text(LIMITS.evidenceWhat, 'what the evidence is', 'What the evidence is'),
  occurredOn: isoDate.nullable().optional(),
  summary: text(LIMITS.evidenceSummary, 'a summary of the evidence', 'Summary'),
  standardId: standardId.nullable().optional(),
});
export const evidenceUpdate = evidenceInput.extend({ version });

export const judgementInput = z.object({
  rating: z.enum(RATING_WORDS, 'Choose a rating'),
  rationale: text(LIMITS.rationale, 'the rationale for the judgement', 'Rationale'),
  version,
});

export const discretionInput = z.object({
  rating: z.enum(RATING_WORDS, 'Choose a rating'),
  reason: text(LIMITS.decisionReason, 'the reason for the decision', 'Reason'),
  version,
});

export const withdrawInput = z.object({ version });

/** The panel declines discretion on an eligible standard: the computed rating stands, and why is recorded. */
export const declineInput = z.object({
  reason: text(LIMITS.decisionReason, 'the reason for keeping the computed rating', 'Reason'),
  version,
});

export const recommendationInput = z.object({
  addressee: text(LIMITS.addressee, 'who the recommendation is for', 'Who the recommendation is for'),
  text: text(LIMITS.recommendation, 'the recommendation', 'Recommendation'),
  position: z.coerce.number().int().min(0).max(100_000).optional()
    .describe('Place in the report, lowest first; left out, a new one goes last and a changed one keeps its place'),
});
export const recommendationUpdate = recommendationInput.extend({ version });
export const recommendationMove = z.object({
  direction: z.enum(['up', 'down'], 'Say which way to move it: up or down'),
  version,
});

export const NUL_MESSAGE = 'Remove the NUL character (U+0000): text cannot contain it';

/**
 * The fields (dotted paths) of `value` whose text or name holds a NUL character, which no text column of
 * PostgreSQL can store: refused at every boundary rather than failing in the database.
 */
export function nulFields(value: unknown, path = '', depth = 0): string[] {
  if (typeof value === 'string') return value.includes('\u0000') ? [path] : [];
  if (value === null || typeof value !== 'object' || depth > 64) return [];
  // An uploaded file's bytes are not text (and walking a 20 MB buffer key by key takes minutes).
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    const field = path ? `${path}.${k}` : k;
    if (k.includes('\u0000')) out.push(field);
    else out.push(...nulFields(v, field, depth + 1));
  }
  return out;
}

/** Redacting text typed by mistake from one history entry (site administrator). */
export const historyRedactionInput = z.object({
  reason: text(LIMITS.reason, 'why the text is being redacted', 'Reason'),
  fields: z.array(z.string().max(200, tooLong('Field', 200)), 'Choose the text to redact').min(1, 'Choose the text to redact').max(200).optional()
    .describe('Which text: `reason`, `before.KEY` or `after.KEY` (dotted into nested values, e.g. `after.note`); left out, every text of the entry'),
});

/** Parse at the boundary: a ValidationError naming each bad field, or the typed value. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const nul = nulFields(input);
  if (nul.length > 0) throw new ValidationError(nul.map((field) => ({ field, message: NUL_MESSAGE })));
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw new ValidationError(
    r.error.issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message })),
  );
}
