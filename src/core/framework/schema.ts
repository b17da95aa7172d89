/**
 * The shape of framework data as a zod schema, for frameworks that arrive as JSON (an exported
 * framework, a future version loaded from a file) and for the published
 * schemas/framework.schema.json. `parseFramework` (index.ts) checks this shape, then the integrity
 * rules of validateFramework. The rules (`rating`, `sampling`, `labels`) have the framework file's shape.
 */
import { z } from 'zod';
import { LabelsSchema, RatingRulesSchema, SamplingDefaultsSchema } from './file-schema.js';
import { RATINGS, SUB_SAMPLES, type Framework } from './types.js';

const nonEmpty = z.string().trim().min(1);
const id = (pattern: RegExp, example: string) => z.string().regex(pattern, `an id like ${example}`);

export { SUB_SAMPLES };

const PromptSchema = z.object({
  id: id(/^\d+\.\d+\.\d+\.[a-z]$/, '2.1.1.a'),
  keyQuestion: id(/^\d+\.\d+\.\d+$/, '2.1.1'),
  text: nonEmpty,
  variants: z.array(nonEmpty),
  whereApplicable: z.boolean(),
});

const KeyQuestionSchema = z.object({
  id: id(/^\d+\.\d+\.\d+$/, '2.1.1'),
  standard: id(/^\d+\.\d+$/, '2.1'),
  text: nonEmpty,
  variants: z.array(nonEmpty),
  subSample: z.enum(SUB_SAMPLES).meta({ description: 'Who is in the denominator of this key question and its prompts.' }),
  subSampleLabel: nonEmpty,
  prompts: z.array(PromptSchema),
});

const DomainIdSchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);

const StandardSchema = z.object({
  id: id(/^\d+\.\d+$/, '2.1'),
  domain: DomainIdSchema,
  name: nonEmpty,
  statement: nonEmpty,
  statementVariants: z.array(nonEmpty),
  kind: z.enum(['case-assessed', 'judgement']),
  counted: z.boolean().meta({ description: 'Counts towards the score.' }),
  keyQuestions: z.array(KeyQuestionSchema),
});

export const FrameworkSchema = z
  .object({
    version: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'an id of letters, digits, dots, dashes or underscores'),
    title: nonEmpty,
    appliesTo: nonEmpty,
    domains: z.array(z.object({ id: DomainIdSchema, name: nonEmpty })).min(1),
    standards: z.array(StandardSchema).min(1),
    rating: RatingRulesSchema,
    sampling: SamplingDefaultsSchema.optional(),
    labels: LabelsSchema,
  })
  .meta({
    title: 'yjinspect inspection framework',
    description: `Standards, key questions and prompts of one HM Inspectorate of Probation youth inspection framework version, with its rating rules, sampling defaults and report labels. Ratings: ${RATINGS.join(', ')}.`,
  });

// The schema and the hand-written types must describe the same data.
type Parsed = z.output<typeof FrameworkSchema>;
const _toTypes = (f: Parsed): Framework => f;
const _fromTypes = (f: Framework): Parsed => ({
  ...f,
  domains: [...f.domains],
  standards: f.standards.map((s) => ({
    ...s,
    statementVariants: [...s.statementVariants],
    keyQuestions: s.keyQuestions.map((k) => ({ ...k, variants: [...k.variants], prompts: k.prompts.map((p) => ({ ...p, variants: [...p.variants] })) })),
  })),
});
void _toTypes;
void _fromTypes;

/** The JSON Schema published as schemas/framework.schema.json. */
export function frameworkJsonSchema(): unknown {
  return z.toJSONSchema(FrameworkSchema, { io: 'output' });
}
