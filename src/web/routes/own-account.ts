/**
 * Your own account (/account, linked from your name in the header): who you are, the inspections and roles you
 * hold, and changing your password. The accounts service checks the current password, applies the password
 * rules, ends your other sessions and records the change in history.
 */
import type { FastifyReply } from 'fastify';
import type { WebRequest } from '../route.js';
import { TooManyRequestsError } from '../../app/index.js';
import { PHASE_LABELS, ROLE_LABELS } from '../labels.js';
import { sessionsOf, type User } from '../services.js';
import { formBody, formErrors, isValidation, page, type FormErrors, type RouteContext } from './common.js';

/** The form's fields in page order, so the error summary follows the page. */
const FIELDS = ['currentPassword', 'newPassword'] as const;

const NAV = [{ text: 'Inspections', href: '/inspections' }, { text: 'Library of published inspections', href: '/library' }];

export function ownAccountRoutes(ctx: RouteContext): void {
  const { app, signedIn, services } = ctx;
  const sessions = sessionsOf(app);

  const accountPage = async (request: WebRequest, reply: FastifyReply, user: User, opts: { values?: Record<string, string>; errors?: FormErrors; status?: number } = {}) => {
    // The site administrator can read every inspection; list only those the person holds a role on.
    const held = (await services.inspections.list(user)).filter((i) => i.myRoles.length > 0);
    const done = request.query.done;
    return page(ctx, request, reply, 'pages/own-account.njk', {
      pageTitle: 'Your account',
      navigation: NAV,
      account: user,
      inspections: held.map((i) => ({
        title: i.title,
        href: `/inspections/${encodeURIComponent(i.id)}`,
        serviceName: i.serviceName,
        phase: PHASE_LABELS[i.phase] ?? i.phase,
        roles: i.myRoles.map((r) => ROLE_LABELS[r] ?? r),
      })),
      values: opts.values ?? {},
      errors: opts.errors?.errors ?? [],
      fieldErrors: opts.errors?.fieldErrors ?? {},
      flash: !opts.errors && done === 'password' ? 'Your password was changed. You were signed out everywhere else and stay signed in here.' : undefined,
    }, opts.status ?? 200);
  };

  signedIn.get('/account', async (request, reply) => {
    const { user } = request;
    return accountPage(request, reply, user);
  });

  signedIn.post('/account/password', async (request, reply) => {
    const { user } = request;
    const body = formBody(request);
    const values = { currentPassword: body.currentPassword ?? '', newPassword: body.newPassword ?? '' };
    try {
      await services.accounts.changeOwnPassword(user, values, { sessionToken: sessions.token(request), ip: request.ip, deviceCookie: sessions.device(request) });
    } catch (err) {
      if (isValidation(err)) {
        const order = (f: string) => { const i = (FIELDS as readonly string[]).indexOf(f); return i < 0 ? FIELDS.length : i; };
        const fields = [...err.fields].sort((a, b) => order(a.field) - order(b.field));
        // A wrong current password is not shown back; a new one is kept so nothing else typed is lost.
        const kept = fields.some((f) => f.field === 'currentPassword') ? { ...values, currentPassword: '' } : values;
        return accountPage(request, reply, user, { values: kept, errors: formErrors(fields.map((f) => [f.field || 'currentPassword', f.message] as [string, string])), status: 400 });
      }
      if (err instanceof TooManyRequestsError) {
        void reply.header('retry-after', String(err.retryAfterSeconds));
        return accountPage(request, reply, user, { values: { ...values, currentPassword: '' }, errors: formErrors([['currentPassword', err.message]]), status: 429 });
      }
      throw err;
    }
    return reply.redirect('/account?done=password', 303);
  });
}
