/**
 * When a session ends while a page is open: where to sign in again (and come back), what the sign-in page
 * says, and the form bodies kept for a post that arrived after the session ended.
 *
 * A kept body is keyed to a one-time token that travels in the returnTo, and bound to this browser by a
 * cookie: a token alone (a link someone was sent) restores nothing, so this cannot be used to put someone
 * else's answers into a page. Kept in the database for an hour at most.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { KeptFormService } from '../app/index.js';

/** Why the sign-in page is shown: the session ended and what was typed was kept, or could not be. */
export type Ended = 'kept' | 'lost' | 'yes';

export const ENDED_MESSAGES: Record<Ended, string> = {
  kept: 'You have been signed out. Sign in again to continue; what you typed has been kept.',
  lost: 'You have been signed out. Sign in again to continue. What you typed on the last page could not be kept: enter it again.',
  yes: 'You have been signed out. Sign in again to continue.',
};

/** The sign-in page's message for its `ended` query value, if any. */
export function endedMessage(value: unknown): string | undefined {
  return typeof value === 'string' && value in ENDED_MESSAGES ? ENDED_MESSAGES[value as Ended] : undefined;
}

/** The sign-in page that brings the user back to `returnTo` (a path on this site). */
export function signInUrl(returnTo: string, ended?: Ended): string {
  const q = new URLSearchParams({ returnTo });
  if (ended) q.set('ended', ended);
  return `/sign-in?${q.toString()}`;
}

/**
 * Where to come back to after signing in again from this request: itself when it is a GET, else the page the
 * form was on when that page has the form's own address (most do), else the list of inspections.
 */
export function returnToAfterSignIn(request: FastifyRequest): string {
  if (request.method === 'GET') return request.url;
  const pattern = request.routeOptions.url;
  return pattern && request.server.hasRoute({ method: 'GET', url: pattern }) ? pathOf(request) : '/inspections';
}

/** The path of a request, without its query. */
export function pathOf(request: FastifyRequest): string {
  return request.url.split('?')[0] ?? '/';
}

/** The client's autosave asks for JSON; pages are HTML. */
export function wantsJson(request: FastifyRequest): boolean {
  return /\bapplication\/json\b/i.test(request.headers.accept ?? '');
}

const KEEP_COOKIE = 'yjinspect_kept';

/**
 * The browser side of the kept forms (src/app/kept-forms): the cookie a kept form is bound to. The forms
 * themselves are in the database, so the sign-in that follows may reach any instance.
 */
export class KeptForms {
  constructor(private readonly forms: KeptFormService) {}

  /** Keep `fields` for `path`; the one-time token for the returnTo, or null when it cannot be kept. */
  async keep(request: FastifyRequest, reply: FastifyReply, path: string, fields: Record<string, string>): Promise<string | null> {
    let browser = request.cookies[KEEP_COOKIE];
    if (!browser || browser.length > 100) {
      browser = randomBytes(24).toString('base64url');
      void reply.setCookie(KEEP_COOKIE, browser, { path: '/', httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: 60 * 60 });
    }
    return this.forms.keep(browser, path, fields);
  }

  /** The fields kept under `token` for `path` by this browser, once; null otherwise. */
  claim(request: FastifyRequest, path: string, token: unknown): Promise<Record<string, string> | null> {
    return this.forms.claim(request.cookies[KEEP_COOKIE], path, token);
  }
}
