/**
 * A JSON API route declared as data: method, path, the Zod schemas of its parameters and body, and the
 * handler. The same declaration registers the Fastify route and writes its part of the OpenAPI document.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { UnauthenticatedError } from '../../app/index.js';
import { parse, type User } from '../../app/index.js';

export interface HandlerContext {
  readonly user: User;
  readonly params: Record<string, string>;
  readonly query: Record<string, unknown>;
  readonly body: unknown;
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
}

export interface ApiRoute {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Fastify path under /api/v1, e.g. `/cases/:caseId`. */
  readonly url: string;
  readonly summary: string;
  readonly tag: string;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly body?: z.ZodType;
  /** The response body, when documented precisely. */
  readonly response?: z.ZodType;
  /** Success status (default 200; 204 sends no body). */
  readonly status?: number;
  /** Callable without signing in. */
  readonly public?: boolean;
  /** Statuses other than success this route can answer with, for the document. */
  readonly errors?: readonly number[];
  handler(c: HandlerContext): Promise<unknown>;
}

export function registerRoutes(api: FastifyInstance, routes: readonly ApiRoute[]): void {
  for (const r of routes) {
    api.route({
      method: r.method,
      url: r.url,
      handler: async (request, reply) => {
        if (!r.public && !request.user) throw new UnauthenticatedError('Sign in first: POST /api/v1/session with your email and password');
        const params = r.params ? parse(r.params, request.params) : (request.params as Record<string, string>);
        const query = r.query ? parse(r.query, request.query) : {};
        const result = await r.handler({ user: request.user!, params: params as Record<string, string>, query: query as Record<string, unknown>, body: request.body ?? {}, request, reply });
        if (r.status === 204) return reply.code(204).send();
        return reply.code(r.status ?? 200).send(result);
      },
    });
  }
}

const errorBody = z.object({
  error: z.object({
    status: z.int(),
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    current: z.unknown().optional().meta({ description: 'On 409: the record as it is now.' }),
  }),
});

const ERROR_TEXT: Record<number, string> = {
  400: 'Bad input: each bad field is named with what is wrong',
  401: 'Not signed in',
  403: 'Your role does not allow this, or the inspection is published',
  404: 'Not found (or not visible to you)',
  409: 'Stale version: someone else changed it; `current` holds the record as it is now',
  413: 'Body too large',
  429: 'Too many failed sign-in attempts',
};

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): unknown {
  const s = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  delete s.$schema;
  return s;
}

/** The OpenAPI 3.1 document, generated from the route declarations. */
export function openApiDocument(routes: readonly ApiRoute[], version: string): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = `/api/v1${r.url}`.replace(/:([A-Za-z]+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [name, s] of Object.entries(r.params?.shape ?? {})) {
      parameters.push({ name, in: 'path', required: true, schema: jsonSchema(s as z.ZodType, 'input') });
    }
    for (const [name, s] of Object.entries(r.query?.shape ?? {})) {
      parameters.push({ name, in: 'query', required: !(s as z.ZodType).safeParse(undefined).success, schema: jsonSchema(s as z.ZodType, 'input') });
    }
    const status = String(r.status ?? 200);
    const responses: Record<string, unknown> = {
      [status]: status === '204' ? { description: 'Done' } : { description: 'OK', content: { 'application/json': { schema: r.response ? jsonSchema(r.response, 'output') : {} } } },
    };
    const errs = new Set<number>([...(r.public ? [] : [401]), ...(r.params || r.query || r.body ? [400] : []), ...(r.errors ?? [])]);
    for (const e of [...errs].sort()) {
      responses[String(e)] = { description: ERROR_TEXT[e] ?? 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    }
    paths[path] ??= {};
    paths[path][r.method.toLowerCase()] = {
      summary: r.summary,
      tags: [r.tag],
      operationId: `${r.method.toLowerCase()}${r.url.replace(/[/:]+([a-zA-Z])/g, (_m, c: string) => c.toUpperCase())}`,
      ...(parameters.length ? { parameters } : {}),
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(r.body, 'input') } } } } : {}),
      ...(r.public ? { security: [] } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'yjinspect API',
      version,
      description:
        'Run a youth justice inspection: cases, answers, domain 1 evidence, discretion, recommendations, ratings. ' +
        'Sign in with POST /api/v1/session; the session cookie authenticates later calls. Every editable record has a ' +
        '`version`: send the one you last saw (0 for a new record); a stale one gets 409 with the current value.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'yjinspect_session' } },
      schemas: { Error: jsonSchema(errorBody, 'output') },
    },
    security: [{ session: [] }],
    paths,
  };
}
