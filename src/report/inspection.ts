/**
 * Report data for an inspection in the store, gathered through the server's public services only: the
 * engine's input as the ratings service builds it, plus what the store records about the inspection
 * (service, fieldwork dates, lead inspector, recommendations, case sample, the findings text per domain, and
 * the written sections: foreword, background, contextual facts, methodology, introductions, narratives).
 * Whatever is not recorded yet stays missing, and the report says so.
 */
import { findingsService } from '../findings/index.js';
import { reportDetailsFromSections, reportTextService } from '../report-text/index.js';
import { samplingService } from '../sampling-store/index.js';
import type { Store } from '../store/index.js';
import { createServices, type User } from '../server/services/index.js';
import { ratingInput } from '../server/services/ratings.js';
import type { ReportData } from './data.js';
import { ReportDataError } from './data.js';
import { prepareReport, REPORT_MEDIA, renderReport, type RenderOptions, type ReportFormat } from './index.js';

type Details = NonNullable<ReportData['report']>;

/** The command line reads as the site administrator would: it has the database already. */
export const COMMAND_LINE_READER: User = Object.freeze({
  id: 'command-line', email: 'command-line@localhost', displayName: 'yjinspect report (command line)', isAdmin: true, roles: [],
});

const words = (slug: string): string => {
  const s = slug.replace(/-/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
};

const monthYear = (iso: string): string => new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

export async function reportDataForInspection(store: Store, actor: User, inspectionId: string): Promise<ReportData> {
  const services = createServices(store);
  const ins = await services.inspections.get(actor, inspectionId);
  const [input, recs, cases, members, findings, sections, precision] = await Promise.all([
    ratingInput(store, inspectionId, ins.frameworkVersion),
    services.recommendations.list(actor, inspectionId),
    services.cases.list(actor, inspectionId),
    services.accounts.members(actor, inspectionId),
    findingsService(store).list(actor, inspectionId),
    reportTextService(store).list(actor, inspectionId),
    samplingService(store).confirmedPrecision(actor, inspectionId),
  ]);
  // The sample's confidence and margin are the confirmed plan's unless the methodology section says otherwise.
  const text = reportDetailsFromSections(sections, precision ?? undefined);
  const domains: NonNullable<Details['domains']> = {};
  for (const f of findings) {
    if (f.strengths.length + f.areas.length > 0) domains[f.domain] = { strengths: [...f.strengths], areasForImprovement: [...f.areas] };
  }
  for (const [d, introduction] of Object.entries(text.introductions) as [keyof typeof domains, string[]][]) {
    domains[d] = { strengths: [], areasForImprovement: [], ...domains[d], introduction };
  }
  const recommendations: { addressee: string; items: string[] }[] = [];
  for (const r of [...recs].sort((a, b) => a.position - b.position)) {
    const group = recommendations.find((g) => g.addressee === r.addressee);
    if (group) group.items.push(r.text);
    else recommendations.push({ addressee: r.addressee, items: [r.text] });
  }
  const sample = (domain: number, window: string | undefined) => {
    const inDomain = cases.filter((c) => c.domain === domain);
    if (inDomain.length === 0) return undefined;
    const byType = new Map<string, number>();
    for (const c of inDomain) byType.set(c.disposalType, (byType.get(c.disposalType) ?? 0) + 1);
    return { total: inDomain.length, byDisposal: [...byType].map(([label, count]) => ({ label: words(label), count })), ...(window ? { window } : {}) };
  };
  const groups = { court: sample(2, text.windows.court), outOfCourt: sample(3, text.windows.outOfCourt), resettlement: sample(4, text.windows.resettlement) };
  const lead = members.find((m) => m.roles.includes('lead-inspector'));
  const report: Details = {
    service: { name: ins.serviceName },
    ...(ins.fieldworkStart ? { fieldwork: { start: ins.fieldworkStart, ...(ins.fieldworkEnd ? { end: ins.fieldworkEnd } : {}) } } : {}),
    ...(ins.publishedOn ? { published: monthYear(ins.publishedOn) } : {}),
    ...(lead ? { leadInspector: lead.displayName } : {}),
    ...(recommendations.length ? { recommendations } : {}),
    ...text.details,
    ...(Object.keys(domains).length ? { domains } : {}),
    ...(cases.length ? {
      caseSample: Object.fromEntries(Object.entries(groups).filter(([, g]) => g !== undefined)),
    } : {}),
  };
  return { ...input, report };
}

export type ReportStatus =
  | { readonly kind: 'ready'; readonly draft: boolean; readonly missing: readonly string[] }
  | { readonly kind: 'unusable'; readonly problems: readonly { path: string; message: string }[] };

/** The report's own verdict on the inspection's data: draft or not and what is missing, or why it cannot be made. */
export async function reportStatus(store: Store, actor: User, inspectionId: string): Promise<ReportStatus> {
  const data = await reportDataForInspection(store, actor, inspectionId);
  try {
    const { view } = prepareReport(data);
    return { kind: 'ready', draft: view.draft, missing: view.missing };
  } catch (err) {
    if (err instanceof ReportDataError) return { kind: 'unusable', problems: err.problems };
    throw err;
  }
}

/**
 * What the inspection's report still lacks, in the report's own words, leaving out the publication date
 * (publishing sets it). Empty when publishing would give a complete report. For `createServices`'s hooks.
 */
export async function reportGaps(store: Store, actor: User, inspectionId: string): Promise<string[]> {
  const status = await reportStatus(store, actor, inspectionId);
  return status.kind === 'unusable'
    ? status.problems.map((p) => `${p.path}: ${p.message}`)
    : status.missing.filter((m) => m !== 'publication date');
}

export interface ReportDownload {
  readonly body: Buffer | string;
  readonly contentType: string;
  /** e.g. `fictional-youth-justice-service-report.pdf` */
  readonly fileName: string;
}

/** One format of an inspection's report, ready to send as a download (for the web application's buttons). */
export async function reportDownload(store: Store, actor: User, inspectionId: string, format: ReportFormat, options: RenderOptions = {}): Promise<ReportDownload> {
  const data = await reportDataForInspection(store, actor, inspectionId);
  const body = await renderReport(data, format, options);
  const slug = (data.report?.service?.name ?? 'inspection').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  const media = REPORT_MEDIA[format];
  return { body, contentType: media.contentType, fileName: `${slug}-${format === 'csv' || format === 'xlsx' ? 'data-annex' : 'report'}.${media.extension}` };
}
