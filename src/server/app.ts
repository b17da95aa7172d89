/**
 * The yjinspect server: one Fastify app built from the store and the configuration. Each concern is set up
 * in order: health, security headers, cookies, form bodies, sessions, CSRF, the JSON API, then the web
 * plugin(s), and the default not-found and error handlers.
 *
 * Errors and 404s under /api are always JSON (the API's own handlers). A web plugin registered through
 * `options.plugins` may set its own not-found and error handlers for everything else (it then owns them
 * for every non-/api path); otherwise plain JSON ones apply.
 */
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import { PdfPrinter, ReportCache } from '../report/index.js';
import { apiRoutes } from './api/routes.js';
import { backupRoute } from './api/backup-route.js';
import { openApiDocument, registerRoutes } from './api/route.js';
import { appConfig, type Config } from './config.js';
import { setUpCsrf } from './middleware/csrf.js';
import { notFoundBody, sendError } from './middleware/errors.js';
import { setUpResponseHeaders } from './middleware/headers.js';
import { refuseUnstorableInput } from './middleware/input.js';
import { setUpSessions } from './middleware/session.js';
import { createServices, type Services, type Store } from '../app/index.js';

export interface AppDeps {
  readonly store: Store;
  readonly config: Config;
}

export interface AppOptions {
  /** Registered after the API, in order (the web pages). */
  readonly plugins?: readonly FastifyPluginAsync[];
  /** Use these services instead of building them from the store. */
  readonly services?: Services;
  /** Where the log goes (default standard output). */
  readonly logStream?: NodeJS.WritableStream;
}

export const API_VERSION = '1.0.0';

export async function buildApp(deps: AppDeps, options: AppOptions = {}): Promise<FastifyInstance> {
  const { store, config } = deps;
  const services =
    options.services ??
    createServices(store, appConfig(config));
  const app = Fastify({
    // Every request with LOG_REQUESTS; otherwise errors only, so that a 500 is never silent.
    logger: { level: config.logger ? 'info' : 'error', ...(options.logStream ? { stream: options.logStream } : {}) },
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    // Requests are short; a stuck client must not hold a connection for ever.
    requestTimeout: 60_000,
  });
  app.decorate('services', services);
  app.decorate('store', store);
  // One browser for every PDF download of this process, and the files of published reports.
  const pdfPrinter = new PdfPrinter();
  app.decorate('pdfPrinter', pdfPrinter);
  app.decorate('reportCache', new ReportCache());
  app.addHook('onClose', async () => pdfPrinter.close());

  // Health first: no session or CSRF work.
  app.get('/health', async (_request, reply) => {
    try {
      await store.query('SELECT 1');
      return { status: 'ok', database: store.kind };
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: store.kind });
    }
  });

  await app.register(helmet, {
    // Assets are served by the app itself; no CDN. The one inline script (GOV.UK's js-enabled class) carries
    // this response's nonce.
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    // Sent by setUpResponseHeaders, only when the request came over HTTPS.
    strictTransportSecurity: false,
  });
  setUpResponseHeaders(app);
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: config.bodyLimit });
  setUpSessions(app, services);
  await setUpCsrf(app);
  refuseUnstorableInput(app);

  const routes = [...apiRoutes(services), backupRoute(store)];
  const openapi = openApiDocument(routes, API_VERSION);
  await app.register(
    async (api) => {
      // Handlers first: child contexts inherit the error handler in force when they are registered.
      api.setNotFoundHandler((request, reply) => reply.code(404).send(notFoundBody(request)));
      api.setErrorHandler((err, request, reply) => sendError(err, request, reply));
      api.get('/openapi.json', async () => openapi);
      await api.register(async (v1) => registerRoutes(v1, routes), { prefix: '/v1' });
    },
    { prefix: '/api' },
  );

  for (const plugin of options.plugins ?? []) await app.register(plugin);

  app.setErrorHandler((err, request, reply) => sendError(err, request, reply));
  try {
    app.setNotFoundHandler((request, reply) => reply.code(404).send(notFoundBody(request)));
  } catch {
    // A web plugin has set its own not-found page for non-/api paths.
  }
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    store: Store;
    pdfPrinter: PdfPrinter;
    reportCache: ReportCache;
  }
}
