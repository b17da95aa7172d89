/**
 * CSRF protection for every form post: a token from `reply.generateCsrf()` (views put it in a hidden
 * `_csrf` field) checked on each unsafe request that is not JSON. JSON requests need no token: a browser
 * cannot send them cross-site without a CORS preflight, which this server never grants.
 */
import csrf from '@fastify/csrf-protection';
import type { FastifyInstance } from 'fastify';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function isJson(contentType: string | undefined): boolean {
  return typeof contentType === 'string' && /^application\/(.+\+)?json\b/i.test(contentType.trim());
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
