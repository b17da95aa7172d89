/**
 * The published shape of a drawn sample (`yjinspect sample --json`, and the web screens). The JSON Schema in
 * schemas/sample-output.schema.json is generated from this zod schema; a test keeps the two equal.
 */
import { z } from 'zod';
import { AGE_BANDS, DISPOSAL_TYPES, ETHNICITIES, GENDERS, LEVELS, SAMPLING_DOMAINS, VARIABLES } from './classification.js';
import type { SampleResult } from './sample.js';

const domain = z.enum(SAMPLING_DOMAINS);
const count = z.number().int().min(0);
const caseFields = {
  ref: z.string().min(1).describe('pseudonymous case reference (never a name)'),
  domain,
  disposalType: z.enum(DISPOSAL_TYPES.map((d) => d.label) as [string, ...string[]]),
  startDate: z.iso.date(),
  gender: z.enum(GENDERS),
  ageBand: z.enum(AGE_BANDS),
  ethnicity: z.enum(ETHNICITIES),
  riskOfSeriousHarm: z.enum(LEVELS),
  safetyAndWellbeing: z.enum(LEVELS),
};

const domainSize = z.object({
  population: count.describe('eligible cases in the domain'),
  sample: count.describe('cases to inspect, after any override'),
  proposed: count.describe('what the method gives, before any override'),
  method: z.string(),
  working: z.array(z.string()),
  shortfall: z.string().optional(),
  override: z.object({ from: count, to: count, reason: z.string().min(1) }).optional(),
});

export const SampleOutputSchema = z
  .object({
    seed: z.number().int().min(0),
    framework: z.string().meta({ description: 'The id of the framework sampled for.' }),
    fieldwork: z.iso.date().nullable().describe('fieldwork start; null when the file was taken as the eligible population'),
    windows: z.record(domain, z.object({ from: count, to: count })).nullable().describe('months before fieldwork'),
    parameters: z.object({ confidence: z.number(), margin: z.number(), proportion: z.number(), courtShare: z.number() }),
    sizes: z.object({ court: domainSize, outOfCourt: domainSize, resettlement: domainSize.optional() }),
    combined: z.object({ sample: count, courtPercent: z.number().nullable() }),
    sample: z.array(z.object({ ...caseFields, position: z.number().int().min(1) })),
    reserve: z.array(z.object({ ...caseFields, rank: z.number().int().min(1).describe('order of use within the domain') })),
    comparison: z.array(
      z.object({
        variable: z.enum(VARIABLES.map((v) => v.id) as [string, ...string[]]),
        domain,
        category: z.string(),
        population: count,
        sample: count,
        populationPercent: z.number(),
        samplePercent: z.number(),
        share: z.number().describe('proportional share: sample size × population count / population size'),
        withinOne: z.boolean(),
      }),
    ),
    excluded: z.array(z.object({ ref: z.string(), domain, startDate: z.iso.date(), reason: z.string() })),
    replacements: z.array(z.object({ removed: z.string(), added: z.string(), domain, by: z.string(), at: z.string(), reason: z.string() })),
  })
  .describe('A case sample drawn by yjinspect: sizes with their working, the sample, the reserve list and the comparison with the population');

export type SampleOutput = z.infer<typeof SampleOutputSchema>;

export function sampleOutputJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(SampleOutputSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
}

/** The result as published JSON (the population itself stays out: it may be thousands of rows). */
export function toSampleOutput(result: SampleResult): SampleOutput {
  const sizes: Record<string, z.infer<typeof domainSize>> = {};
  for (const d of result.sizes.domains) {
    sizes[d.domain] = {
      population: d.population,
      sample: d.sample,
      proposed: d.proposed,
      method: d.method,
      working: [...d.working],
      ...(d.shortfall ? { shortfall: d.shortfall } : {}),
      ...(d.override ? { override: { ...d.override } } : {}),
    };
  }
  return SampleOutputSchema.parse({
    seed: result.seed,
    framework: result.framework,
    fieldwork: result.fieldwork,
    windows: result.windows,
    parameters: result.sizes.parameters,
    sizes,
    combined: result.sizes.combined,
    sample: result.sample,
    reserve: result.reserve,
    comparison: result.comparison,
    excluded: result.excluded,
    replacements: result.replacements,
  });
}
