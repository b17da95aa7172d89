/**
 * The `yjinspect rate` contract as zod schemas: the input shape (checked before any rating) and the
 * output shape. schemas/rate-input.schema.json and schemas/rate-output.schema.json are generated from
 * these with z.toJSONSchema (a test keeps them in step).
 */
import { z } from 'zod';
import { RATINGS } from '../framework/types.js';
import { frameworkIdSchema } from '../framework/registry.js';

export const ANSWERS = ['yes', 'no', 'not-relevant'] as const;
export type Answer = (typeof ANSWERS)[number];

export const DISCRETION_REASONS = ['within-five-points', 'one-case', 'small-sample'] as const;
export type DiscretionReason = (typeof DISCRETION_REASONS)[number];

/** Pseudonymous case references only: letters, digits and . _ / - (no spaces, so no names). */
export const CASE_REF_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/;

/** Far above any inspection, and low enough that yes × 100 and cross-multiplied fractions stay exact integers. */
export const MAX_COUNT = 1_000_000;

const ratingInput = z.enum(RATINGS).meta({ description: 'A rating word, exactly as HMIP prints it.' });

const counts = z
  .strictObject({
    relevant: z.int().min(0).max(MAX_COUNT).meta({ description: "Relevant cases (answered 'Yes' or 'No')." }),
    yes: z.int().min(0).max(MAX_COUNT).meta({ description: "Cases answered 'Yes'." }),
  })
  .check((ctx) => {
    if (ctx.value.yes > ctx.value.relevant) {
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        path: ['yes'],
        message: `yes (${ctx.value.yes}) is more than relevant (${ctx.value.relevant})`,
      });
    }
  });

const standardInput = z
  .strictObject({
    judgement: ratingInput.optional().meta({ description: 'The recorded judgement of a judgement standard (domain 1; 3.4 and 4.1 in 2021).' }),
    keyQuestions: z
      .record(z.string(), counts)
      .optional()
      .meta({ description: 'Per key question counts of a case-assessed standard. A key question left out has no relevant cases.' }),
  })
  .check((ctx) => {
    const hasJudgement = ctx.value.judgement !== undefined;
    const hasCounts = ctx.value.keyQuestions !== undefined;
    if (hasJudgement === hasCounts) {
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        message: hasJudgement
          ? 'give either "judgement" or "keyQuestions", not both'
          : 'give "judgement" (judgement standards) or "keyQuestions" (case-assessed standards)',
      });
    }
  });

export const CaseInputSchema = z.strictObject({
  ref: z
    .string()
    .regex(CASE_REF_PATTERN, 'must be a pseudonymous reference (letters, digits, . _ / -, at most 64, no spaces): never a name')
    .meta({ description: "The case's pseudonymous reference (never a child's name)." }),
  domain: z.union([z.literal(2), z.literal(3), z.literal(4)]).meta({ description: 'The domain the case was sampled for.' }),
  answers: z
    .record(z.string(), z.enum(ANSWERS))
    .meta({ description: 'Answer per key question id (e.g. 2.1.1) and prompt id (e.g. 2.1.1.a). Unanswered counts as not relevant.' }),
});

const decisionInput = z.strictObject({
  standard: z.string(),
  rating: ratingInput,
  reason: z.string().trim().min(1, 'a discretion decision needs a reason'),
});

export const RateInputSchema = z
  .strictObject({
    framework: frameworkIdSchema,
    standards: z.record(z.string(), standardInput).optional(),
    cases: z.array(CaseInputSchema).optional(),
    discretion: z.array(decisionInput).optional(),
  })
  .meta({ title: 'yjinspect rate input', description: 'One inspection to rate: judgements, key-question counts or per-case answers, and discretion decisions.' });

export type RateInput = z.output<typeof RateInputSchema>;

/**
 * The input with cases left unchecked: the engine checks the (possibly 10,000) cases with
 * isValidCase and asks CaseInputSchema only about the ones that fail, for its messages.
 */
