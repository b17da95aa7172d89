/** Rendering a page: the common context every view gets (signed-in user, CSRF token, CSP nonce). */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';

export interface PageUser {
  readonly id?: string;
  readonly email?: string;
  readonly displayName?: string;
  readonly unreadNotifications?: number;
}

export function currentUser(request: FastifyRequest): PageUser | undefined {
  return (request as FastifyRequest & { user?: PageUser | null }).user ?? undefined;
}

/** A token for the form's hidden _csrf field, when the server has CSRF protection registered. */
export function csrfToken(reply: FastifyReply): string {
  const r = reply as FastifyReply & { generateCsrf?: () => string };
  return typeof r.generateCsrf === 'function' ? r.generateCsrf() : '';
}

function cspNonce(reply: FastifyReply): string | undefined {
  const n = (reply as FastifyReply & { cspNonce?: { script?: string } }).cspNonce;
  return n?.script;
}

export function renderPage(
  env: nunjucks.Environment,
  request: FastifyRequest,
  reply: FastifyReply,
  template: string,
  context: Record<string, unknown>,
  status = 200,
): FastifyReply {
  const html = env.render(template, {
    user: currentUser(request),
    csrfToken: csrfToken(reply),
    cspNonce: cspNonce(reply),
    // Counted by the session lookup (no statement of its own).
    unreadNotifications: currentUser(request)?.unreadNotifications,
    ...context,
  });
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
}
