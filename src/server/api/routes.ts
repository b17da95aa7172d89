/** The JSON API under /api/v1: each route translates HTTP to one service call. */
import { z } from 'zod';
import { ConflictError, findingsInput, frameworkUploadInput, InspectionRatingsSchema } from '../../app/index.js';
import {
  accountInput,
  accountStatusInput,
  answerInput,
  answersInput,
  assignInput,
  caseFilter,
  caseInput,
  declineInput,
  discretionInput,
  evidenceInput,
  evidenceUpdate,
  inspectionDetailsInput,
  inspectionInput,
  inspectionRemovalInput,
  judgementInput,
  moderationAnswersInput,
  moderationResolveInput,
  moderationSelectInput,
  moderationShareInput,
  ownPasswordInput,
  historyRedactionInput,
  phaseInput,
  recommendationInput,
  recommendationMove,
  recommendationUpdate,
  roleGrantInput,
  serviceInput,
  signInInput,
  transitionInput,
  version,
  withdrawInput,
  type Services,
} from '../../app/index.js';
import { sessionHooks } from '../middleware/session.js';
import type { ApiRoute } from './route.js';

const id = z.string().min(1).max(100);
const inspectionParams = z.object({ inspectionId: id });
const frameworkParams = z.object({ frameworkId: z.string().max(100) });
const caseParams = z.object({ caseId: id });
const standardParams = z.object({ inspectionId: id, standardId: z.string().max(10) });
const sectionParams = z.object({ inspectionId: id, section: z.string().max(40).describe('foreword, background, contextual-facts, methodology, introduction:N or narrative:N.N') });

