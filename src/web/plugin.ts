/**
 * The web application as one Fastify plugin: GOV.UK Frontend pages over the server's services.
 * Register it with the server's app: `buildApp({ store, config }, { plugins: [webPlugin] })`.
 * Every journey is a route module given the RouteContext below: one view environment, one error page.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { csrfRefusal, errorBody, sendError } from '../server/index.js';
import { registerAssets } from './assets.js';
import { renderPage } from './render.js';
import { textFields } from './route.js';
import { accountRoutes } from './routes/accounts.js';
import { assessmentRoutes } from './routes/assessment.js';
import { authRoutes } from './routes/auth.js';
import { caseRoutes } from './routes/cases.js';
import { routeContext } from './routes/common.js';
import { domain1Routes } from './routes/domain1.js';
import { inspectionRoutes } from './routes/inspections.js';
import { inspectionHistoryRoutes } from './routes/inspection-history.js';
import { inspectionDetailsRoutes } from './routes/inspection-details.js';
import { inspectionRemovalRoutes } from './routes/inspection-removal.js';
import { teamRoutes } from './routes/team.js';
import { worklistRoutes } from './routes/worklist.js';
import { notificationRoutes } from './routes/notifications.js';
import { newInspectionRoutes } from './routes/new-inspection.js';
import { phaseRoutes } from './routes/phase.js';
import { ratingRoutes } from './routes/ratings.js';
import { moderationRoutes } from './routes/moderation.js';
import { resettlementRoutes } from './routes/resettlement.js';
import { reportRoutes } from './routes/report.js';
import { findingsRoutes } from './routes/findings.js';
import { recommendationRoutes } from './routes/recommendations.js';
import { reportTextRoutes } from './routes/report-text.js';
import { libraryRoutes } from './library/plugin.js';
import { frameworkRoutes } from './routes/frameworks.js';
import { samplingRoutes } from './sampling/plugin.js';
import { servicesOf, sessionsOf } from './services.js';
import { KeptForms, returnToAfterSignIn, signInUrl, wantsJson } from './session-ended.js';
import { createViewEnvironment } from './views.js';

const ERROR_PAGES: Record<number, { title: string; lines: string[] }> = {
  400: { title: 'There is a problem with what was sent', lines: ['Go back, check the form and try again.'] },
  401: { title: 'You need to sign in', lines: ['Your session may have ended. Sign in again to continue.'] },
  403: { title: 'You do not have permission to do this', lines: ['Your role on this inspection does not allow it. Ask the lead inspector if you think it should.'] },
  404: { title: 'Page not found', lines: ['If you typed the web address, check it is correct.', 'If you pasted the web address, check you copied the entire address.'] },
  413: { title: 'What was sent is too large', lines: ['A file must be smaller than the limit its form states. Go back, choose a smaller file and try again.'] },
  429: { title: 'Too many attempts', lines: ['Wait a few minutes, then try again.'] },
  500: { title: 'Sorry, there is a problem with the service', lines: ['Try again later. Nothing you saved before this has been lost.'] },
};

/** A CSRF refusal for someone signed in: the page is stale, not their role. */
const FORM_EXPIRED = { title: 'This form has expired', lines: ['Go back, reload the page and try again.'] };

export function errorPage(status: number): { title: string; lines: string[] } {
  return ERROR_PAGES[status] ?? (status >= 500 ? ERROR_PAGES[500]! : ERROR_PAGES[400]!);
}

export async function webPlugin(app: FastifyInstance): Promise<void> {
  const env = createViewEnvironment();
  await registerAssets(app);

  // The one error page, set before the journeys: child scopes inherit the handler in force when registered.
  app.setErrorHandler((raw: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const error = csrfRefusal(raw, request) as FastifyError;
    // The autosave asks for JSON: it must be told plainly that nothing was saved, never shown a page.
    if (wantsJson(request)) return sendError(error, request, reply);
    if (error.code === 'session-ended') return sessionEndedPage(request, reply);
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'web page failed');
    const page = typeof error.code === 'string' && error.code.startsWith('FST_CSRF_') ? FORM_EXPIRED : errorPage(status);
    // The server's wording for its own errors (e.g. an expired form's CSRF token), never a stack trace.
    // A 404 never says more than "Page not found": what was looked for is no one else's business.
    const message = errorBody(error).error.message;
    const lines = status < 500 && status !== 404 && message ? [message, ...page.lines] : page.lines;
    return renderPage(env, request, reply, 'pages/error.njk', { pageTitle: page.title, heading: page.title, lines }, status);
  });

  const ctx = routeContext(app, env, servicesOf(app));

  authRoutes(ctx, sessionsOf(app));
  accountRoutes(ctx);
  newInspectionRoutes(ctx);
  inspectionRoutes(ctx);
  inspectionHistoryRoutes(ctx);
  inspectionDetailsRoutes(ctx);
  inspectionRemovalRoutes(ctx);
  teamRoutes(ctx);
  caseRoutes(ctx);
  worklistRoutes(ctx);
  notificationRoutes(ctx);
  assessmentRoutes(ctx, new KeptForms(ctx.services.keptForms));
  resettlementRoutes(ctx);
  domain1Routes(ctx);
  ratingRoutes(ctx);
  moderationRoutes(ctx);
  phaseRoutes(ctx);
  reportRoutes(ctx);
  findingsRoutes(ctx);
  reportTextRoutes(ctx);
  recommendationRoutes(ctx);
  await samplingRoutes(ctx);
  await libraryRoutes(ctx);
  await frameworkRoutes(ctx);

  /**
   * A form post after the session ended (its CSRF cookie gone too): say so, and offer to sign in and come back
   * to the page the form was on. Only the browser can have kept what was typed (the client marks `_kept`): a
   * post that failed the CSRF check is never kept on the server.
   */
  function sessionEndedPage(request: FastifyRequest, reply: FastifyReply): FastifyReply {
    const heading = 'Your session has ended';
    const kept = textFields.parse(request.body)._kept === 'local';
    const lines = [
      'You have been signed out, so what you sent was not saved.',
      kept ? 'What you typed has been kept in this browser and will be put back when you sign in again.' : 'What you typed on that page could not be kept: sign in again and enter it again.',
    ];
    return renderPage(env, request, reply, 'pages/error.njk', { pageTitle: heading, heading, lines, signIn: signInUrl(returnToAfterSignIn(request), kept ? 'kept' : 'yes') }, 401);
  }

  app.setNotFoundHandler((request, reply) => {
    const page = errorPage(404);
    return renderPage(env, request, reply, 'pages/error.njk', { pageTitle: page.title, heading: page.title, lines: page.lines }, 404);
  });
}
