/**
 * Server-side sessions: an opaque token in an HttpOnly, SameSite=Lax cookie (Secure over HTTPS); the
 * database holds only its hash. Loads `request.user` (account and roles) for every request.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services, User } from '../../app/index.js';

export const SESSION_COOKIE = 'yjinspect_session';
/** Set on a successful sign-in: lets this browser past its account's lock (services/sign-in-throttle.ts). */
export const DEVICE_COOKIE = 'yjinspect_device';
const DEVICE_DAYS = 180;

export interface SessionHooks {
  /** Set the session cookie for a new session token (and the device cookie, when given). */
  start(reply: FastifyReply, token: string, expiresAt: string, deviceCookie?: string): void;
  /** The device cookie as sent, if any. */
  device(request: FastifyRequest): string | undefined;
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
  start(reply, token, expiresAt, deviceCookie) {
    void reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: 'auto',
      expires: new Date(expiresAt),
    });
    if (deviceCookie) {
      void reply.setCookie(DEVICE_COOKIE, deviceCookie, { path: '/', httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: DEVICE_DAYS * 24 * 3600 });
    }
  },
  device(request) {
    const d = request.cookies[DEVICE_COOKIE];
    return d && d.length <= 200 ? d : undefined;
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
