/**
 * The web application as one Fastify plugin: GOV.UK Frontend pages over the server's services.
 * Register it with the server's app: `buildApp({ store, config }, { plugins: [webPlugin] })`.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from '../server/middleware/errors.js';
import { registerAssets } from './assets.js';
import { renderPage } from './render.js';
import { accountRoutes } from './routes/accounts.js';
import { assessmentRoutes } from './routes/assessment.js';
import { authRoutes } from './routes/auth.js';
import { caseRoutes } from './routes/cases.js';
import type { RouteContext } from './routes/common.js';
import { domain1Routes } from './routes/domain1.js';
import { inspectionRoutes } from './routes/inspections.js';
import { inspectionHistoryRoutes } from './routes/inspection-history.js';
import { inspectionDetailsRoutes } from './routes/inspection-details.js';
import { teamRoutes } from './routes/team.js';
import { newInspectionRoutes } from './routes/new-inspection.js';
import { phaseRoutes } from './routes/phase.js';
import { ratingRoutes } from './routes/ratings.js';
import { resettlementRoutes } from './routes/resettlement.js';
import { reportRoutes } from './routes/report.js';
import { findingsRoutes } from './routes/findings.js';
import { recommendationRoutes } from './routes/recommendations.js';
import { reportTextRoutes } from './routes/report-text.js';
import { servicesOf, sessionsOf } from './services.js';
import { createViewEnvironment } from './views.js';

const ERROR_PAGES: Record<number, { title: string; lines: string[] }> = {
  400: { title: 'There is a problem with what was sent', lines: ['Go back, check the form and try again.'] },
  401: { title: 'You need to sign in', lines: ['Your session may have ended. Sign in again to continue.'] },
  403: { title: 'You do not have permission to do this', lines: ['Your role on this inspection does not allow it. Ask the lead inspector if you think it should.'] },
  404: { title: 'Page not found', lines: ['If you typed the web address, check it is correct.', 'If you pasted the web address, check you copied the entire address.'] },
  413: { title: 'What was sent is too large', lines: ['Shorten the text and try again.'] },
  429: { title: 'Too many attempts', lines: ['Wait a few minutes, then try again.'] },
  500: { title: 'Sorry, there is a problem with the service', lines: ['Try again later. Nothing you saved before this has been lost.'] },
};

export function errorPage(status: number): { title: string; lines: string[] } {
  return ERROR_PAGES[status] ?? (status >= 500 ? ERROR_PAGES[500]! : ERROR_PAGES[400]!);
}

export async function webPlugin(app: FastifyInstance): Promise<void> {
  const env = createViewEnvironment();
  await registerAssets(app);

  const ctx: RouteContext = { app, env, services: servicesOf(app) };
  authRoutes(ctx, sessionsOf(app));
  accountRoutes(ctx);
  newInspectionRoutes(ctx);
  inspectionRoutes(ctx);
  inspectionHistoryRoutes(ctx);
  inspectionDetailsRoutes(ctx);
  teamRoutes(ctx);
  caseRoutes(ctx);
  assessmentRoutes(ctx);
  resettlementRoutes(ctx);
  domain1Routes(ctx);
  ratingRoutes(ctx);
  phaseRoutes(ctx);
  reportRoutes(ctx);
  findingsRoutes(ctx);
  reportTextRoutes(ctx);
  recommendationRoutes(ctx);

  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'web page failed');
    const page = errorPage(status);
    // The server's wording for its own errors (e.g. an expired form's CSRF token), never a stack trace.
    const message = errorBody(error).error.message;
    const lines = status < 500 && status !== 404 && message ? [message, ...page.lines] : page.lines;
    return renderPage(env, request, reply, 'pages/error.njk', { pageTitle: page.title, heading: page.title, lines }, status);
  });

  app.setNotFoundHandler((request, reply) => {
    const page = errorPage(404);
    return renderPage(env, request, reply, 'pages/error.njk', { pageTitle: page.title, heading: page.title, lines: page.lines }, 404);
  });
}
