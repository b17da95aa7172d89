/**
 * What the importer reads from one published report: the exact keys of issue 8, `null` wherever the
 * report does not say. The same schema validates the importer's JSON when it is read back (verify-report,
 * a library), and is published as schemas/imported-report.schema.json.
 */
import { z } from 'zod';

export const ratingSchema = z.enum(['Inadequate', 'Requires improvement', 'Good', 'Outstanding']);

const count = z.number().int().min(0);
const percent = z.number().min(0).max(100);

/** One key question's printed figures; a percentage-only report leaves the counts null. */
export const importedKeyQuestionSchema = z.object({
  id: z.string().regex(/^\d\.\d\.\d$/),
  relevant: count.nullable(),
  yes: count.nullable(),
  percent: percent.nullable(),
});

export const importedPromptSchema = z.object({
  id: z.string().regex(/^\d\.\d\.\d\.[a-z]$/),
  text: z.string(),
  relevant: count.nullable(),
  yes: count.nullable(),
  percent: percent.nullable(),
});

export const importedDiscretionSchema = z.object({
  applied: z.boolean(),
  /** The rating before the panel moved it, when the report says. */
  from: ratingSchema.nullable(),
  /** The report's own words about it. */
  text: z.string().nullable(),
});

export const importedStandardSchema = z.object({
  id: z.string().regex(/^\d\.\d$/),
  name: z.string(),
  rating: ratingSchema.nullable(),
  keyQuestions: z.array(importedKeyQuestionSchema),
  prompts: z.array(importedPromptSchema),
  discretion: importedDiscretionSchema.nullable(),
});

export const importedReportSchema = z.object({
  provider: z.string().nullable(),
  /** Year and month of publication (YYYY-MM), or only the year when that is all the report prints. */
  published: z.string().regex(/^\d{4}(-\d{2})?$/).nullable(),
  framework: z.string().nullable().meta({ description: 'The id of the loaded framework the report follows, or null when not known.' }),
  overall: z.object({
    rating: ratingSchema.nullable(),
    score: count.nullable(),
    maxScore: count.nullable(),
  }),
  standards: z.array(importedStandardSchema),
  caseSample: z.object({
    court: count.nullable(),
    outOfCourt: count.nullable(),
    resettlement: count.nullable(),
  }),
  recommendations: z.array(z.object({ addressee: z.string().nullable(), text: z.string() })),
  warnings: z.array(z.object({ line: z.number().int().min(0).nullable(), message: z.string() })),
});

export type ImportedReport = z.infer<typeof importedReportSchema>;
export type ImportedStandard = z.infer<typeof importedStandardSchema>;
export type ImportedKeyQuestion = z.infer<typeof importedKeyQuestionSchema>;
export type ImportedPrompt = z.infer<typeof importedPromptSchema>;
export type ImportedDiscretion = z.infer<typeof importedDiscretionSchema>;
export type ImportWarning = ImportedReport['warnings'][number];

/** The JSON Schema published in schemas/imported-report.schema.json. */
export function importedReportJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(importedReportSchema),
    title: 'A published youth inspection report, read back into data by yjinspect import-report',
  } as Record<string, unknown>;
}
