/** What every page route shares: the signed-in user, error translation and role-based display. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import { ConflictError, isServiceError, ValidationError } from '../../app/index.js';
import { PHASES, rolesFor, type Action, type Phase, type Role } from '../../core/policy.js';
import { renderPage } from '../render.js';
import { textFields, webRoutes, type WebRoutes } from '../route.js';
import { userOf, type User, type WebServices } from '../services.js';

export interface RouteContext {
  readonly app: FastifyInstance;
  readonly env: nunjucks.Environment;
  readonly services: WebServices;
  /** Pages for a signed-in user: the sign-in preHandler runs first, handlers get `request.user` as a `User`. */
  readonly signedIn: WebRoutes<User>;
  /** Pages anyone may open (signing in and out). */
  readonly open: WebRoutes<User | null>;
}

export function routeContext(app: FastifyInstance, env: nunjucks.Environment, services: WebServices): RouteContext {
  return { app, env, services, signedIn: webRoutes<User>(app, true), open: webRoutes<User | null>(app, false) };
}

/**
 * A journey that needs its own Fastify scope (e.g. its own multipart parser): `setup` gets a context whose
 * routes are registered in a child of the web plugin, so they share its error and not-found pages.
 */
export async function inScope(ctx: RouteContext, setup: (scoped: RouteContext) => void | Promise<void>): Promise<void> {
  await ctx.app.register(async (child) => setup(routeContext(child, ctx.env, ctx.services)));
}


export function rolesOn(user: User, inspectionId: string): Role[] {
  return user.roles.filter((r) => r.inspectionId === inspectionId).map((r) => r.role as Role);
}

/**
 * For showing or hiding controls only, from the same policy table the services enforce (src/core/policy):
 * whether `user` may take `action` on this inspection (and case) in its current phase.
 */
export function may(ctx: Pick<RouteContext, 'services'>, user: User, inspection: { readonly id: string; readonly phase: Phase }, action: Action, onCase?: { readonly assessorId: string | null }): boolean {
  return ctx.services.auth.allows(user, inspection, action, onCase);
}

/**
 * Whether `user` may open what a read action covers, wholly or in part (a local assessor's own cases and
 * history): for links to pages and downloads.
 */
export function opens(ctx: Pick<RouteContext, 'services'>, user: User, inspection: { readonly id: string; readonly phase: Phase }, action: Action): boolean {
  return ctx.services.auth.reads(user, inspection, action) !== 'none';
}

/** Whether `user` holds one of the roles the policy names for `action` on this inspection (phase and case aside). */
export function holds(ctx: Pick<RouteContext, 'services'>, user: User, inspectionId: string, action: Action): boolean {
  const roles = rolesFor(ctx.services.auth.policy, action);
  return rolesOn(user, inspectionId).some((r) => roles.includes(r));
}

export interface FormErrors {
  /** Field → message, for the inline error messages. */
  readonly fieldErrors: Record<string, string>;
  /** For the error summary: each message linking to its field. */
  readonly errors: { text: string; href: string }[];
}

export function formErrors(entries: Iterable<[string, string]>, anchor: (field: string) => string = (f) => f): FormErrors {
  const fieldErrors: Record<string, string> = {};
  const errors: { text: string; href: string }[] = [];
  for (const [field, message] of entries) {
    if (fieldErrors[field]) continue;
    fieldErrors[field] = message;
    errors.push({ text: message, href: `#${anchor(field)}` });
  }
  return { fieldErrors, errors };
}

export function validationErrors(err: ValidationError, anchor?: (field: string) => string): FormErrors {
  return formErrors(err.fields.map((f) => [f.field || 'form', f.message] as [string, string]), anchor);
}

export function isValidation(err: unknown): err is ValidationError {
  return err instanceof ValidationError;
}

export function isConflict(err: unknown): err is ConflictError {
  return err instanceof ConflictError;
}

export { isServiceError };

