/**
 * The inspection's report: its status (draft and what is missing, as the report module itself says), the
 * HTML report, and a download for each format. Reading and rendering are the report module's; who may read
 * is the services' decision (the report module reads through them with the signed-in user).
 */
import type { FastifyReply } from 'fastify';
import type { Gap } from '../../core/report/index.js';
import { ANALYSIS_FORMATS, PrinterBusyError, REPORT_FORMATS, ReportDataError, reportCacheKey, reportFile, type ReportAnnex, type ReportFormat } from '../../report/index.js';
import { PHASE_LABELS } from '../labels.js';
import type { User } from '../services.js';
import { formatDate } from '../views.js';
import { inspectionNav, opens, page, type RouteContext } from './common.js';

export const FORMAT_LABELS: Readonly<Record<ReportFormat, { text: string; hint: string }>> = {
  pdf: { text: 'PDF', hint: 'The report as printed, A4' },
  docx: { text: 'Word (DOCX)', hint: 'Editable, with real headings, tables and footnotes' },
  html: { text: 'HTML', hint: 'A single web page with print styles' },
  csv: { text: 'the data annex (CSV)', hint: 'Every standard, key question and prompt with its figures' },
  xlsx: { text: 'the data annex (Excel, XLSX)', hint: 'One sheet per table, numbers stored as numbers' },
};

/** What the report lacks, each with the page where it is recorded when there is one (by the gap's kind). */
export function missingItems(inspectionId: string, gaps: readonly Gap[]): { text: string; href: string | null }[] {
  const at = (path: string) => `/inspections/${encodeURIComponent(inspectionId)}/${path}`;
  const where = (g: Gap): string | null => {
    switch (g.kind) {
      case 'recommendations': return at('recommendations');
      case 'contextual-facts': return at('report-text/contextual-facts');
      case 'methodology': case 'meetings': return at('report-text/methodology');
      case 'findings': return g.domain ? at(`findings/${g.domain}`) : null;
      case 'judgement': return g.standard ? at(`judgements/${g.standard}`) : null;
      case 'key-question-figures': case 'score': return at('ratings');
      default: return null;
    }
  };
  return gaps.map((g) => (g.kind === 'publication'
    ? { text: 'publication date (set when the inspection is published)', href: null }
    : { text: g.text, href: where(g) }));
}

/**
 * The report page is a standalone document with its own inline styles and SVG charts. It runs no script, so
 * this page alone may use inline styles; nothing else is loaded and it cannot be framed.
 */
const REPORT_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const isFormat = (f: string): f is ReportFormat => (REPORT_FORMATS as readonly string[]).includes(f);

/** `?annex=analysis` adds the analysis annex (how firm each rating is), which the published layout leaves out. */
function annexesOf(query: { readonly annex?: string }, format: ReportFormat): ReportAnnex[] {
  const { annex } = query;
  if (annex === undefined) return [];
  if (annex !== 'analysis') throw Object.assign(new Error('No such annex: the report offers annex=analysis'), { statusCode: 400 });
  if (!ANALYSIS_FORMATS.includes(format)) throw Object.assign(new Error(`The analysis annex comes in ${ANALYSIS_FORMATS.join(', ')}, not ${format}`), { statusCode: 400 });
  return ['analysis'];
}

