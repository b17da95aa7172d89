/**
 * Server-side sessions: an opaque token in an HttpOnly, SameSite=Lax cookie (Secure over HTTPS); the
 * database holds only its hash. Loads `request.user` (account and roles) for every request.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services, User } from '../../app/index.js';

export const SESSION_COOKIE = 'yjinspect_session';

export interface SessionHooks {
  /** Set the session cookie for a new session token. */
  start(reply: FastifyReply, token: string, expiresAt: string): void;
  /** The current session token, if any. */
  token(request: FastifyRequest): string | undefined;
  /** Clear the session cookie. */
  end(reply: FastifyReply): void;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, or null. */
    user: User | null;
  }
  interface FastifyInstance {
    services: Services;
    sessions: SessionHooks;
  }
}

export const sessionHooks: SessionHooks = {
  start(reply, token, expiresAt) {
    void reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: 'auto',
      expires: new Date(expiresAt),
    });
  },
  token(request) {
    const t = request.cookies[SESSION_COOKIE];
    return t && t.length <= 200 ? t : undefined;
  },
  end(reply) {
    void reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: 'auto' });
  },
};

export function setUpSessions(app: FastifyInstance, services: Services): void {
  app.decorate('sessions', sessionHooks);
  app.decorateRequest('user', null);
  app.addHook('onRequest', async (request) => {
    const token = sessionHooks.token(request);
    request.user = token ? await services.accounts.userForSession(token) : null;
  });
}
