/**
 * The web pages use the server's services (src/server/services) for every read and write: they check
 * roles and versions, validate, and record history. Nothing in src/web talks to the database.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services, User } from '../app/index.js';
import type { SessionHooks } from '../server/index.js';

export type { User, SessionHooks };
export type WebServices = Services;

/** The services the server decorated the app with (see buildApp). */
export function servicesOf(app: FastifyInstance): WebServices {
  const s = (app as Partial<FastifyInstance>).services;
  if (!s) throw new Error('yjinspect web: register webPlugin through buildApp, which provides the services');
  return s;
}

export function sessionsOf(app: FastifyInstance): SessionHooks {
  const s = (app as Partial<FastifyInstance>).sessions;
  if (!s) throw new Error('yjinspect web: register webPlugin through buildApp, which provides sessions');
  return s;
}

export function userOf(request: FastifyRequest): User | null {
  return request.user ?? null;
}