export function page(ctx: RouteContext, request: FastifyRequest, reply: FastifyReply, template: string, context: Record<string, unknown>, status = 200): FastifyReply {
  const user = userOf(request);
  const navigation = Array.isArray(context.navigation) && user ? readableNav(ctx, user, context.navigation as NavItem[], context.inspection) : context.navigation;
  return renderPage(ctx.env, request, reply, template, { ...context, navigation }, status);
}

interface NavItem {
  readonly text: string;
  readonly href: string;
  readonly active: boolean;
  /** The read the page behind the link needs. */
  readonly read?: Action;
}

/**
 * The inspection's navigation without the pages `user` may not open (e.g. a local assessor's before
 * publication). The page's `inspection` gives the phase; without it, only what the user reads in every phase.
 */
function readableNav(ctx: RouteContext, user: User, items: readonly NavItem[], inspection: unknown): NavItem[] {
  const ins = inspection as { id?: unknown; phase?: unknown; kind?: unknown } | undefined;
  const phases: readonly Phase[] = typeof ins?.phase === 'string' && (PHASES as readonly string[]).includes(ins.phase) ? [ins.phase as Phase] : PHASES;
  const id = typeof ins?.id === 'string' ? ins.id : /^\/inspections\/([^/]+)/.exec(items[0]?.href ?? '')?.[1];
  if (!id) return [...items];
  const inspectionId = decodeURIComponent(id);
  const readable = items.filter((i) => !i.read || phases.every((phase) => opens(ctx, user, { id: inspectionId, phase }, i.read!)));
  // A case audit has no domain 1 and no ratings panel: its ratings page is its results, beside earlier audits.
  if (ins?.kind !== 'case audit') return readable;
  return readable.filter((i) => !i.href.endsWith('/evidence')).map((i) => (i.href.endsWith('/ratings') ? { ...i, text: 'Results' } : i));
}

/** Body of a form post as a flat record of strings (repeated fields keep their first value). */
export function formBody(request: FastifyRequest): Record<string, string> {
  return textFields.parse(request.body);
}

/** The inspection's navigation; `page` leaves out the links the signed-in user may not open (`read`). */
export function inspectionNav(inspectionId: string, current: 'overview' | 'work' | 'cases' | 'evidence' | 'ratings' | 'report'): NavItem[] {
  const base = `/inspections/${encodeURIComponent(inspectionId)}`;
  return [
    { text: 'Overview', href: base, active: current === 'overview' },
    { text: 'My work', href: `${base}/my-work`, active: current === 'work', read: 'case.read' },
    { text: 'Cases', href: `${base}/cases`, active: current === 'cases', read: 'case.read' },
    { text: 'Domain 1 evidence', href: `${base}/evidence`, active: current === 'evidence', read: 'domain1.read' },
    { text: 'Ratings panel', href: `${base}/ratings`, active: current === 'ratings', read: 'ratings.read' },
    { text: 'Report', href: `${base}/report`, active: current === 'report', read: 'report.read' },
    // The library's benchmark of this inspection (its live ratings, or once published its library entry).
    { text: 'Benchmark', href: `${base}/benchmark`, active: false, read: 'ratings.read' },
  ];
}

/**
 * Site administrators only: null for them; for anyone else the 403 page, saying why (`lines`), sent before
 * anything is read. The services refuse the changes too.
 */
export function adminOnly(ctx: RouteContext, request: FastifyRequest, reply: FastifyReply, user: User, lines: readonly string[]): FastifyReply | null {
  if (user.isAdmin) return null;
  const heading = 'You do not have permission to do this';
  return page(ctx, request, reply, 'pages/error.njk', { pageTitle: heading, heading, lines }, 403);
}

/**
 * A form page the user cannot use (published, or not their role): say why instead of showing controls that
 * the service would refuse.
 */
export function cannotChange(ctx: RouteContext, request: FastifyRequest, reply: FastifyReply, phase: string, roleWords: string, backLink: string): FastifyReply {
  const heading = 'You cannot change this';
  const why = phase === 'published' ? 'The inspection is published: everything is read-only.' : `Only ${roleWords} can do this.`;
  return page(ctx, request, reply, 'pages/error.njk', { pageTitle: heading, heading, lines: [why], backLink }, 403);
}
