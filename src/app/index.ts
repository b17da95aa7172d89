/**
 * The application layer: every use case of yjinspect, built once from the store by `createServices`. The JSON
 * API, the web pages and the command line all receive these services; each function takes the acting user and
 * checks the policy itself (src/core/policy), validates its input and records history.
 */
import type { Policy } from '../core/policy.js';
import { openStore, type Store, type StoreOptions } from '../store/index.js';
import { authorizer } from './context.js';
import { accountService, defaultAccountPolicy, type AccountPolicy } from './accounts.js';
import { caseService } from './cases.js';
import { discretionService } from './discretion.js';
import { domain1Service } from './domain1.js';
import { findingsService } from './findings.js';
import { firmnessService } from './firmness.js';
import { historyService } from './history.js';
import { inspectionService } from './inspections.js';
import { libraryService } from './library/index.js';
import { ratingService } from './ratings.js';
import { recommendationService } from './recommendations.js';
import { reportService } from './report-data.js';
import { reportTextService } from './report-text.js';
import { resettlementService } from './resettlement.js';
import { samplingService } from './sampling/index.js';

export interface AppConfig {
  /** Sessions and sign-in limits (defaults: 12-hour sessions, 5 failures per account, 20 per address, 15 minutes). */
  readonly accounts?: Partial<AccountPolicy>;
  /** Who may do what (default: src/core/policy's DEFAULT_POLICY). */
  readonly policy?: Policy;
}

export function createServices(store: Store, config: AppConfig = {}) {
  const auth = authorizer(config.policy);
  const discretion = discretionService(store, auth);
  const history = historyService(store);
  const ratings = ratingService(store);
  const accounts = accountService(store, { ...defaultAccountPolicy, ...config.accounts }, auth.policy);
  const cases = caseService(store, auth);
  const recommendations = recommendationService(store, auth);
  const findings = findingsService(store, auth);
  const reportText = reportTextService(store, auth);
  const sampling = samplingService(store, auth);
  // The publish gate asks the report what it lacks; the report reads through the services below.
  const inspections = inspectionService(store, { reportGaps: (actor, id) => reports.gaps(actor, id) }, auth);
  const reports = reportService(store, { inspections, recommendations, cases, accounts, findings, reportText, sampling });
  const firmness = firmnessService(ratings, sampling, auth);
  return {
    /** The policy table's decisions, for screens that show or hide controls (the services enforce them). */
    auth,
    accounts,
    inspections,
    cases,
    domain1: domain1Service(store, auth),
    discretion,
    recommendations,
    // The report's written parts: findings per domain and the other sections (foreword … narratives).
    findings,
    reportText,
    sampling,
    // Resettlement cases (2021): one note per aspect of 4.1.
    resettlement: resettlementService(store, auth),
    library: libraryService(store),
    reports,
    history: { ...history, caseHistory: history.forCase },
    // The ratings panel's view: the live ratings and the panel's decisions in one place.
    ratings: {
      ...ratings,
      ratings: ratings.forInspection,
      // How firm each rating is: every key question's interval, and whether each band holds across it.
      firmness: firmness.forInspection,
      listDiscretion: discretion.list,
      recordDiscretion: discretion.record,
      declineDiscretion: discretion.decline,
      withdrawDiscretion: discretion.withdraw,
    },
  };
}

export type Services = ReturnType<typeof createServices>;

/** The services over a store opened for one command (the command line): close it when done. */
export async function openServices(options: StoreOptions, config: AppConfig = {}): Promise<{ readonly services: Services; close(): Promise<void> }> {
  const store = await openStore(options);
  return { services: createServices(store, config), close: () => store.close() };
}

export { storeOptionsFromEnv } from '../store/index.js';

export type { User, RoleGrant } from './context.js';
export { canRead, hasRole, rolesIn } from './context.js';
export type { Account, AccountPolicy, SignedIn } from './accounts.js';
export type { Inspection } from './inspections.js';
export type { WorkflowView } from './workflow.js';
export type { Answer, CaseRecord, CaseWithAnswers, SavedAnswers } from './cases.js';
export type { EvidenceItem, Judgement } from './domain1.js';
export type { DiscretionRecord } from './discretion.js';
export type { InspectionFirmness } from './firmness.js';
export type { Recommendation } from './recommendations.js';
export type { HistoryRecord } from './history.js';
export { COMMAND_LINE_READER, type ReportService } from './report-data.js';
export * from './schemas.js';
export * from './errors.js';
