/**
 * A published inspection as a library entry: the rating engine's exact figures in the shape the importer gives
 * for a report read back (src/importer/schema.ts), so the library and its benchmarks treat both alike.
 * Nothing is read back from text: the counts, percentages, ratings and discretion are the engine's own.
 */
import { findPrompt, getFramework } from '../../core/framework/index.js';
import type { RateOutput } from '../../core/rating/index.js';
import type { ReportData } from '../../core/report/index.js';
import { importedReportSchema, type ImportedReport } from '../../importer/index.js';

/** The entry's figures: `publishedOn` is the inspection's publication date (YYYY-MM-DD); the library keeps its month. */
export function publishedInspectionReport(data: ReportData, output: RateOutput, publishedOn: string | null): ImportedReport {
  const framework = getFramework(output.framework);
  const details = data.report;
  const sample = details?.caseSample;
  return importedReportSchema.parse({
    provider: details?.service?.name ?? null,
    published: publishedOn ? publishedOn.slice(0, 7) : null,
    framework: output.framework,
    overall: { rating: output.overall, score: output.score, maxScore: output.maxScore },
    standards: output.standards.map((s) => ({
      id: s.id,
      name: s.name,
      rating: s.rating,
      keyQuestions: s.keyQuestions.map((k) => ({ id: k.id, relevant: k.relevant, yes: k.yes, percent: k.percent })),
      prompts: (s.prompts ?? []).map((p) => ({ id: p.id, text: findPrompt(framework, p.id)?.text ?? '', relevant: p.relevant, yes: p.yes, percent: p.percent })),
      // Only a case-assessed standard can have had discretion; a judgement standard says nothing of it.
      discretion: s.kind === 'case-assessed'
        ? (s.discretion.applied
          ? { applied: true, from: s.computedRating, text: s.discretion.applied.reason }
          : { applied: false, from: null, text: null })
        : null,
    })),
    caseSample: { court: sample?.court?.total ?? null, outOfCourt: sample?.outOfCourt?.total ?? null, resettlement: sample?.resettlement?.total ?? null },
    recommendations: (details?.recommendations ?? []).flatMap((g) => g.items.map((text) => ({ addressee: g.addressee, text }))),
    warnings: [],
  });
}
