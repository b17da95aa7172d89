/**
 * Report data for an inspection in the store, gathered through the server's public services only: the
 * engine's input as the ratings service builds it, plus what the store records about the inspection
 * (service, fieldwork dates, lead inspector, recommendations, case sample, the findings text per domain, and
 * the written sections: foreword, background, contextual facts, methodology, introductions, narratives).
 * Whatever is not recorded yet stays missing, and the report says so.
 */
import { getFramework } from '../core/framework/index.js';
import { isCountedState } from '../core/assessment/counted.js';
import { reportStatusOf, type Gap, type ReportData, type ReportStatus } from '../core/report/index.js';
import { rate } from '../core/rating/index.js';
import { domainOfKey, labelOf } from '../core/vocabulary.js';
import { DEFAULT_AUTHORIZER, WHOLE_READER, type Authorizer, type User } from './context.js';
import type { AccountService } from './accounts.js';
import type { CaseService } from './cases.js';
import type { FindingsService } from './findings.js';
import type { Inspection, InspectionService } from './inspections.js';
import type { LiveRatings, RatingEngine, RatingService } from './ratings.js';
import type { RecommendationService } from './recommendations.js';
import { reportDetailsFromSections, type ReportTextService } from './report-text.js';
import type { SamplingService } from './sampling/index.js';
import type { PublishedInspection } from './library/index.js';

type Details = NonNullable<ReportData['report']>;

/** The command line reads as the site administrator would: it has the database already. */
export const COMMAND_LINE_READER: User = Object.freeze({
  id: 'command-line', email: 'command-line@localhost', displayName: 'yjinspect report (command line)', isAdmin: true, roles: [],
});

/** A disposal's label as the report prints it, from the vocabulary. */
const disposalLabel = (code: string): string => labelOf('disposalType', code) ?? code;

const monthYear = (iso: string): string => new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

export interface ReportDeps {
  readonly inspections: InspectionService;
  readonly recommendations: RecommendationService;
  readonly cases: CaseService;
  readonly accounts: AccountService;
  readonly findings: FindingsService;
  readonly reportText: ReportTextService;
  readonly sampling: SamplingService;
  readonly ratings: RatingService;
  /** The engine that rates report data when no live ratings fit it (default src/core/rating's rate). */
  readonly engine?: RatingEngine;
}

