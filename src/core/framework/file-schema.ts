/**
 * The framework FILE format (frameworks/*.json, or YAML written by hand): the framework data of
 * schema.ts with string ids and versions, optional fields a person need not repeat, and the rules
 * as data: `rating`, `sampling` and `labels`. Published as schemas/framework-file.schema.json.
 * Integrity rules beyond the shape are in file-check.ts.
 */
import { z } from 'zod';
import { RATINGS, SUB_SAMPLES } from './types.js';

const text = z.string().trim().min(1, 'Enter the text');
const words = z.array(text);
const itemId = z
  .string()
  .regex(/^[A-Za-z0-9]+(\.[A-Za-z0-9]+)*$/, 'Enter an id of letters and digits in dot-separated parts, like 2.1.1.a');
const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'Enter a name of letters, digits, dots, dashes or underscores');
const rating = z.enum(RATINGS);
const percent = z.number().min(0, 'Enter a percentage from 0 to 100').max(100, 'Enter a percentage from 0 to 100');
const wholeCount = z.number().int('Enter a whole number').min(0, 'Enter 0 or more');
const months = z.number().int('Enter whole months').min(0, 'Enter 0 or more months');

export const STRATIFIER_IDS = ['gender', 'age_band', 'ethnicity', 'disposal_type', 'risk_of_serious_harm', 'safety_and_wellbeing'] as const;

const PromptFileSchema = z.strictObject({
  id: itemId.meta({ description: 'Stable id: its key question id plus a part, e.g. 2.1.1.a.' }),
  keyQuestion: itemId.optional().meta({ description: 'The key question it sits under; when given, must be that one.' }),
  text,
  variants: words.default([]),
  whereApplicable: z.boolean().default(false).meta({ description: 'Counts only cases where it applies ("Where applicable, …").' }),
});

const KeyQuestionFileSchema = z.strictObject({
  id: itemId.meta({ description: 'Its standard id plus a part, e.g. 2.1.1.' }),
  standard: itemId.optional().meta({ description: 'The standard it sits under; when given, must be that one.' }),
  text,
  variants: words.default([]),
  subSample: z.enum(SUB_SAMPLES).meta({ description: 'Who is in the denominator of this key question and its prompts.' }),
  subSampleLabel: text.meta({ description: 'Words the report uses for the sub-sample, e.g. "cases inspected".' }),
  prompts: z.array(PromptFileSchema).default([]),
});

const StandardFileSchema = z.strictObject({
  id: itemId.meta({ description: 'Its domain number plus a part, e.g. 2.1.' }),
  domain: z.number().int().positive(),
  name: text,
  statement: text.meta({ description: 'The one-sentence standard statement.' }),
  statementVariants: words.default([]),
  kind: z.enum(['case-assessed', 'judgement']),
  counted: z.boolean().meta({ description: 'Counts towards the score.' }),
  keyQuestions: z.array(KeyQuestionFileSchema).default([]),
});

const LimitSchema = z.strictObject({
  id: name.meta({ description: 'A name for the rule, e.g. governance-limit.' }),
  standard: itemId.meta({ description: 'The standard the rule limits.' }),
  atMost: rating.meta({ description: 'The highest rating the standard may have while the condition holds.' }),
  when: z.strictObject({
    domains: z.array(z.number().int().positive()).min(1),
    ratedAtLeast: rating,
    shareBelow: z.number().gt(0, 'Enter a share above 0').max(1, 'Enter a share of 1 or less'),
  }).meta({ description: 'Holds when fewer than `shareBelow` of the ratings in `domains` are `ratedAtLeast` or better.' }),
});

export const RatingRulesSchema = z.strictObject({
  method: z.literal('lowest-key-question').meta({ description: "A case-assessed standard's rating is the band of its lowest key question." }),
  thresholds: z
    .object({ 'Requires improvement': percent, Good: percent, Outstanding: percent })
    .meta({ description: 'Lower edge of each band in percent Yes; below the first is Inadequate.' }),
  score: z.strictObject({ Inadequate: wholeCount, 'Requires improvement': wholeCount, Good: wholeCount, Outstanding: wholeCount }),
  countedStandards: z.array(itemId).optional().meta({ description: 'When given, exactly the standards marked counted.' }),
  maxScore: wholeCount.meta({ description: 'Counted standards times the highest score.' }),
  overall: z
    .array(z.strictObject({ rating, from: wholeCount, to: wholeCount }))
    .min(1)
    .meta({ description: 'Overall rating by score range, both ends included, covering 0 to maxScore.' }),
  discretion: z
    .object({
      withinPoints: z.number().gt(0, 'Enter a number of points above 0').optional(),
      oneCase: z.boolean().optional(),
      casesOrFewer: z.number().int('Enter a whole number of cases').min(1, 'Enter 1 or more cases').optional(),
    })
    .meta({ description: 'Which conditions make a standard eligible for professional discretion; a missing one does not apply.' }),
  limits: z.array(LimitSchema).default([]),
});

const WindowSchema = z.strictObject({ from: months, to: months }).meta({ description: 'Months before fieldwork, both ends included.' });

export const SamplingDefaultsSchema = z.strictObject({
  confidence: z.number().gt(0, 'Enter a confidence above 0').lt(100, 'Enter a confidence below 100'),
  margin: z.number().gt(0, 'Enter a margin above 0').lt(100, 'Enter a margin below 100'),
  split: z.strictObject({ court: percent, outOfCourt: percent }).meta({ description: 'Share of the combined sample, in percent.' }),
  stratifiers: z.array(z.enum(STRATIFIER_IDS)),
  windows: z.strictObject({ court: WindowSchema.optional(), outOfCourt: WindowSchema.optional(), resettlement: WindowSchema.optional() }),
});

export const LabelsSchema = z.strictObject({
  bandWords: z
    .object({ Inadequate: text, 'Requires improvement': text, Good: text, Outstanding: text })
    .optional()
    .meta({ description: 'How the report names each band of a key question, e.g. "Large majority".' }),
  score: text.optional(),
  overallRating: text.optional(),
  keyQuestion: text.optional(),
  prompt: text.optional(),
});

export const FrameworkFileSchema = z
  .object({
    $schema: z.string().optional(),
    version: name.meta({ description: 'The framework id, e.g. 2021 or ooc-audit-2026.' }),
    title: text,
    appliesTo: text,
    domains: z.array(z.strictObject({ id: z.number().int().positive(), name: text })).min(1, 'Add at least one domain'),
    standards: z.array(StandardFileSchema).min(1, 'Add at least one standard'),
    rating: RatingRulesSchema,
    sampling: SamplingDefaultsSchema.optional(),
    labels: LabelsSchema.default({}),
  })
  .meta({
    title: 'yjinspect framework file',
    description: 'An inspection or audit framework: domains, standards, key questions and prompts, its rating rules, sampling defaults and report labels.',
  });

export type FrameworkFile = z.output<typeof FrameworkFileSchema>;
export type FrameworkFileInput = z.input<typeof FrameworkFileSchema>;
export type RatingRules = FrameworkFile['rating'];
export type SamplingDefaults = z.output<typeof SamplingDefaultsSchema>;
export type Labels = z.output<typeof LabelsSchema>;

/** The JSON Schema published as schemas/framework-file.schema.json: what a person writes. */
export function frameworkFileJsonSchema(): unknown {
  return z.toJSONSchema(FrameworkFileSchema, { io: 'input' });
}
