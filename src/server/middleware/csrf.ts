/**
 * CSRF protection for every form post: a token from `reply.generateCsrf()` (views put it in a hidden
 * `_csrf` field) checked on each unsafe request that is not JSON. JSON requests need no token: a browser
 * cannot send them cross-site without a CORS preflight, which this server never grants.
 */
import csrf from '@fastify/csrf-protection';
import type { FastifyInstance, FastifyRequest } from 'fastify';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * A form post refused by the CSRF check from someone not signed in: after a session ends the CSRF cookie is
 * often gone too, and the honest answer is that the session ended, not that the role forbids it.
 */
export class SessionEndedError extends Error {
  readonly statusCode = 401;
  readonly code = 'session-ended';
  constructor() {
    super('Your session has ended, so what you sent was not saved');
  }
}

export function isJson(contentType: string | undefined): boolean {
  return typeof contentType === 'string' && /^application\/(.+\+)?json\b/i.test(contentType.trim());
}

/** The CSRF refusal as it should be told: an ended session when nobody is signed in (the plugin sends its own 403). */
export function csrfRefusal<E>(err: E, request: FastifyRequest): E | SessionEndedError {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('FST_CSRF_') && !request.user ? new SessionEndedError() : err;
}

export async function setUpCsrf(app: FastifyInstance): Promise<void> {
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'yjinspect_csrf',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', secure: 'auto', signed: false },
  });
  app.addHook('preValidation', (request, reply, done) => {
    if (!UNSAFE.has(request.method) || isJson(request.headers['content-type'])) return done();
    app.csrfProtection(request, reply, done);
  });
}
