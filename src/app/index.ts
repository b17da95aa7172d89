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
import { auditService } from './audits.js';
import { findingsService } from './findings.js';
import { frameworkService } from './frameworks.js';
import { firmnessService } from './firmness.js';
import { historyService } from './history.js';
import { inspectionService } from './inspections.js';
import { defaultKeptFormsPolicy, keptFormService, type KeptFormsPolicy } from './kept-forms.js';
import { libraryService } from './library/index.js';
import { moderationService } from './moderation.js';
import { RatingCache, ratingService, type RatingEngine } from './ratings.js';
import { requestScope } from './scope.js';
import { notificationService, outbox, type NotificationConfig, type Outbox } from './notifications.js';
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
  /** Forms posted after a session ended, kept to be offered back (default: an hour, 500 at once, 64K each). */
  readonly keptForms?: Partial<KeptFormsPolicy>;
  /** The rating engine (default src/core/rating's `rate`), e.g. wrapped to count how often a page runs it. */
  readonly ratingEngine?: RatingEngine;
  /** How many inspections' latest ratings are kept in memory, by data version (default 256; 0 keeps none). */
  readonly ratingCacheEntries?: number;
  /** Emailing notifications (default: none; they are shown in the service only). */
  readonly notifications?: NotificationConfig;
}

/** What every request scope of one `createServices` shares: the policy and the ratings kept in memory. */
interface Shared {
  readonly auth: ReturnType<typeof authorizer>;
  readonly ratingCache: RatingCache;
  /** One mail transport for every request scope. */
  readonly outbox: Outbox;
}

/**
 * Every use case over `store`. `forRequest()` gives the same services over a request scope (src/app/scope.ts):
 * a composite page reads its inspection, ratings, cases and members once however many use cases it calls.
 */
export function createServices(store: Store, config: AppConfig = {}): Services {
  return withScopes(store, config, { auth: authorizer(config.policy), ratingCache: new RatingCache(config.ratingCacheEntries), outbox: outbox(config.notifications) });
}

function withScopes(store: Store, config: AppConfig, shared: Shared): Services {
  return { ...build(store, config, shared), forRequest: () => withScopes(requestScope(store), config, shared) };
}

function build(store: Store, config: AppConfig, shared: Shared) {
  const { auth } = shared;
  const discretion = discretionService(store, auth);
  const history = historyService(store, auth);
  const ratings = ratingService(store, auth, { cache: shared.ratingCache, ...(config.ratingEngine ? { engine: config.ratingEngine } : {}) });
  const accounts = accountService(store, { ...defaultAccountPolicy, ...config.accounts }, auth.policy);
  const cases = caseService(store, auth, shared.outbox);
  const recommendations = recommendationService(store, auth);
  const findings = findingsService(store, auth);
  const reportText = reportTextService(store, auth);
  const sampling = samplingService(store, auth);
  // The publish gate asks the report what it lacks; the report reads through the services below. The workflow
  // view is made from the ratings kept for the inspection's data version.
  const inspections = inspectionService(store, {
    reportGaps: (actor, id) => reports.gaps(actor, id),
    liveRatings: ratings.live,
    published: (actor, id) => library.addPublished(actor, id),
    outbox: shared.outbox,
  }, auth);
  const reports = reportService({ inspections, recommendations, cases, accounts, findings, reportText, sampling, ratings, ...(config.ratingEngine ? { engine: config.ratingEngine } : {}) }, auth);
  const firmness = firmnessService(ratings, sampling);
  // A published inspection joins the library with its exact figures.
  const library = libraryService(store, { publishedInspection: (id) => reports.publication(id) });
  return {
    /** The policy table's decisions, for screens that show or hide controls (the services enforce them). */
    auth,
    // A case audit's figures beside the service's earlier audits of the same framework.
    audits: auditService(store, ratings, auth),
    // The frameworks loaded: built in, from FRAMEWORKS_DIR, or uploaded by a site administrator.
    frameworks: frameworkService(store),
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
    library,
    // Blind double marking: selection, the second marking, agreement and the resolution of disagreements.
    moderation: moderationService(store, auth),
    reports,
    // Each person's own notifications; `outbox.idle()` waits for the emails being sent.
    notifications: { ...notificationService(store), outbox: shared.outbox },
    keptForms: keptFormService(store, { ...defaultKeptFormsPolicy, ...config.keptForms }),
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

export type Services = ReturnType<typeof build> & {
  /** The same services over a new request scope: reads memoised for one request, writes as ever. */
  forRequest(): Services;
};

/** The services over a store opened for one command (the command line): close it when done. */
export async function openServices(options: StoreOptions, config: AppConfig = {}): Promise<{ readonly services: Services; close(): Promise<void> }> {
  const store = await openStore(options);
  const services = createServices(store, config);
  try {
    await services.frameworks.load();
  } catch (err) {
    await store.close();
    throw err;
  }
  return { services, close: () => store.close() };
}

// The store as the adapters open, serve, back up, restore and verify it: they import src/store only through here.
export { DataFolderInUseError, describeHolder, heldLock, migrate, openStore, storeOptionsFromEnv, type Store, type StoreOptions } from '../store/index.js';
export { BACKUP_FORMAT, BackupError, backupKeyFromEnv, exportBackup, restoreBackup } from '../store/backup.js';
export { describeBrokenLink, verifyHistoryChain } from '../store/history-chain.js';
export { snapshotReads } from '../store/snapshot.js';
export type { KeptFormService } from './kept-forms.js';
export { frameworkUploadInput, type FrameworkSummary } from './frameworks.js';
export { frameworkLineFinder, parseFrameworkText } from './framework-text.js';

export type { User, RoleGrant } from './context.js';
export { canRead, hasRole, rolesIn } from './context.js';
export type { Account, AccountPolicy, SignedIn } from './accounts.js';
export type { Inspection } from './inspections.js';
export type { WorkflowView } from './workflow.js';
export type { Answer, CaseRecord, CaseWithAnswers, SavedAnswers, Worklist } from './cases.js';
export type { EvidenceItem, Judgement } from './domain1.js';
export type { DiscretionRecord } from './discretion.js';
export type { InspectionFirmness } from './firmness.js';
export type { MarkingView, ModerationService, NamedSummary, QuestionComparison, Resolution, SecondMarking } from './moderation.js';
export type { Recommendation } from './recommendations.js';
export { HISTORY_ACCOUNT_KEYS, type HistoryRecord } from './history.js';
export type { MailSettings, Notification, NotificationConfig } from './notifications.js';
export { COMMAND_LINE_READER, type ReportService } from './report-data.js';
export * from './schemas.js';
export { LIMITS } from './limits.js';
export * from './errors.js';
// What the adapters (web, API, command line) use besides the services: they import src/app only from here.
export { FINDING_DOMAINS, findingsInput, type DomainFindings, type FindingDomain } from './findings.js';
export { InspectionRatingsSchema, type InspectionRatings } from './ratings.js';
export { describeSection, parseSectionKey, type ReportSection, type SectionBody, type SectionKind } from './report-text.js';
export { benchmarkCsv, correctableFields, inspectionSubject, MAX_REPORT_BYTES, type LibraryReport } from './library/index.js';
export type { PlanParameters, SamplingPlan, SamplingService } from './sampling/index.js';