/** The report data, and the live ratings whose input it carries. */
async function reportDataFor(services: ReportDeps, auth: Authorizer, actor: User, inspectionId: string): Promise<{ data: ReportData; live: LiveRatings; ins: Inspection }> {
  const ins = await services.inspections.get(actor, inspectionId);
  auth.requireRead(actor, ins, 'report.read', `No report for inspection ${inspectionId}`);
  // Once someone may read the report, its parts are read whole (a local assessor sees the whole sample in it).
  const reader = WHOLE_READER;
  const [live, recs, cases, members, findings, sections, precision, replaced, plan] = await Promise.all([
    services.ratings.live(reader, inspectionId),
    services.recommendations.list(reader, inspectionId),
    services.cases.list(reader, inspectionId),
    services.accounts.members(reader, inspectionId),
    services.findings.list(reader, inspectionId),
    services.reportText.list(reader, inspectionId),
    services.sampling.confirmedPrecision(reader, inspectionId),
    services.sampling.replacedCounts(reader, inspectionId),
    services.sampling.confirmedPopulations(reader, inspectionId),
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
  // What was measured: the cases the figures count (submitted or quality assured), as the ratings count them.
  const sample = (domain: number, window: string | undefined, replacedHere = 0, population?: number) => {
    const inDomain = cases.filter((c) => c.domain === domain && isCountedState(c.state));
    const withdrawn = cases.filter((c) => c.domain === domain && (c.state as string) === 'withdrawn').length; // the state workflow-gates adds
    if (inDomain.length === 0 && withdrawn === 0 && replacedHere === 0) return undefined;
    const byType = new Map<string, number>();
    for (const c of inDomain) byType.set(c.disposalType, (byType.get(c.disposalType) ?? 0) + 1);
    return {
      total: inDomain.length,
      byDisposal: [...byType].map(([label, count]) => ({ label: disposalLabel(label), count })),
      ...(window ? { window } : {}),
      ...(withdrawn ? { withdrawn } : {}),
      ...(replacedHere ? { replaced: replacedHere } : {}),
      // The eligible population the sample was drawn from: the analysis annex's finite population correction.
      ...(population !== undefined ? { population } : {}),
    };
  };
  const groups = {
    court: sample(domainOfKey('court').code, text.windows.court, replaced.court, plan?.populations.court),
    outOfCourt: sample(domainOfKey('outOfCourt').code, text.windows.outOfCourt, replaced.outOfCourt, plan?.populations.outOfCourt),
    resettlement: sample(domainOfKey('resettlement').code, text.windows.resettlement, replaced.resettlement, plan?.populations.resettlement),
  };
  const lead = members.find((m) => m.roles.includes('lead-inspector'));
  const report: Details = {
    service: { name: ins.serviceName },
    ...(ins.fieldworkStart ? { fieldwork: { start: ins.fieldworkStart, ...(ins.fieldworkEnd ? { end: ins.fieldworkEnd } : {}) } } : {}),
    ...(ins.publishedOn ? { published: monthYear(ins.publishedOn) } : {}),
    ...(lead ? { leadInspector: lead.displayName } : {}),
    ...(recommendations.length ? { recommendations } : {}),
    ...text.details,
    ...(Object.keys(domains).length ? { domains } : {}),
    ...(Object.values(groups).some((g) => g !== undefined && g.total > 0) ? {
      caseSample: Object.fromEntries(Object.entries(groups).filter(([, g]) => g !== undefined)),
    } : {}),
  };
  return { data: { ...live.input, report }, live, ins };
}

/** The report data of an inspection, its status, and what publishing it would still lack. */
export function reportService(services: ReportDeps, auth: Authorizer = DEFAULT_AUTHORIZER) {
  const engine = services.engine ?? rate;
  const data = async (actor: User, inspectionId: string): Promise<ReportData> => (await reportDataFor(services, auth, actor, inspectionId)).data;
  const status = async (actor: User, inspectionId: string): Promise<ReportStatus> => {
    const { data, live } = await reportDataFor(services, auth, actor, inspectionId);
    // The ratings already computed for this very input are the report's, unless the engine refused it or a stale
    // discretion decision was left out: the report is then rated as given and says what is wrong with it.
    const output = live.output;
    const stale = !output || output.warnings.some((w) => w.code === 'discretion-not-applicable');
    return reportStatusOf(data, getFramework, stale ? engine : () => output);
  };
  return {
    data,
    status,
    /** A published inspection as the library takes it: the whole report data and the ratings made from it. */
    async publication(inspectionId: string): Promise<PublishedInspection> {
      const { data, live, ins } = await reportDataFor(services, auth, WHOLE_READER, inspectionId);
      let output = live.output;
      if (!output) {
        try {
          output = engine(data, getFramework(data.framework));
        } catch {
          output = null;
        }
      }
      return { title: ins.title, publishedOn: ins.publishedOn, data, output };
    },
    /**
     * What the report still lacks, leaving out the publication date (publishing sets it). Empty when publishing
     * would give a complete report; data that cannot make a report at all is one gap per problem.
     */
    async gaps(actor: User, inspectionId: string): Promise<Gap[]> {
      const s = await status(actor, inspectionId);
      return s.kind === 'unusable'
        ? s.problems.map((p) => ({ kind: 'report-details', text: `${p.path}: ${p.message}` }))
        : s.gaps.filter((g) => g.kind !== 'publication');
    },
  };
}

export type ReportService = ReturnType<typeof reportService>;