export const RateInputShellSchema = RateInputSchema.extend({ cases: z.array(z.unknown()).optional() });

/** Exactly CaseInputSchema's rules, without building issues: a fast path for large inspections. */
export function isValidCase(value: unknown): value is CaseInput {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const c = value as Record<string, unknown>;
  let keys = 0;
  for (const key in c) {
    if (key !== 'ref' && key !== 'domain' && key !== 'answers') return false;
    keys++;
  }
  if (keys !== 3) return false;
  if (typeof c.ref !== 'string' || !CASE_REF_PATTERN.test(c.ref)) return false;
  if (c.domain !== 2 && c.domain !== 3 && c.domain !== 4) return false;
  const answers = c.answers;
  if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) return false;
  for (const key in answers) {
    const a = (answers as Record<string, unknown>)[key];
    if (a !== 'yes' && a !== 'no' && a !== 'not-relevant') return false;
  }
  return true;
}
export type CaseInput = z.output<typeof CaseInputSchema>;
export type DiscretionDecision = z.output<typeof decisionInput>;

const ratingOrNull = z.enum(RATINGS).nullable();

const keyQuestionResult = z.object({
  id: z.string(),
  relevant: z.int().min(0),
  yes: z.int().min(0),
  percent: z.number().nullable().meta({ description: 'Exact yes / relevant × 100 (not rounded); null when no relevant cases.' }),
  band: ratingOrNull,
});

const promptResult = z.object({
  id: z.string(),
  keyQuestion: z.string(),
  relevant: z.int().min(0),
  yes: z.int().min(0),
  percent: z.number().nullable(),
});

const standardResult = z.object({
  id: z.string(),
  name: z.string(),
  domain: z.int(),
  kind: z.enum(['case-assessed', 'judgement']),
  counted: z.boolean(),
  source: z.enum(['counts', 'cases', 'judgement']).nullable().meta({ description: 'Where the figures came from; null when nothing was given.' }),
  rating: ratingOrNull.meta({ description: 'Final rating (after discretion); null when unrated.' }),
  computedRating: ratingOrNull.meta({ description: 'Band of the lowest key question; null for judgement standards and unrated ones.' }),
  lowestKeyQuestions: z.array(z.string()),
  lowestPercent: z.number().nullable(),
  keyQuestions: z.array(keyQuestionResult),
  prompts: z.array(promptResult).optional().meta({ description: 'Prompt figures, when the standard was derived from cases.' }),
  discretion: z.object({
    eligible: z.boolean(),
    reasons: z.array(z.enum(DISCRETION_REASONS)),
    applied: z.object({ rating: z.enum(RATINGS), reason: z.string() }).nullable(),
  }),
});

export const RateOutputSchema = z
  .object({
    framework: z.string().meta({ description: 'The id of the framework rated against.' }),
    complete: z.boolean(),
    standards: z.array(standardResult),
    warnings: z.array(z.object({ code: z.string(), message: z.string(), standard: z.string().optional() })),
    score: z.int().min(0).nullable(),
    maxScore: z.int(),
    overall: ratingOrNull,
    missing: z.array(z.string()).meta({ description: 'Counted standards without a rating (the reason the result is incomplete).' }),
  })
  .meta({ title: 'yjinspect rate output' });

export type RateOutput = z.output<typeof RateOutputSchema>;
export type StandardResult = z.output<typeof standardResult>;
export type KeyQuestionResult = z.output<typeof keyQuestionResult>;
export type PromptResult = z.output<typeof promptResult>;

/** The JSON Schemas published in schemas/. */
export function rateJsonSchemas(): { input: unknown; output: unknown } {
  return {
    input: z.toJSONSchema(RateInputSchema, { io: 'input' }),
    output: z.toJSONSchema(RateOutputSchema, { io: 'output' }),
  };
}
