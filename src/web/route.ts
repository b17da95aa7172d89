/**
 * Typed page routes. A route module declares once whether its pages need a signed-in user (`ctx.signedIn`) or
 * not (`ctx.open`); the sign-in preHandler then redirects anyone else to the sign-in page, and handlers get
 * `request.user` typed as a `User`. Params come from the path (`/cases/:caseId` gives `request.params.caseId`),
 * the query string and a form body are parsed by Zod schemas (text fields by default), so no handler casts.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { safeReturnTo } from './routes/auth.js';
import type { User } from './services.js';
import { returnToAfterSignIn, signInUrl } from './session-ended.js';

/** A form's or a query string's fields as text: a repeated field keeps its first value, anything else is left out. */
export const textFields = z.preprocess((value) => {
  const out: Record<string, string> = {};
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === 'string') out[k] = v;
      else if (Array.isArray(v) && typeof v[0] === 'string') out[k] = v[0];
    }
  }
  return out;
}, z.record(z.string(), z.string()));

export type TextFields = z.output<typeof textFields>;

type Before<S extends string, C extends string> = S extends `${infer H}${C}${string}` ? H : S;
type ParamName<S extends string> = Before<Before<S, '/'>, '.'>;
type ParamEntry<N extends string> = N extends `${infer O}?` ? { [K in O]?: string } : { [K in N]: string };
type Flat<T> = { [K in keyof T]: T[K] };

/** The params a path names: `/inspections/:inspectionId/cases/:caseId` gives `{ inspectionId: string; caseId: string }`. */
export type PathParams<P extends string> = Flat<
  P extends `${string}:${infer Rest}`
    ? ParamEntry<ParamName<Rest>> & PathParams<Rest extends `${string}/${infer Tail}` ? `/${Tail}` : ''>
    : unknown
>;

export type WebRequest<P = unknown, Q = TextFields, B = unknown> = FastifyRequest<{ Params: P; Querystring: Q; Body: B }>;

/** A request on a signed-in route: the preHandler has made sure of the user. */
export type SignedInRequest<P = unknown, Q = TextFields, B = unknown> = WebRequest<P, Q, B> & { user: User };

export type WebHandler<Req> = (request: Req, reply: FastifyReply) => Promise<unknown>;

type Req<U, P, Q, B> = U extends User ? SignedInRequest<P, Q, B> : WebRequest<P, Q, B>;

export interface RouteSchemas<Q, B> {
  /** The query string (default: its text fields). */
  readonly query?: z.ZodType<Q>;
  /** A posted body (default: the form's text fields). */
  readonly body?: z.ZodType<B>;
}

/**
 * What a signed-in route does for a request without a session instead of the sign-in redirect (e.g. keep a
 * form's answers first). It is part of the one sign-in check: the handler itself still always has a user.
 */
export type SignedOut = (request: FastifyRequest, reply: FastifyReply) => FastifyReply | Promise<FastifyReply>;

export interface SignedInSchemas<Q, B> extends RouteSchemas<Q, B> {
  readonly signedOut?: SignedOut;
}

type Schemas<U, Q, B> = U extends User ? SignedInSchemas<Q, B> : RouteSchemas<Q, B>;

/** Page routes whose handlers see `request.user` as `U` (a `User` behind the sign-in preHandler). */
export interface WebRoutes<U extends User | null> {
  get<Path extends string, Q = TextFields>(url: Path, handler: WebHandler<Req<U, PathParams<Path>, Q, unknown>>): void;
  get<Path extends string, Q = TextFields>(url: Path, schemas: Pick<Schemas<U, Q, never>, 'query'>, handler: WebHandler<Req<U, PathParams<Path>, Q, unknown>>): void;
  post<Path extends string, B = TextFields, Q = TextFields>(url: Path, handler: WebHandler<Req<U, PathParams<Path>, Q, B>>): void;
  post<Path extends string, B = TextFields, Q = TextFields>(url: Path, schemas: Schemas<U, Q, B>, handler: WebHandler<Req<U, PathParams<Path>, Q, B>>): void;
}

/**
 * The one sign-in check: without a session, to the sign-in page, which brings a GET back to where it was and
 * a form post back to the page the form was on (through the same safe returnTo as the sign-in form). A form
 * posted with no session means the session ended while the page was open, and the sign-in page says so.
 */
export async function requireSignIn(request: FastifyRequest, reply: FastifyReply, signedOut?: SignedOut): Promise<FastifyReply | undefined> {
  if (request.user) return undefined;
  if (signedOut) return signedOut(request, reply);
  return reply.redirect(signInUrl(safeReturnTo(returnToAfterSignIn(request)), request.method === 'GET' ? undefined : 'lost'), 303);
}

function paramsSchema(url: string): z.ZodType {
  const shape: Record<string, z.ZodType> = {};
  for (const m of url.matchAll(/:(\w+)(\?)?/g)) shape[m[1]!] = m[2] ? z.string().optional() : z.string();
  return z.object(shape);
}

/** A value a schema refuses: a 400 whose message names the field, never a 500. */
function parse(schema: z.ZodType, value: unknown, part: string): unknown {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.map(String).join('.') || part;
  const message = issue && !issue.message.startsWith('Invalid') ? issue.message : `Check ${field} and try again`;
  throw Object.assign(new Error(message), { statusCode: 400 });
}

export function webRoutes<U extends User | null>(app: FastifyInstance, signIn: boolean): WebRoutes<U> {
  const add = (method: 'GET' | 'POST') => (url: string, a: unknown, b?: unknown): void => {
    const schemas = (b === undefined ? {} : a) as SignedInSchemas<unknown, unknown>;
    const handler = (b === undefined ? a : b) as (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
    const params = paramsSchema(url);
    const query = schemas.query ?? textFields;
    const body = method === 'POST' ? (schemas.body ?? textFields) : null;
    app.route({
      method,
      url,
      preHandler: [
        ...(signIn ? [(request: FastifyRequest, reply: FastifyReply) => requireSignIn(request, reply, schemas.signedOut)] : []),
        async (request: FastifyRequest) => {
          request.params = parse(params, request.params, 'params');
          request.query = parse(query, request.query, 'query');
          if (body) request.body = parse(body, request.body, 'body');
        },
      ],
      handler,
    });
  };
  return { get: add('GET'), post: add('POST') } as WebRoutes<U>;
}