export function apiRoutes(services: Services): ApiRoute[] {
  const s = services;
  return [
    // Session
    {
      method: 'POST', url: '/session', tag: 'session', summary: 'Sign in: sets the session cookie', public: true, body: signInInput, errors: [401, 429],
      async handler({ body, request, reply }) {
        const b = (body ?? {}) as Record<string, unknown>;
        const signed = await s.accounts.signIn(String(b.email ?? ''), String(b.password ?? ''), request.ip, sessionHooks.device(request));
        sessionHooks.start(reply, signed.token, signed.expiresAt, signed.deviceCookie);
        return { user: signed.user, expiresAt: signed.expiresAt };
      },
    },
    {
      method: 'DELETE', url: '/session', tag: 'session', summary: 'Sign out', status: 204,
      async handler({ request, reply }) {
        const token = sessionHooks.token(request);
        if (token) await s.accounts.signOut(token);
        sessionHooks.end(reply);
      },
    },
    { method: 'GET', url: '/me', tag: 'session', summary: 'The signed-in account and its roles', handler: async ({ user }) => user },
    {
      method: 'PUT', url: '/me/password', tag: 'session', status: 204, body: ownPasswordInput, errors: [429],
      summary: 'Change your own password: the current one is required (a wrong one counts as a failed sign-in); your other sessions end, this one stays',
      handler: ({ user, body, request }) => s.accounts.changeOwnPassword(user, body, { sessionToken: sessionHooks.token(request), ip: request.ip, deviceCookie: sessionHooks.device(request) }),
    },

    // Administration
    { method: 'GET', url: '/accounts', tag: 'administration', summary: 'List accounts (site administrator)', errors: [403], handler: ({ user }) => s.accounts.list(user) },
    { method: 'POST', url: '/accounts', tag: 'administration', summary: 'Create an account (site administrator)', body: accountInput, status: 201, errors: [403, 409], handler: ({ user, body }) => s.accounts.create(user, body) },
    { method: 'GET', url: '/services', tag: 'administration', summary: 'List the youth justice services (site administrator)', errors: [403], handler: ({ user }) => s.inspections.listServices(user) },
    { method: 'POST', url: '/services', tag: 'administration', summary: 'Add a youth justice service (site administrator)', body: serviceInput, status: 201, errors: [403], handler: ({ user, body }) => s.inspections.createService(user, body) },
    { method: 'POST', url: '/inspections', tag: 'administration', summary: 'Create an inspection (site administrator)', body: inspectionInput, status: 201, errors: [403], handler: ({ user, body }) => s.inspections.create(user, body) },
    { method: 'POST', url: '/inspections/:inspectionId/roles', tag: 'administration', summary: 'Give an account a role on an inspection (site administrator)', params: inspectionParams, body: roleGrantInput, status: 201, errors: [403, 404], handler: ({ user, params, body }) => s.accounts.grantRole(user, params.inspectionId!, body) },
    { method: 'DELETE', url: '/inspections/:inspectionId/roles', tag: 'administration', summary: 'Take a role on an inspection away from an account (site administrator; 404 when it does not hold it)', params: inspectionParams, body: roleGrantInput, status: 204, errors: [403, 404], handler: ({ user, params, body }) => s.accounts.revokeRole(user, params.inspectionId!, body) },
    { method: 'PUT', url: '/accounts/:accountId/status', tag: 'administration', summary: 'Disable an account (no sign-in; its sessions end at once) or enable it again (site administrator; not your own)', params: z.object({ accountId: id }), body: accountStatusInput, errors: [403, 404, 409], handler: ({ user, params, body }) => s.accounts.setDisabled(user, params.accountId!, body) },

    // Frameworks: the built-in ones and those a site administrator adds (a framework an inspection uses never changes).
    { method: 'GET', url: '/frameworks', tag: 'frameworks', summary: 'The frameworks loaded: id, title, source (built-in, folder or upload), content hash and how many inspections use each', handler: ({ user }) => s.frameworks.list(user) },
    { method: 'GET', url: '/frameworks/:frameworkId', tag: 'frameworks', summary: 'One framework with its file as checked', params: frameworkParams, errors: [404], handler: ({ user, params }) => s.frameworks.get(user, params.frameworkId!) },
    { method: 'POST', url: '/frameworks', tag: 'frameworks', summary: "Add a framework file, JSON or YAML, given as text (site administrator); the same content again changes nothing; different content under an id an inspection uses is refused (409)", body: frameworkUploadInput, status: 201, errors: [400, 403, 409], handler: ({ user, body }) => s.frameworks.upload(user, body) },
    { method: 'DELETE', url: '/frameworks/:frameworkId', tag: 'frameworks', summary: 'Remove an uploaded framework no inspection uses (site administrator)', params: frameworkParams, status: 204, errors: [403, 404, 409], handler: ({ user, params }) => s.frameworks.remove(user, params.frameworkId!) },

    // Inspections
    { method: 'GET', url: '/inspections', tag: 'inspections', summary: 'Inspections you have a part in (with archived=true, those archived instead)', query: z.object({ archived: z.enum(['true', 'false']).optional() }), handler: ({ user, query }) => s.inspections.list(user, { archived: query.archived === 'true' }) },
    { method: 'POST', url: '/inspections/:inspectionId/archive', tag: 'administration', summary: 'Archive an inspection made by mistake: hidden from the lists, kept whole, restorable (site administrator, before publication)', params: inspectionParams, body: inspectionRemovalInput, errors: [403, 404, 409], handler: ({ user, params, body }) => s.inspections.archive(user, params.inspectionId!, body) },
    { method: 'POST', url: '/inspections/:inspectionId/restore', tag: 'administration', summary: 'Put an archived inspection back in the lists (site administrator)', params: inspectionParams, body: inspectionRemovalInput, errors: [403, 404, 409], handler: ({ user, params, body }) => s.inspections.restore(user, params.inspectionId!, body) },
    { method: 'DELETE', url: '/inspections/:inspectionId', tag: 'administration', summary: 'Delete an inspection made by mistake that holds no cases (site administrator, before publication); the history keeps it', params: inspectionParams, body: inspectionRemovalInput, status: 204, errors: [400, 403, 404, 409], handler: ({ user, params, body }) => s.inspections.remove(user, params.inspectionId!, body) },
    { method: 'GET', url: '/inspections/:inspectionId', tag: 'inspections', summary: 'One inspection', params: inspectionParams, errors: [404], handler: ({ user, params }) => s.inspections.get(user, params.inspectionId!) },
    { method: 'PUT', url: '/inspections/:inspectionId', tag: 'inspections', summary: "Correct the inspection's title and fieldwork dates (lead inspector or site administrator; null clears a date)", params: inspectionParams, body: inspectionDetailsInput, errors: [403, 404, 409], handler: ({ user, params, body }) => s.inspections.updateDetails(user, params.inspectionId!, body) },
    { method: 'GET', url: '/inspections/:inspectionId/workflow', tag: 'inspections', summary: 'Where the inspection stands: its cases\' states, the discretion decisions and judgements, and what blocks each phase step (not for a local assessor: 404)', params: inspectionParams, errors: [404], handler: ({ user, params }) => s.inspections.workflow(user, params.inspectionId!) },
    { method: 'PUT', url: '/inspections/:inspectionId/phase', tag: 'inspections', summary: 'Move the phase one step (lead inspector)', params: inspectionParams, body: phaseInput, errors: [403, 404, 409], handler: ({ user, params, body }) => s.inspections.setPhase(user, params.inspectionId!, body) },
    { method: 'GET', url: '/inspections/:inspectionId/members', tag: 'inspections', summary: 'The inspection team and their roles', params: inspectionParams, errors: [404], handler: ({ user, params }) => s.accounts.members(user, params.inspectionId!) },
    { method: 'GET', url: '/inspections/:inspectionId/history', tag: 'inspections', summary: 'Latest changes to the inspection (append-only history; a local assessor: only their own changes)', params: inspectionParams, query: z.object({
        limit: z.coerce.number().int().min(1).max(5000).optional(),
        before: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional().describe('Only changes older than this history id (the next page)'),
        entity: z.string().max(40).optional().describe('Only changes to this kind of record, e.g. answer, case, discretion'),
      }), errors: [404], handler: ({ user, params, query }) => s.history.forInspection(user, params.inspectionId!, (query.limit as number | undefined) ?? 500, { before: query.before as number | undefined, entity: query.entity as string | undefined }) },
    { method: 'GET', url: '/inspections/:inspectionId/ratings', tag: 'ratings', summary: "The rating engine's output on the finished cases' answers, judgements and discretion, and which cases were counted", params: inspectionParams, response: InspectionRatingsSchema, errors: [404], handler: ({ user, params }) => s.ratings.forInspection(user, params.inspectionId!) },
    { method: 'GET', url: '/inspections/:inspectionId/ratings/firmness', tag: 'ratings', summary: "How firm each rating is: every key question's Wilson interval at the sampling plan's confidence level (80% without one) and at 95%, with the finite population correction where the plan gives the population, and whether each case-assessed standard's band holds across the interval of its lowest key question", params: inspectionParams, errors: [404], handler: ({ user, params }) => s.ratings.firmness(user, params.inspectionId!) },

    // Cases
    { method: 'GET', url: '/inspections/:inspectionId/cases', tag: 'cases', summary: 'The sample, filtered by domain, disposal, assessor or state (a local assessor: only the cases assigned to them)', params: inspectionParams, query: caseFilter, errors: [404], handler: ({ user, params, query }) => s.cases.list(user, params.inspectionId!, query) },
    { method: 'POST', url: '/inspections/:inspectionId/cases', tag: 'cases', summary: 'Add a sampled case with a pseudonymous reference (lead inspector)', params: inspectionParams, body: caseInput, status: 201, errors: [403, 404], handler: ({ user, params, body }) => s.cases.create(user, params.inspectionId!, body) },
    { method: 'GET', url: '/cases/:caseId', tag: 'cases', summary: 'A case with its answers', params: caseParams, errors: [404], handler: ({ user, params }) => s.cases.get(user, params.caseId!) },
    { method: 'PUT', url: '/cases/:caseId', tag: 'cases', summary: "Change a case's classification (lead inspector)", params: caseParams, body: caseInput.omit({ assessorId: true }).extend({ version }), errors: [403, 404, 409], handler: ({ user, params, body }) => s.cases.update(user, params.caseId!, body) },
    { method: 'PUT', url: '/cases/:caseId/assessor', tag: 'cases', summary: 'Assign the assessor (lead inspector)', params: caseParams, body: assignInput, errors: [403, 404, 409], handler: ({ user, params, body }) => s.cases.assign(user, params.caseId!, body) },
    { method: 'PUT', url: '/cases/:caseId/answers', tag: 'cases', summary: 'Save answers (all or nothing; 409 lists every stale one)', params: caseParams, body: answersInput, errors: [403, 404, 409], handler: ({ user, params, body }) => s.cases.saveAnswers(user, params.caseId!, body) },
    {
      method: 'PUT', url: '/cases/:caseId/answers/:questionId', tag: 'cases', summary: 'Save one answer to a key question or prompt', params: z.object({ caseId: id, questionId: z.string().max(20) }), body: answerInput.omit({ questionId: true }), errors: [403, 404, 409],
      async handler({ user, params, body }) {
        try {
          const saved = await s.cases.saveAnswers(user, params.caseId!, { answers: [{ ...(body as object), questionId: params.questionId }] });
          return { ...saved.answers[0], caseVersion: saved.caseVersion, caseState: saved.caseState };
        } catch (err) {
          if (err instanceof ConflictError) throw new ConflictError(err.message, (err.current as { answers: unknown[] }).answers[0]);
          throw err;
        }
      },
    },
    { method: 'POST', url: '/cases/:caseId/transitions', tag: 'cases', summary: 'Start, submit, quality assure or return (with a reason) a case', params: caseParams, body: transitionInput, errors: [403, 404, 409], handler: ({ user, params, body }) => s.cases.transition(user, params.caseId!, body) },
    { method: 'POST', url: '/history/:historyId/redaction', tag: 'history', summary: "Redact text typed by mistake from one history entry (site administrator): the text becomes a marker, a new entry records who, when and why", params: z.object({ historyId: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) }), body: historyRedactionInput, errors: [400, 403, 404], handler: ({ user, params, body }) => s.history.redact(user, Number(params.historyId), body) },
    { method: 'GET', url: '/cases/:caseId/history', tag: 'cases', summary: "The case's history: who changed what, when", params: caseParams, errors: [404], handler: ({ user, params }) => s.history.forCase(user, params.caseId!) },

    // Blind double marking (moderation)
    { method: 'GET', url: '/inspections/:inspectionId/moderation', tag: 'moderation', summary: 'The double markings: every one for the team, only your own for a second marker (no answers here)', params: inspectionParams, errors: [404], handler: ({ user, params }) => s.moderation.list(user, params.inspectionId!) },
    { method: 'POST', url: '/inspections/:inspectionId/moderation/selections', tag: 'moderation', summary: 'Choose cases for double marking by hand, each with its second marker (lead inspector; the same case and marker again changes nothing)', params: inspectionParams, body: moderationSelectInput, status: 201, errors: [400, 403, 404], handler: ({ user, params, body }) => s.moderation.select(user, params.inspectionId!, body) },
    { method: 'POST', url: '/inspections/:inspectionId/moderation/share', tag: 'moderation', summary: 'Choose a seeded random share of the sample for double marking (default 10%, at least one case per domain); the markers named take the cases in turn (lead inspector)', params: inspectionParams, body: moderationShareInput, status: 201, errors: [400, 403, 404], handler: ({ user, params, body }) => s.moderation.selectShare(user, params.inspectionId!, body) },
    { method: 'GET', url: '/inspections/:inspectionId/moderation/summary', tag: 'moderation', summary: "Agreement of the double markings both submitted: percentage and Cohen's kappa with its counts, by key question and prompt, by marker pair, overall and by day; the disagreements with both notes and their resolutions", params: inspectionParams, errors: [404], handler: ({ user, params }) => s.moderation.summary(user, params.inspectionId!) },
    { method: 'GET', url: '/cases/:caseId/second-marking', tag: 'moderation', summary: "A case's double marking: the second marker sees their own answers, and the first marker's only once both are submitted; the team sees answers only then", params: caseParams, errors: [404], handler: ({ user, params }) => s.moderation.forCase(user, params.caseId!) },
    { method: 'PUT', url: '/cases/:caseId/second-marking/answers', tag: 'moderation', summary: 'Save the second marking\'s answers (the second marker; all or nothing, 409 when one is stale)', params: caseParams, body: moderationAnswersInput, errors: [400, 403, 404, 409], handler: ({ user, params, body }) => s.moderation.saveAnswers(user, params.caseId!, body) },
    { method: 'POST', url: '/cases/:caseId/second-marking/submission', tag: 'moderation', summary: 'Submit the second marking (the second marker; every question that applies answered)', params: caseParams, body: z.object({ version }), errors: [400, 403, 404, 409], handler: ({ user, params, body }) => s.moderation.submit(user, params.caseId!, body) },
    { method: 'PUT', url: '/cases/:caseId/second-marking/resolutions', tag: 'moderation', summary: 'Resolve a disagreement with an answer and a reason: the answer the ratings count (lead inspector, or an inspector who marked neither; version 0 creates)', params: caseParams, body: moderationResolveInput, errors: [400, 403, 404, 409], handler: ({ user, params, body }) => s.moderation.resolve(user, params.caseId!, body) },

    // Domain 1
    { method: 'GET', url: '/inspections/:inspectionId/evidence', tag: 'domain 1', summary: 'The evidence log', params: inspectionParams, errors: [404], handler: ({ user, params }) => s.domain1.listEvidence(user, params.inspectionId!) },
    { method: 'POST', url: '/inspections/:inspectionId/evidence', tag: 'domain 1', summary: 'Log evidence (lead inspector, inspectors)', params: inspectionParams, body: evidenceInput, status: 201, errors: [403, 404], handler: ({ user, params, body }) => s.domain1.addEvidence(user, params.inspectionId!, body) },
    { method: 'PUT', url: '/evidence/:evidenceId', tag: 'domain 1', summary: 'Change an evidence item', params: z.object({ evidenceId: id }), body: evidenceUpdate, errors: [403, 404, 409], handler: ({ user, params, body }) => s.domain1.updateEvidence(user, params.evidenceId!, body) },
    { method: 'GET', url: '/inspections/:inspectionId/judgements', tag: 'domain 1', summary: 'Judgements on judgement standards', params: inspectionParams, errors: [404], handler: ({ user, params }) => s.domain1.listJudgements(user, params.inspectionId!) },
    { method: 'PUT', url: '/inspections/:inspectionId/judgements/:standardId', tag: 'domain 1', summary: 'Record a judgement with rationale (lead inspector)', params: standardParams, body: judgementInput, errors: [403, 404, 409], handler: ({ user, params, body }) => s.domain1.recordJudgement(user, params.inspectionId!, params.standardId!, body) },

    // Ratings panel
    { method: 'GET', url: '/inspections/:inspectionId/discretion', tag: 'ratings', summary: 'Discretion decisions', params: inspectionParams, errors: [404], handler: ({ user, params }) => s.discretion.list(user, params.inspectionId!) },
    { method: 'PUT', url: '/inspections/:inspectionId/discretion/:standardId', tag: 'ratings', summary: 'Record professional discretion with a reason (ratings panel member)', params: standardParams, body: discretionInput, errors: [403, 404, 409], handler: ({ user, params, body }) => s.discretion.record(user, params.inspectionId!, params.standardId!, body) },
    { method: 'PUT', url: '/inspections/:inspectionId/discretion/:standardId/decline', tag: 'ratings', summary: 'Decline discretion on an eligible standard with a reason: the computed rating stands (ratings panel member)', params: standardParams, body: declineInput, errors: [403, 404, 409], handler: ({ user, params, body }) => s.discretion.decline(user, params.inspectionId!, params.standardId!, body) },
    { method: 'DELETE', url: '/inspections/:inspectionId/discretion/:standardId', tag: 'ratings', summary: 'Withdraw a discretion decision (ratings panel member)', params: standardParams, body: withdrawInput, status: 204, errors: [403, 404, 409], handler: ({ user, params, body }) => s.discretion.withdraw(user, params.inspectionId!, params.standardId!, body) },

    // The report's written parts
    { method: 'GET', url: '/inspections/:inspectionId/findings', tag: 'report text', summary: 'Strengths and areas for improvement, per domain recorded', params: inspectionParams, errors: [404], handler: ({ user, params }) => s.findings.list(user, params.inspectionId!) },
    { method: 'PUT', url: '/inspections/:inspectionId/findings/:domain', tag: 'report text', summary: "Replace a domain's strengths and areas for improvement (lead inspector; version 0 creates)", params: z.object({ inspectionId: id, domain: z.string().max(2) }), body: findingsInput.omit({ domain: true }), errors: [403, 404, 409], handler: ({ user, params, body }) => s.findings.save(user, params.inspectionId!, { ...(body as object), domain: params.domain }) },
    { method: 'GET', url: '/inspections/:inspectionId/report-sections', tag: 'report text', summary: 'The recorded written sections: foreword, background, contextual facts, methodology, introductions, narratives', params: inspectionParams, errors: [404], handler: ({ user, params }) => s.reportText.list(user, params.inspectionId!) },
    { method: 'GET', url: '/inspections/:inspectionId/report-sections/:section', tag: 'report text', summary: 'One section (version 0 and a null body when not recorded)', params: sectionParams, errors: [400, 404], handler: ({ user, params }) => s.reportText.get(user, params.inspectionId!, params.section!) },
    { method: 'PUT', url: '/inspections/:inspectionId/report-sections/:section', tag: 'report text', summary: 'Replace a section (lead inspector; version 0 creates); the body is checked against the report-data schema', params: sectionParams, body: z.object({ body: z.unknown(), version }), errors: [400, 403, 404, 409], handler: ({ user, params, body }) => s.reportText.save(user, params.inspectionId!, { ...(body as object), section: params.section }) },

    // Recommendations
    { method: 'GET', url: '/inspections/:inspectionId/recommendations', tag: 'recommendations', summary: 'Recommendations by addressee', params: inspectionParams, errors: [404], handler: ({ user, params }) => s.recommendations.list(user, params.inspectionId!) },
    { method: 'POST', url: '/inspections/:inspectionId/recommendations', tag: 'recommendations', summary: 'Add a recommendation (lead inspector)', params: inspectionParams, body: recommendationInput, status: 201, errors: [403, 404], handler: ({ user, params, body }) => s.recommendations.add(user, params.inspectionId!, body) },
    { method: 'PUT', url: '/recommendations/:recommendationId', tag: 'recommendations', summary: 'Change a recommendation (lead inspector)', params: z.object({ recommendationId: id }), body: recommendationUpdate, errors: [403, 404, 409], handler: ({ user, params, body }) => s.recommendations.update(user, params.recommendationId!, body) },
    { method: 'POST', url: '/recommendations/:recommendationId/move', tag: 'recommendations', summary: "Move a recommendation one place up or down among its addressee's (lead inspector)", params: z.object({ recommendationId: id }), body: recommendationMove, errors: [403, 404, 409], handler: ({ user, params, body }) => s.recommendations.move(user, params.recommendationId!, body) },
    { method: 'DELETE', url: '/recommendations/:recommendationId', tag: 'recommendations', summary: 'Remove a recommendation (lead inspector)', params: z.object({ recommendationId: id }), body: withdrawInput, status: 204, errors: [403, 404, 409], handler: ({ user, params, body }) => s.recommendations.remove(user, params.recommendationId!, body) },
  ];
}
