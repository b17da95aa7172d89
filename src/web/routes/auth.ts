/** Sign in and sign out. The session itself (cookie, database row) belongs to the server. */
import { TooManyRequestsError, UnauthenticatedError } from '../../app/index.js';
import { formBody, formErrors, isValidation, page, validationErrors, type RouteContext } from './common.js';
import { userOf, type SessionHooks } from '../services.js';
import { endedMessage } from '../session-ended.js';

const HOME = '/inspections';
const THIS_SITE = 'http://this-site.invalid';

/**
 * Where to go after signing in: only a path on this site, never another host. Decided on the URL as a browser
 * reads it (the WHATWG parser drops tabs and newlines and reads \ as /, so `/\t/evil` is `//evil`), and given
 * back in that parsed, ASCII-only form, which is what the Location header carries.
 */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.length > 2000) return HOME;
  let url: URL;
  try {
    url = new URL(value, THIS_SITE);
  } catch {
    return HOME;
  }
  if (url.origin !== THIS_SITE) return HOME;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // `/.//evil` parses to the path `//evil`, which a browser would read as another host.
  return /^\/[^/\\]|^\/$/.test(path) ? path : HOME;
}

export function authRoutes(ctx: RouteContext, session: SessionHooks): void {
  const { open, services } = ctx;

  open.get('/', async (request, reply) => reply.redirect(userOf(request) ? '/inspections' : '/sign-in', 303));

  open.get('/sign-in', async (request, reply) => {
    const q = request.query;
    if (userOf(request)) return reply.redirect(safeReturnTo(q.returnTo), 303);
    return page(ctx, request, reply, 'pages/sign-in.njk', { pageTitle: 'Sign in', returnTo: safeReturnTo(q.returnTo), ended: endedMessage(q.ended), values: {}, fieldErrors: {} });
  });

  open.post('/sign-in', async (request, reply) => {
    const body = formBody(request);
    const returnTo = safeReturnTo(body.returnTo);
    const again = (errs: { fieldErrors: Record<string, string>; errors: { text: string; href: string }[] }, status: number) =>
      page(ctx, request, reply, 'pages/sign-in.njk', { pageTitle: 'Sign in', returnTo, values: { email: body.email ?? '' }, ...errs }, status);
    try {
      const signed = await services.accounts.signIn(body.email ?? '', body.password ?? '', request.ip, session.device(request));
      session.start(reply, signed.token, signed.expiresAt, signed.deviceCookie);
      return reply.redirect(returnTo, 303);
    } catch (err) {
      if (isValidation(err)) return again(validationErrors(err), 400);
      if (err instanceof UnauthenticatedError) return again(formErrors([['email', err.message]]), 401);
      if (err instanceof TooManyRequestsError) {
        void reply.header('retry-after', String(err.retryAfterSeconds));
        return again(formErrors([['email', err.message]]), 429);
      }
      throw err;
    }
  });

  open.get('/sign-out', async (request, reply) => {
    if (!userOf(request)) return reply.redirect('/sign-in', 303);
    return page(ctx, request, reply, 'pages/sign-out.njk', { pageTitle: 'Sign out' });
  });

  open.post('/sign-out', async (request, reply) => {
    const token = session.token(request);
    if (token) await services.accounts.signOut(token);
    session.end(reply);
    return page(ctx, request, reply, 'pages/signed-out.njk', { pageTitle: 'You have signed out', user: null });
  });
}