export function reportRoutes(ctx: RouteContext): void {
  const { app, signedIn, services } = ctx;
  const base = (id: string) => `/inspections/${encodeURIComponent(id)}`;

  signedIn.get('/inspections/:inspectionId/report', async (request, reply) => {
    const { user } = request;
    const { inspectionId } = request.params;
    // One request scope: the report status reads the inspection already read here.
    const scoped = services.forRequest();
    const inspection = await scoped.inspections.get(user, inspectionId);
    const status = await scoped.reports.status(user, inspectionId);
    const url = `${base(inspectionId)}/report`;
    return page(ctx, request, reply, 'pages/report.njk', {
      pageTitle: 'Report',
      inspection,
      status,
      // A judgement's page is the evidence log's, which not every reader of the report may open.
      missing: status.kind === 'ready' ? missingItems(inspectionId, status.gaps).map((m) => (m.href?.includes('/judgements/') && !opens(ctx, user, inspection, 'domain1.read') ? { ...m, href: null } : m)) : [],
      phaseText: PHASE_LABELS[inspection.phase] ?? inspection.phase,
      publishedOn: inspection.publishedOn ? formatDate(inspection.publishedOn) : null,
      viewUrl: `${url}/view`,
      findingsUrl: `${base(inspectionId)}/findings`,
      recommendationsUrl: `${base(inspectionId)}/recommendations`,
      reportTextUrl: `${base(inspectionId)}/report-text`,
      downloads: (['pdf', 'docx', 'html', 'csv', 'xlsx'] as const).map((f) => ({ format: f, href: `${url}/download/${f}`, ...FORMAT_LABELS[f] })),
      analysisView: `${url}/view?annex=analysis`,
      analysisDownloads: (['html', 'csv', 'xlsx'] as const).map((f) => ({ format: f, href: `${url}/download/${f}?annex=analysis`, text: FORMAT_LABELS[f].text })),
      navigation: inspectionNav(inspectionId, 'report'),
      breadcrumbs: [{ text: 'Inspections', href: '/inspections' }, { text: inspection.title, href: base(inspectionId) }],
    });
  });

  /** Shown as the report's own page (no download prompt). */
  signedIn.get('/inspections/:inspectionId/report/view', async (request, reply) => {
    const { user } = request;
    const { inspectionId } = request.params;
    const file = await render(reply, user, inspectionId, 'html', annexesOf(request.query, 'html'));
    if (!file) return reply;
    return reply
      .type(file.contentType)
      .header('content-security-policy', REPORT_PAGE_CSP)
      .header('cache-control', 'no-store')
      .send(file.body);
  });

  signedIn.get('/inspections/:inspectionId/report/download/:format', async (request, reply) => {
    const { user } = request;
    const { inspectionId, format } = request.params;
    if (!isFormat(format)) throw Object.assign(new Error(`No report format ${format}: use one of ${REPORT_FORMATS.join(', ')}`), { statusCode: 404 });
    const file = await render(reply, user, inspectionId, format, annexesOf(request.query, format));
    if (!file) return reply;
    return reply
      .type(file.contentType)
      .header('content-disposition', `attachment; filename="${file.fileName.replace(/[^\w.-]/g, '_')}"`)
      .header('content-security-policy', REPORT_PAGE_CSP)
      .header('cache-control', 'no-store')
      .send(file.body);
  });

  /** The file, or (when the inspection's data cannot make a report) an error page naming each problem. */
  async function render(reply: FastifyReply, user: User, inspectionId: string, format: ReportFormat, annexes: ReportAnnex[] = []) {
    try {
      // A published inspection cannot change: its report is rendered once per version and format.
      const inspection = await services.inspections.get(user, inspectionId);
      // The cached file is no one's to read without the right to read the report.
      services.auth.requireRead(user, inspection, 'report.read', `No report for inspection ${inspectionId}`);
      const key = inspection.phase === 'published' ? reportCacheKey(inspectionId, [format, ...annexes].join('+'), inspection.version) : null;
      const cached = key ? app.reportCache.get(key) : undefined;
      if (cached) return cached;
      const file = await reportFile(await services.reports.data(user, inspectionId), format, { printer: app.pdfPrinter, annexes });
      if (key) app.reportCache.set(key, file);
      return file;
    } catch (err) {
      if (err instanceof PrinterBusyError) {
        const heading = 'Sorry, the service is busy';
        await page(ctx, reply.request, reply.header('retry-after', String(err.retryAfterSeconds)), 'pages/error.njk', { pageTitle: heading, heading, lines: [err.message] }, 503);
        return null;
      }
      if (!(err instanceof ReportDataError)) throw err;
      const heading = 'The report cannot be produced from this inspection’s data';
      const lines = [...err.problems.map((p) => `${p.path}: ${p.message}`), 'Correct these in the inspection, then try again.'];
      await page(ctx, reply.request, reply, 'pages/error.njk', { pageTitle: heading, heading, lines }, 422);
      return null;
    }
  }
}
