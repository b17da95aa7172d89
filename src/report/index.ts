/**
 * The published report, generated from report data: `renderReport(data, format)` gives the bytes of one
 * output. Every rating and figure comes from the rating engine; this adapter only lays them out.
 */
import type { Framework, FrameworkVersion } from '../core/framework/types.js';
import { rateReportData, type ReportData, type RatingResult } from '../core/report/index.js';
import { defaultFramework } from './framework.js';
import { renderHtml } from './html.js';
import { buildReportView, type ReportView } from './model.js';
import type { PdfOptions } from './pdf.js';
import type { PdfPrinter } from './printer.js';

// The renderers (Vega for charts, docx, ExcelJS, Chromium) are loaded when a format is first asked for, so the
// server and the web, which import this entry, do not load them all at start.
const charts = () => import('./charts.js');

export const REPORT_FORMATS = ['html', 'pdf', 'docx', 'xlsx', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Content type and file extension per format, for downloads. */
export const REPORT_MEDIA: Readonly<Record<ReportFormat, { contentType: string; extension: string }>> = {
  html: { contentType: 'text/html; charset=utf-8', extension: 'html' },
  pdf: { contentType: 'application/pdf', extension: 'pdf' },
  docx: { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' },
  csv: { contentType: 'text/csv; charset=utf-8', extension: 'csv' },
};

/**
 * Annexes the published layout leaves out, printed only when asked for: `analysis` is how firm each rating
 * is (every key question's interval, and whether each standard's band holds across it), in the HTML (and
 * so the PDF), the CSV (extra columns) and the XLSX (two more sheets). The DOCX has the published layout only.
 */
export const REPORT_ANNEXES = ['analysis'] as const;
export type ReportAnnex = (typeof REPORT_ANNEXES)[number];
/** The formats that can carry the analysis annex. */
export const ANALYSIS_FORMATS: readonly ReportFormat[] = ['html', 'pdf', 'csv', 'xlsx'];

export interface RenderOptions extends PdfOptions {
  /** Annexes to add to the published layout (default none). */
  readonly annexes?: readonly ReportAnnex[];
  /** The server's shared browser and print queue (otherwise a browser is started for this print). */
  readonly printer?: PdfPrinter;
  /** Framework definitions per version (default: the core's). */
  readonly framework?: (version: FrameworkVersion) => Framework;
}

export interface PreparedReport {
  readonly data: ReportData;
  readonly result: RatingResult;
  readonly view: ReportView;
}

/** Validates report data, rates it (core/report) and lays it out; bad data throws ReportDataError. */
export function prepareReport(raw: unknown, options: RenderOptions = {}): PreparedReport {
  const { data, result, framework } = rateReportData(raw, options.framework ?? defaultFramework);
  return { data, result, view: buildReportView(data, result, framework, { analysis: options.annexes?.includes('analysis') ?? false }) };
}

export async function renderHtmlReport(prepared: PreparedReport): Promise<string> {
  return renderHtml(prepared.view, await (await charts()).reportCharts(prepared.view));
}

/** One output format of the report: a string for html and csv, a Buffer for pdf, docx and xlsx. */
export async function renderReport(raw: unknown, format: ReportFormat, options: RenderOptions = {}): Promise<Buffer | string> {
  const prepared = prepareReport(raw, options);
  switch (format) {
    case 'html':
      return renderHtmlReport(prepared);
    case 'pdf':
      return options.printer
        ? options.printer.print(await renderHtmlReport(prepared), { draft: prepared.view.draft })
        : (await import('./pdf.js')).printPdf(await renderHtmlReport(prepared), { ...options, draft: prepared.view.draft });
    case 'docx':
      return (await import('./docx.js')).buildDocx(prepared.view, await (await charts()).reportCharts(prepared.view));
    case 'xlsx':
      return (await import('./annex.js')).buildAnnexXlsx(prepared.view);
    case 'csv':
      return (await import('./annex.js')).buildAnnexCsv(prepared.view);
  }
}

export { ReportDataError, parseReportData, reportData, reportDataJsonSchema, type ReportData } from '../core/report/data.js';
export type { AnalysisView, ReportView } from './model.js';
export { ANNEX_CSV_HEADER } from './annex.js';
export { moderationCsv, moderationTables, moderationXlsx } from './moderation.js';

export interface ReportFile {
  readonly body: Buffer | string;
  readonly contentType: string;
  /** e.g. `fictional-youth-justice-service-report.pdf` */
  readonly fileName: string;
}

/** One format of a report, ready to send as a download. */
export async function reportFile(data: ReportData, format: ReportFormat, options: RenderOptions = {}): Promise<ReportFile> {
  const body = await renderReport(data, format, options);
  const slug = (data.report?.service?.name ?? 'inspection').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  const media = REPORT_MEDIA[format];
  const analysis = options.annexes?.includes('analysis') && ANALYSIS_FORMATS.includes(format) ? '-with-analysis' : '';
  return { body, contentType: media.contentType, fileName: `${slug}-${format === 'csv' || format === 'xlsx' ? 'data-annex' : 'report'}${analysis}.${media.extension}` };
}
export { PdfPrinter, PrinterBusyError, PRINTER_LIMITS, type PrinterLimits } from './printer.js';
export { REPORT_CACHE_BYTES, ReportCache, reportCacheKey, type CachedReport } from './cache.js';
