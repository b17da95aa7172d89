/**
 * The use cases of yjinspect, built from the store. The JSON API and the web pages both call these; each
 * function takes the acting user and checks the role rules itself.
 */
import { findingsService } from '../../findings/index.js';
import { reportTextService } from '../../report-text/index.js';
import type { Store } from '../../store/index.js';
import type { User } from './context.js';
import { accountService, defaultAccountPolicy, type AccountPolicy } from './accounts.js';
import { caseService } from './cases.js';
import { discretionService } from './discretion.js';
import { domain1Service } from './domain1.js';
import { historyService } from './history.js';
import { inspectionService } from './inspections.js';
import { ratingService } from './ratings.js';
import { recommendationService } from './recommendations.js';

/** What the services ask of the outer layers without depending on them. */
export interface ServiceHooks {
  /**
   * What the inspection's report still lacks (besides its publication date). Given, publishing a report that
   * lacks anything needs `publishDraft: true`, so a draft is never published by accident.
   */
  readonly reportGaps?: (actor: User, inspectionId: string) => Promise<readonly string[]>;
}

export function createServices(store: Store, policy: AccountPolicy = defaultAccountPolicy, hooks: ServiceHooks = {}) {
  const discretion = discretionService(store);
  const history = historyService(store);
  const ratings = ratingService(store);
  return {
    accounts: accountService(store, policy),
    inspections: inspectionService(store, hooks),
    cases: caseService(store),
    domain1: domain1Service(store),
    discretion,
    recommendations: recommendationService(store),
    // The report's written parts: findings per domain and the other sections (foreword … narratives).
    findings: findingsService(store),
    reportText: reportTextService(store),
    history: { ...history, caseHistory: history.forCase },
    // The ratings panel's view: the live ratings and the panel's decisions in one place.
    ratings: {
      ...ratings,
      ratings: ratings.forInspection,
      listDiscretion: discretion.list,
      recordDiscretion: discretion.record,
      withdrawDiscretion: discretion.withdraw,
    },
  };
}

export type Services = ReturnType<typeof createServices>;

export type { User, RoleGrant } from './context.js';
export { canRead, hasRole, rolesIn } from './context.js';
export type { Account, AccountPolicy, SignedIn } from './accounts.js';
export type { Inspection } from './inspections.js';
export type { Answer, CaseRecord, CaseWithAnswers, SavedAnswers } from './cases.js';
export type { EvidenceItem, Judgement } from './domain1.js';
export type { DiscretionRecord } from './discretion.js';
export type { Recommendation } from './recommendations.js';
export type { HistoryRecord } from './history.js';
export * from './schemas.js';
export * from '../errors.js';
