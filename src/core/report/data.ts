/**
 * The report-data JSON: the rating engine's input (framework, standards, cases, discretion) plus an optional
 * `report` object with what only people can write (service, dates, recommendations, findings, context).
 * Every rating and figure printed comes from the engine; the `report` object never carries a rating.
 */
import { z } from 'zod';
import { RateInputSchema } from '../rating/index.js';

const count = z.int().min(0);
const text = z.string().trim().min(1);
const paragraphs = z.array(text);
const keyQuestionCounts = z.strictObject({ relevant: count, yes: count }).check((ctx) => {
  if (ctx.value.yes > ctx.value.relevant) {
    ctx.issues.push({ code: 'custom', input: ctx.value, path: ['yes'], message: `yes (${ctx.value.yes}) is more than relevant (${ctx.value.relevant})` });
  }
});

/** A figure the report shows next to a local one: e.g. age 10–14, 32% locally, 23% nationally. */
const comparison = z.strictObject({ label: text, local: z.number(), national: z.number().optional() });

const labelledCount = z.strictObject({ label: text, count });

const sampleGroup = z.strictObject({
  total: count.meta({ description: 'Number of cases inspected.' }),
  byDisposal: z.array(labelledCount).optional().meta({ description: 'Breakdown by sentence or disposal type.' }),
  window: text.optional().meta({ description: 'When the disposals began, e.g. "seven to 10 months earlier".' }),
  withdrawn: count.optional().meta({ description: 'Sampled cases withdrawn from the sample (not inspected, not in total).' }),
  replaced: count.optional().meta({ description: 'Sampled cases replaced from the reserve list.' }),
  population: count.optional().meta({ description: 'Eligible cases the sample was drawn from (the sampling plan\'s population): the analysis annex uses it for the finite population correction.' }),
});

const domainKey = z.enum(['1', '2', '3', '4']);

export const reportDetails = z.strictObject({
  service: z.strictObject({
    name: text.meta({ description: 'e.g. "Stockton-on-Tees Youth Offending Service"' }),
    shortName: text.optional().meta({ description: 'e.g. "Stockton-on-Tees YOS"' }),
  }).optional(),
  fieldwork: z.strictObject({ start: z.iso.date(), end: z.iso.date().optional() }).optional(),
  published: text.optional().meta({ description: 'Publication month as printed, e.g. "November 2020".' }),
  leadInspector: text.optional(),
  foreword: paragraphs.optional(),
  recommendations: z.array(z.strictObject({ addressee: text, items: z.array(text).min(1) })).optional(),
  background: paragraphs.optional(),
  contextualFacts: z.strictObject({
    population: z.array(z.strictObject({ label: text, value: z.number(), note: text.optional() })).optional(),
    demographics: z.array(z.strictObject({
      dimension: text.meta({ description: 'e.g. "Age", "Race/ethnicity", "Gender"' }),
      unit: z.enum(['percent']).default('percent'),
      categories: z.array(comparison).min(1),
    })).optional().meta({ description: 'Children cautioned or sentenced, local against national.' }),
    caseload: z.array(labelledCount).optional().meta({ description: 'Current caseload by disposal type.' }),
    staffing: z.strictObject({
      headcount: count.optional(), fte: z.number().min(0).optional(), averageCaseload: z.number().min(0).optional(),
    }).optional(),
    sources: z.array(text).optional(),
  }).optional(),
  domains: z.partialRecord(domainKey, z.strictObject({
    strengths: paragraphs, areasForImprovement: paragraphs, introduction: paragraphs.optional(),
  })).optional().meta({ description: 'Strengths and areas for improvement per domain (keys "1".."4").' }),
  standards: z.record(z.string(), z.strictObject({ narrative: paragraphs })).optional()
    .meta({ description: 'Narrative text per standard id.' }),
  caseSample: z.strictObject({
    court: sampleGroup.optional(), outOfCourt: sampleGroup.optional(), resettlement: sampleGroup.optional(),
  }).optional(),
  methodology: z.strictObject({
    confidenceLevel: z.number().gt(0).lt(100).meta({ description: 'Per cent, e.g. 80.' }),
    marginOfError: z.number().gt(0).meta({ description: 'Percentage points, e.g. 5.' }),
    meetings: count.optional(),
    interviews: z.array(labelledCount).optional().meta({ description: 'e.g. {label:"case managers", count:12}' }),
    surveys: z.array(labelledCount).optional(),
  }).optional(),
  promptFigures: z.record(z.string(), keyQuestionCounts).optional()
    .meta({ description: 'Prompt counts recorded without per-case answers (from cases they are derived).' }),
});

/** The rating input exactly as the engine validates it (issue 3's `rate` contract), plus `report`. */
export const reportData = RateInputSchema.extend({
  report: reportDetails.optional().meta({ description: 'What people write: service, dates, findings, context, methodology.' }),
}).meta({
  title: 'yjinspect report data',
  description: 'The rating input of `yjinspect rate` plus an optional `report` object; `yjinspect report` reads it.',
});

export type ReportData = z.output<typeof reportData>;
export type ReportDetails = z.output<typeof reportDetails>;

/** Bad report data: each problem names its JSON path, so a person can find and fix it. */
export class ReportDataError extends Error {
  constructor(readonly problems: readonly { path: string; message: string }[]) {
    super(problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
    this.name = 'ReportDataError';
  }
}

export function jsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : /^[A-Za-z_$][\w$]*$/.test(String(k)) ? `${acc}.${String(k)}` : `${acc}[${JSON.stringify(String(k))}]`), '$');
}

export function parseReportData(value: unknown): ReportData {
  const r = reportData.safeParse(value);
  if (!r.success) throw new ReportDataError(r.error.issues.map((i) => ({ path: jsonPath(i.path), message: i.message })));
  return r.data;
}

export function reportDataJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(reportData, { io: 'input' }) as Record<string, unknown>;
}
